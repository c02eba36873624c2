/**
 * Compare mode: the two runs side by side at the first event where they differ — that event's
 * explanation in each run, and each cluster's nodes just after it.
 *
 * @module
 */
import type { Comparison, EventAtDivergence } from '../../scenario/compare.js';

export interface CompareViewProps {
  readonly comparison: Comparison;
  /** Open one run at the divergence (a: as written, b: the variant). */
  readonly onShow: (side: 'a' | 'b', index: number) => void;
}

function Side({ label, side, testId }: { readonly label: string; readonly side: EventAtDivergence; readonly testId: string }) {
  return (
    <section className="rl-compare-side" aria-label={label} data-testid={testId}>
      <h4>{label}</h4>
      <p className="rl-compare-event">{side.head ?? 'the run had ended'}</p>
      <ul className="rl-compare-why">
        {side.lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
      <table className="rl-compare-nodes">
        <thead>
          <tr>
            <th scope="col">node</th>
            <th scope="col">role</th>
            <th scope="col">term</th>
            <th scope="col">commit</th>
          </tr>
        </thead>
        <tbody>
          {side.view.nodes.map((n) => (
            <tr key={n.id}>
              <th scope="row">n{n.id}</th>
              <td>{n.up ? String(n.role) : 'down'}</td>
              <td>{n.term}</td>
              <td>{n.commitIndex}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CompareView({ comparison, onShow }: CompareViewProps) {
  const { a, b, divergence } = comparison;
  if (divergence === undefined) {
    return (
      <p className="rl-compare" data-testid="compare-same">
        The runs {a.label} and {b.label} are identical, event for event.
      </p>
    );
  }
  return (
    <div className="rl-compare" data-testid="compare">
      <p data-testid="compare-summary">
        The runs part at event #{divergence.index}: {a.label} versus {b.label}.
      </p>
      <div className="rl-compare-sides">
        <Side label={a.label} side={divergence.a} testId="compare-a" />
        <Side label={b.label} side={divergence.b} testId="compare-b" />
      </div>
      <div className="rl-row">
        <button type="button" className="rl-btn" onClick={() => onShow('a', divergence.index)}>
          Open {a.label} there
        </button>
        <button type="button" className="rl-btn" onClick={() => onShow('b', divergence.index)}>
          Open {b.label} there
        </button>
      </div>
    </div>
  );
}
