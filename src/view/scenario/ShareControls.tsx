/**
 * Sharing and files: copy a link to the present moment, import a `.raft` script or a trace JSON
 * (button or drag and drop), export the timeline as either. The component reads dropped files as
 * text and hands them over; what they contain is decided elsewhere (`importFile`). Any message is
 * shown as text.
 *
 * @module
 */
import { useId, useState, type DragEvent } from 'react';

export interface ShareControlsProps {
  /** The link for the present moment (computed when asked). */
  readonly makeLink: () => string;
  /** Writes to the clipboard; rejects if the page may not. */
  readonly copy: (text: string) => Promise<void>;
  readonly onFile: (name: string, text: string) => void;
  readonly onExport: (kind: 'scenario' | 'trace') => void;
  /** An error or notice to show (e.g. why a link or file could not be opened). */
  readonly notice: string | undefined;
}

async function readFirst(files: FileList | null, onFile: ShareControlsProps['onFile']): Promise<void> {
  const file = files?.[0];
  if (file !== undefined) onFile(file.name, await file.text());
}

export function ShareControls({ makeLink, copy, onFile, onExport, notice }: ShareControlsProps) {
  const [status, setStatus] = useState<string | undefined>();
  const [over, setOver] = useState(false);
  const inputId = useId();
  const onCopy = (): void => {
    const link = makeLink();
    copy(link).then(
      () => setStatus('Link copied'),
      () => setStatus(`Copy this link: ${link}`),
    );
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setOver(false);
    void readFirst(e.dataTransfer.files, onFile);
  };
  return (
    <div
      className={`rl-share${over ? ' rl-drop-over' : ''}`}
      data-testid="share"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <div className="rl-row">
        <button type="button" className="rl-btn" onClick={onCopy} data-testid="copy-link">
          Copy link
        </button>
        <label htmlFor={inputId} className="rl-btn">
          Import…
        </label>
        <input id={inputId} type="file" accept=".raft,.txt,.json,application/json,text/plain" className="rl-visually-hidden" data-testid="import-file" onChange={(e) => void readFirst(e.target.files, onFile)} />
        <button type="button" className="rl-btn" onClick={() => onExport('scenario')} data-testid="export-scenario">
          Save as scenario
        </button>
        <button type="button" className="rl-btn" onClick={() => onExport('trace')} data-testid="export-trace">
          Save trace
        </button>
      </div>
      <p className="rl-hint">Drop a .raft scenario or a trace file here.</p>
      {status !== undefined && (
        <p role="status" data-testid="share-status">
          {status}
        </p>
      )}
      {notice !== undefined && (
        <p role="alert" className="rl-bad" data-testid="share-notice">
          {notice}
        </p>
      )}
    </div>
  );
}
