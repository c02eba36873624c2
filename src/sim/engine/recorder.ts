/**
 * Explanations: while attached to a world, collects what each event did, in order, from the
 * decisions the nodes actually made and the simulator's own notes.
 *
 * @module
 */
import type { ClusterConfig, Decision, LogEntries, LogPosition } from '../../raft/index.js';
import type { NodeId } from '../../raft/types.js';
import { describeDecision, describeNote } from '../describe.js';
import type { EventKind, Explainer, Note, Payload, WorldObserver } from './world.js';

/** One line of an explanation. */
export type ExplanationLine =
  | { readonly kind: 'decision'; readonly node: NodeId; readonly rule: string; readonly decision: Decision; readonly text: string }
  | { readonly kind: 'note'; readonly note: Note; readonly text: string };

/** Everything one event did. */
export interface Explanation {
  readonly index: number;
  readonly time: number;
  readonly kind: EventKind;
  readonly node: NodeId | undefined;
  readonly lines: readonly ExplanationLine[];
}

/** Builds one `Explanation` per event. */
export class Recorder implements WorldObserver, Explainer {
  private lines: ExplanationLine[] = [];
  // The event in progress, in fields (one object per event, built at its end).
  private open = false;
  private index = 0;
  private time = 0;
  private kind: EventKind = 'bootstrap';
  private node: NodeId | undefined = undefined;
  /** The explanation of the last finished event. */
  last: Explanation | undefined;

  constructor(
    private readonly clock: () => number,
    private readonly onEvent?: (e: Explanation) => void,
  ) {}

  beginEvent(index: number, touched: NodeId | undefined, kind: EventKind): void {
    this.open = true;
    this.index = index;
    this.time = this.clock();
    this.kind = kind;
    this.node = touched;
    this.lines = [];
  }
  decision(node: NodeId, decision: Decision): void {
    this.lines.push({ kind: 'decision', node, rule: decision.rule, decision, text: describeDecision(node, decision) });
  }
  note(note: Note): void {
    this.lines.push({ kind: 'note', note, text: describeNote(note) });
  }
  endEvent(): void {
    if (!this.open) return;
    this.last = { index: this.index, time: this.time, kind: this.kind, node: this.node, lines: this.lines };
    this.open = false;
    this.onEvent?.(this.last);
  }
  append(_node: NodeId, _entries: LogEntries): void {}
  voteSaved(_node: NodeId): void {}
  snapshotInstalled(_node: NodeId, _position: LogPosition, _config: ClusterConfig, _expected: ClusterConfig): void {}
  restarted(_node: NodeId): void {}
  crashed(_node: NodeId): void {}
  lostAtSend(_from: NodeId, _to: NodeId, _payload: Payload, _sentAt: number): void {} // explained by its note
}

/** Fans one world's observations out to several observers, in order. */
export class Observers implements WorldObserver {
  constructor(private readonly list: readonly WorldObserver[]) {}
  beginEvent(index: number, touched: NodeId | undefined, kind: EventKind): void {
    for (const o of this.list) o.beginEvent(index, touched, kind);
  }
  append(node: NodeId, entries: LogEntries): void {
    for (const o of this.list) o.append(node, entries);
  }
  voteSaved(node: NodeId): void {
    for (const o of this.list) o.voteSaved(node);
  }
  snapshotInstalled(node: NodeId, position: LogPosition, config: ClusterConfig, expected: ClusterConfig): void {
    for (const o of this.list) o.snapshotInstalled(node, position, config, expected);
  }
  restarted(node: NodeId): void {
    for (const o of this.list) o.restarted(node);
  }
  crashed(node: NodeId): void {
    for (const o of this.list) o.crashed(node);
  }
  lostAtSend(from: NodeId, to: NodeId, payload: Payload, sentAt: number): void {
    for (const o of this.list) o.lostAtSend(from, to, payload, sentAt);
  }
  endEvent(): void {
    for (const o of this.list) o.endEvent();
  }
}
