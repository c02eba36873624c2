/**
 * Playing a scenario: run to the end or step to the next caption, the caption itself (the page
 * lays it over the cluster), the expectations' pass/fail list and the failure that stopped a run.
 *
 * @module
 */
export interface PlayerExpectation {
  readonly line: number;
  readonly source: string;
  readonly ok: boolean;
  readonly saw: string;
}

export interface ScenarioPlayerProps {
  readonly caption: string | undefined;
  readonly expectations: readonly PlayerExpectation[];
  readonly failure: string | undefined;
  readonly done: boolean;
  /** False while the script has errors. */
  readonly runnable: boolean;
  readonly onStep: () => void;
  readonly onRun: () => void;
  readonly onRestart: () => void;
}

export function Caption({ text }: { readonly text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <p className="rl-caption" role="status" data-testid="scenario-caption">
      {text}
    </p>
  );
}

export function ExpectationList({ items }: { readonly items: readonly PlayerExpectation[] }) {
  if (items.length === 0) return null;
  const failed = items.filter((e) => !e.ok).length;
  return (
    <section aria-label="Expectations" data-testid="expectations">
      <p className={failed > 0 ? 'rl-bad' : 'rl-good'}>{failed > 0 ? `${failed} of ${items.length} expectations failed` : `All ${items.length} expectations hold`}</p>
      <ul>
        {items.map((e) => (
          <li key={e.line} data-testid={`expectation-${e.line}`} data-ok={e.ok}>
            <span aria-hidden="true">{e.ok ? '✓' : '✗'}</span> line {e.line}: <code>{e.source}</code> — {e.ok ? '' : 'saw '}
            {e.saw}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ScenarioPlayer(p: ScenarioPlayerProps) {
  const idle = !p.runnable || p.done;
  return (
    <div className="rl-scenario-player" data-testid="scenario-player">
      <div className="rl-row">
        <button type="button" className="rl-btn" disabled={idle} onClick={p.onStep} data-testid="scenario-step">
          Next caption
        </button>
        <button type="button" className="rl-btn" disabled={idle} onClick={p.onRun} data-testid="scenario-run">
          Run to the end
        </button>
        <button type="button" className="rl-btn" disabled={!p.runnable} onClick={p.onRestart} data-testid="scenario-restart">
          Restart
        </button>
      </div>
      <Caption text={p.caption} />
      <ExpectationList items={p.expectations} />
      {p.failure !== undefined && (
        <pre className="rl-bad" role="alert" data-testid="scenario-failure">
          {p.failure}
        </pre>
      )}
    </div>
  );
}
