// A plain-text table of figures against their targets.

export interface Row {
  readonly scenario: string;
  readonly measure: string;
  readonly value: string;
  readonly target: string;
  /** Whether the target is met; absent for figures without a target. */
  readonly ok?: boolean;
}

export function printTable(rows: readonly Row[]): void {
  const cells = rows.map((r) => [r.scenario, r.measure, r.value, r.target, r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED']);
  const head = ['scenario', 'measure', 'figure', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string => c.map((s, i) => s.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
}
