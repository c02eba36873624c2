/**
 * What the event log shows, without React: kind groups for the filter, the incremental list of
 * events that pass a filter (rebuilt only when the filter changes or the history shrinks, so
 * playing a 100,000-event history scans each new event once), and an explanation reduced to one
 * line of text plus the paper's sections as chips.
 *
 * @module
 */
import type { EventKind, EventSummary, Explanation } from '../../sim/index.js';

/** The kind filter's choices. */
export type KindGroup = 'all' | 'message' | 'timer' | 'storage' | 'intervention';

export const KIND_GROUPS: readonly { readonly value: KindGroup; readonly label: string }[] = [
  { value: 'all', label: 'all kinds' },
  { value: 'message', label: 'message delivered' },
  { value: 'timer', label: 'timer fired' },
  { value: 'storage', label: 'storage write done' },
  { value: 'intervention', label: 'intervention' },
];

/** The group an event kind belongs to. */
export function kindGroup(kind: EventKind): Exclude<KindGroup, 'all'> {
  if (kind === 'deliver') return 'message';
  if (kind === 'timer') return 'timer';
  if (kind === 'sync') return 'storage';
  return 'intervention';
}

export interface EventFilter {
  /** 0 = every node. */
  readonly node: number;
  readonly group: KindGroup;
}

export const NO_FILTER: EventFilter = { node: 0, group: 'all' };

export function passes(summary: EventSummary | undefined, filter: EventFilter): boolean {
  if (summary === undefined) return false;
  if (filter.node !== 0 && summary.node !== filter.node) return false;
  return filter.group === 'all' || kindGroup(summary.kind) === filter.group;
}

/** The indexes of the events passing a filter, extended as the history grows. */
export class FilteredEvents {
  private list: number[] = [];
  private scanned = 0;
  private key = '';

  /** Brings the list up to date with `total` events; returns it (shared, do not mutate). */
  update(total: number, filter: EventFilter, summaryAt: (i: number) => EventSummary | undefined): readonly number[] {
    const key = `${filter.node}/${filter.group}`;
    if (key !== this.key || total < this.scanned) {
      this.key = key;
      this.list = [];
      this.scanned = 0;
    }
    for (let i = this.scanned; i < total; i++) if (passes(summaryAt(i), filter)) this.list.push(i);
    this.scanned = total;
    return this.list;
  }
}

const CITE = /\s+—\s+(§[\d.]+(?:,\s*§[\d.]+)*)\s*$/;

/** An explanation as one line: the nodes' decisions (else the simulator's notes), and the § cited. */
export function explanationLine(e: Explanation): { readonly text: string; readonly rules: readonly string[]; readonly full: string } {
  const decisions = e.lines.filter((l) => l.kind === 'decision');
  const shown = decisions.length > 0 ? decisions : e.lines;
  const rules = new Set<string>();
  const parts = shown.map((l) => {
    const m = CITE.exec(l.text);
    if (m === null) return l.text;
    for (const r of (m[1] as string).split(/,\s*/)) rules.add(r);
    return l.text.slice(0, m.index);
  });
  const sorted = [...rules].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return { text: parts.join(' · '), rules: sorted, full: e.lines.map((l) => l.text).join('\n') };
}
