/**
 * What the event log shows, without React: kind groups for the filter, the incremental list of
 * events that pass a filter (rebuilt only when the filter changes or the history shrinks, so
 * playing a 100,000-event history scans each new event once), and an explanation reduced to one
 * line of text plus the paper's sections as chips.
 *
 * @module
 */
import type { EventKind, EventSummary, Explanation } from '../../sim/index.js';
import { MARKER, type Marker } from '../../store/index.js';

/** The kind filter's choices: what the engine ran, or what it led to (from the timeline's markers). */
export type KindGroup = 'all' | 'message' | 'timer' | 'storage' | 'intervention' | 'election' | 'commit' | 'fault' | 'violation';

export const KIND_GROUPS: readonly { readonly value: KindGroup; readonly label: string }[] = [
  { value: 'all', label: 'all kinds' },
  { value: 'message', label: 'message delivered' },
  { value: 'timer', label: 'timer fired' },
  { value: 'storage', label: 'storage write done' },
  { value: 'intervention', label: 'intervention' },
  { value: 'election', label: 'timeouts and leader changes' },
  { value: 'commit', label: 'commits' },
  { value: 'fault', label: 'crashes, restarts, partitions, heals' },
  { value: 'violation', label: 'safety violations' },
];

/**
 * The groups told by what an event led to rather than by its kind (a delivered message may elect a
 * leader), with the marker flags that select them. They list events from the kept history on
 * (markers start at `historyStart`).
 */
const OUTCOME_FLAGS: Partial<Record<KindGroup, number>> = {
  election: MARKER.timeout | MARKER.leaderElected | MARKER.leaderLost,
  commit: MARKER.commit,
  fault: MARKER.crash | MARKER.restart | MARKER.partition | MARKER.heal,
  violation: MARKER.violation,
};

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

/** Whether an event passes a filter by its kind (the outcome groups are told by markers: see FilteredEvents). */
export function passes(summary: EventSummary | undefined, filter: EventFilter): boolean {
  if (summary === undefined) return false;
  if (filter.node !== 0 && summary.node !== filter.node) return false;
  return filter.group === 'all' || kindGroup(summary.kind) === filter.group;
}

/** The events among `markers` (below `total`) that an outcome group selects, for a node or all. */
export function outcomeEvents(markers: readonly Marker[], total: number, filter: EventFilter): number[] {
  const flags = OUTCOME_FLAGS[filter.group] ?? 0;
  return markers.filter((m) => m.index < total && (m.flags & flags) !== 0 && (filter.node === 0 || m.node === filter.node)).map((m) => m.index);
}

/** The indexes of the events passing a filter, extended as the history grows. */
export class FilteredEvents {
  private list: number[] = [];
  private scanned = 0;
  private key = '';
  private outcomes: { markers: readonly Marker[]; total: number; key: string; list: number[] } | undefined;

  /** Brings the list up to date with `total` events; returns it (shared, do not mutate). */
  update(total: number, filter: EventFilter, summaryAt: (i: number) => EventSummary | undefined, markers: readonly Marker[] = []): readonly number[] {
    if (OUTCOME_FLAGS[filter.group] !== undefined) return this.outcomeList(total, filter, markers);
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

  /** An outcome group's list, rebuilt when the markers, the total or the filter change (markers are few). */
  private outcomeList(total: number, filter: EventFilter, markers: readonly Marker[]): readonly number[] {
    const key = `${filter.node}/${filter.group}`;
    const o = this.outcomes;
    if (o !== undefined && o.markers === markers && o.total === total && o.key === key) return o.list;
    this.outcomes = { markers, total, key, list: outcomeEvents(markers, total, filter) };
    return this.outcomes.list;
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
