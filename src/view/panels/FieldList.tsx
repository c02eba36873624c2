/**
 * A labelled list of fields (a description list), used by the inspector.
 *
 * @module
 */
import type { FieldRow } from './node-fields.js';

export function FieldList({ rows, testId }: { rows: readonly FieldRow[]; testId?: string }) {
  return (
    <dl className="rl-fields" data-testid={testId}>
      {rows.map(([label, value]) => (
        <div key={label} className="rl-field-row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
