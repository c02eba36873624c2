/**
 * A light scenario editor: a textarea with a line-number gutter, the lines with errors marked in
 * the gutter, and the errors listed under it (click one to put the caret there). No CodeMirror:
 * a few hundred bytes instead of a few hundred kilobytes. Text only: errors are rendered as text.
 *
 * @module
 */
import { useId, useRef } from 'react';

export interface EditorError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ScenarioEditorProps {
  readonly text: string;
  readonly errors: readonly EditorError[];
  /** The line about to run, highlighted in the gutter while playing. */
  readonly currentLine?: number;
  readonly onChange: (text: string) => void;
}

/** The character offset of line:column in `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += (lines[i] as string).length + 1;
  return offset + column - 1;
}

export function ScenarioEditor({ text, errors, currentLine, onChange }: ScenarioEditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const count = text.split('\n').length;
  const bad = new Set(errors.map((e) => e.line));
  const jump = (e: EditorError): void => {
    const at = offsetOf(text, e.line, e.column);
    area.current?.focus();
    area.current?.setSelectionRange(at, at);
  };
  return (
    <div className="rl-scenario-editor" data-testid="scenario-editor">
      <div className="rl-scenario-code">
        <ol className="rl-scenario-gutter" aria-hidden="true">
          {Array.from({ length: count }, (_, i) => (
            <li key={i} data-testid={`gutter-${i + 1}`} className={`${bad.has(i + 1) ? 'rl-error-line' : ''}${currentLine === i + 1 ? ' rl-current-line' : ''}`.trim() || undefined}>
              {i + 1}
            </li>
          ))}
        </ol>
        <textarea
          ref={area}
          aria-label="Scenario script"
          aria-invalid={errors.length > 0}
          aria-describedby={errors.length > 0 ? listId : undefined}
          spellCheck={false}
          autoComplete="off"
          rows={Math.max(8, count)}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          data-testid="scenario-text"
        />
      </div>
      {errors.length > 0 && (
        <ul id={listId} className="rl-scenario-errors" data-testid="scenario-errors">
          {errors.map((e) => (
            <li key={`${e.line}:${e.column}:${e.message}`}>
              <button type="button" className="rl-textlink" onClick={() => jump(e)}>
                {e.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
