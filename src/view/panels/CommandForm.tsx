/**
 * The client command box: `set k v`, `incr k`, `del k`, checked as typed and sent to the leader
 * the button names.
 *
 * @module
 */
import { memo, useId, useState } from 'react';
import { isKvError, parseKv } from '../../sim/index.js';
import type { NodeId, Term } from '../../raft/index.js';
import { ControlError, type ControlErrors } from './controls.js';

export interface CommandFormProps {
  /** The leader the command goes to; undefined: whichever leads when it is sent (none: refused). */
  readonly leader: NodeId | undefined;
  /** Named on the button when given, to tell an old leader from the current one in a partition. */
  readonly term?: Term | undefined;
  readonly controls: ControlErrors;
}

/** The parse error of `text` as a sentence, or undefined if it is a valid command. */
export function commandError(text: string): string | undefined {
  const parsed = parseKv(text);
  return isKvError(parsed) ? `column ${parsed.column}: ${parsed.error}` : undefined;
}

/** The button's words: the target always named, its term when asked. */
export function sendLabel(leader: NodeId | undefined, term?: Term): string {
  if (leader === undefined) return 'Send to the leader';
  return term === undefined ? `Send to leader n${leader}` : `Send to leader n${leader} (term ${term})`;
}

function Form({ leader, term, controls }: CommandFormProps) {
  const [text, setText] = useState('set x 1');
  const inputId = useId();
  const errorId = useId();
  const invalid = text.trim() === '' ? undefined : commandError(text);
  const error = controls.error('command') ?? invalid;
  return (
    <form
      className="rl-command"
      onSubmit={(e) => {
        e.preventDefault();
        const bad = commandError(text);
        if (bad !== undefined) return controls.set('command', bad);
        controls.run('command', leader === undefined ? { kind: 'propose', command: text } : { kind: 'propose', command: text, node: leader });
      }}
    >
      <label htmlFor={inputId} className="rl-field-label">
        Client command (set k v, incr k, del k)
      </label>
      <span className="rl-command-row">
        <input
          id={inputId}
          value={text}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error !== undefined}
          aria-describedby={error !== undefined ? errorId : undefined}
          data-testid="command-input"
          onChange={(e) => {
            setText(e.target.value);
            controls.set('command', undefined);
          }}
        />
        <button type="submit" className="rl-btn" data-testid="command-send">
          {sendLabel(leader, term)}
        </button>
      </span>
      <ControlError id={errorId} text={error} />
    </form>
  );
}

/** Memoized: the form re-renders when the leader or an error changes, not with every view. */
export const CommandForm = memo(Form);
