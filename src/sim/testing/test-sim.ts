/**
 * A chainable driver for tests and scripted scenarios:
 *
 * ```ts
 * new TestSim({ nodes: 5, seed: 1 }).partition([1, 2], [3, 4, 5]).runFor(2000).expectLeaderIn([3, 4, 5]);
 * ```
 *
 * A failed expectation throws an `ExpectationError` whose message ends with the explained tail of
 * the trace, so a failing test shows what the cluster did.
 *
 * @module
 */
import type { NodeId } from '../../raft/types.js';
import type { InvariantId, Violation } from '../checker/host.js';
import { fmtNode } from '../describe.js';
import type { Intervention, MembershipChange } from '../engine/interventions.js';
import type { LinkFault } from '../engine/network.js';
import type { ParamsInput, Timing } from '../engine/params.js';
import { Simulation, type SimulationOptions } from '../simulation.js';
import type { ClusterView, MessageView, NodeView } from '../view.js';

/** A failed expectation; the message includes the trace tail. */
export class ExpectationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpectationError';
  }
}

const ids = (list: readonly number[]): NodeId[] => list.map((n) => n as NodeId);

export class TestSim {
  readonly sim: Simulation;

  constructor(params: ParamsInput = {}, options: SimulationOptions = {}) {
    this.sim = new Simulation(params, options);
  }

  /** The present view. */
  view(): ClusterView {
    return this.sim.view();
  }

  node(id: number): NodeView {
    const view = this.view().nodes.find((n) => n.id === id);
    if (view === undefined) throw new ExpectationError(`there is no node ${fmtNode(id)}`);
    return view;
  }

  // ---- Time ----------------------------------------------------------------------------------

  runFor(ms: number): this {
    this.sim.runFor(ms);
    return this;
  }
  runUntil(time: number): this {
    this.sim.runUntil(time);
    return this;
  }
  step(events = 1): this {
    for (let i = 0; i < events && this.sim.step(); i++);
    return this;
  }
  /** Runs until some node leads (or fails after `withinMs`). */
  waitForLeader(withinMs = 5_000): this {
    const deadline = this.sim.time + withinMs;
    this.sim.runUntilCondition((s) => s.view().leader !== undefined || s.time > deadline);
    if (this.view().leader === undefined) this.fail(`no leader within ${withinMs} ms`);
    return this;
  }

  // ---- Interventions -------------------------------------------------------------------------

  apply(intervention: Intervention): this {
    this.sim.apply(intervention);
    return this;
  }
  propose(command: string, node?: number): this {
    return this.apply(node === undefined ? { kind: 'propose', command } : { kind: 'propose', command, node: node as NodeId });
  }
  crash(node: number): this {
    return this.apply({ kind: 'crash', node: node as NodeId });
  }
  restart(node: number): this {
    return this.apply({ kind: 'restart', node: node as NodeId });
  }
  timeout(node: number): this {
    return this.apply({ kind: 'timeout', node: node as NodeId });
  }
  partition(...groups: number[][]): this {
    return this.apply({ kind: 'partition', groups: groups.map(ids) });
  }
  /** Cuts node `n` off from everyone. */
  isolate(n: number): this {
    const others = this.view().nodes.map((v) => v.id).filter((id) => id !== n);
    return this.partition([n], others);
  }
  cut(from: number, to: number): this {
    return this.apply({ kind: 'cut', from: from as NodeId, to: to as NodeId });
  }
  heal(): this {
    return this.apply({ kind: 'heal' });
  }
  link(from: number, to: number, fault: LinkFault | null): this {
    return this.apply({ kind: 'linkFault', from: from as NodeId, to: to as NodeId, fault });
  }
  loss(loss: number, duplicate?: number): this {
    return this.apply(duplicate === undefined ? { kind: 'globalFault', loss } : { kind: 'globalFault', loss, duplicate });
  }
  snapshot(node: number): this {
    return this.apply({ kind: 'snapshot', node: node as NodeId });
  }
  membership(change: MembershipChange, node: number): this {
    return this.apply({ kind: 'membership', change, node: node as NodeId });
  }
  timing(timing: Partial<Timing>): this {
    return this.apply({ kind: 'timing', timing });
  }
  capAppendEntries(value: number): this {
    return this.apply({ kind: 'maxEntriesPerAppend', value });
  }

  /** The in-flight messages matching `filter`, oldest first. */
  inFlight(filter: (m: MessageView) => boolean = () => true): MessageView[] {
    return this.view().inFlight.filter(filter);
  }
  /** Holds the oldest in-flight message from `from` to `to` (of `kind`, if given); fails if none. */
  hold(from: number, to: number, kind?: string): this {
    const m = this.inFlight((v) => v.from === from && v.to === to && (kind === undefined || v.kind === kind) && !v.held)[0];
    if (m === undefined) this.fail(`no ${kind ?? 'message'} from ${fmtNode(from)} to ${fmtNode(to)} is in flight`);
    return this.apply({ kind: 'hold', message: m.id });
  }
  /** Releases every held message from `from` to `to`. */
  release(from: number, to: number): this {
    for (const m of this.inFlight((v) => v.from === from && v.to === to && v.held)) this.apply({ kind: 'release', message: m.id });
    return this;
  }
  /** Runs until `id` leads (fails after `withinMs`). */
  waitForLeaderToBe(id: number, withinMs = 5_000): this {
    const deadline = this.sim.time + withinMs;
    this.sim.runUntilCondition((s) => s.view().leader === id || s.time > deadline);
    return this.expectLeader(id);
  }
  /** Runs until `predicate` holds for the view (fails after `withinMs`). */
  waitFor(description: string, predicate: (view: ClusterView) => boolean, withinMs = 5_000): this {
    const deadline = this.sim.time + withinMs;
    this.sim.runUntilCondition((s) => predicate(s.view()) || s.time > deadline);
    if (!predicate(this.view())) this.fail(`timed out waiting for ${description}`);
    return this;
  }

  // ---- Expectations --------------------------------------------------------------------------

  expectLeader(id: number): this {
    const leader = this.view().leader;
    if (leader !== id) this.fail(`expected ${fmtNode(id)} to lead, but ${leader === undefined ? 'nobody leads' : `${fmtNode(leader)} leads`}`);
    return this;
  }
  expectLeaderIn(candidates: readonly number[]): this {
    const leader = this.view().leader;
    if (leader === undefined || !candidates.includes(leader)) {
      this.fail(`expected a leader among ${candidates.map(fmtNode).join(', ')}, but ${leader === undefined ? 'nobody leads' : `${fmtNode(leader)} leads`}`);
    }
    return this;
  }
  expectNoLeader(): this {
    const leader = this.view().leader;
    if (leader !== undefined) this.fail(`expected no leader, but ${fmtNode(leader)} leads`);
    return this;
  }
  expectRole(id: number, role: NodeView['role']): this {
    const actual = this.node(id).role;
    if (actual !== role) this.fail(`expected ${fmtNode(id)} to be ${String(role)}, it is ${String(actual)}`);
    return this;
  }
  /** Every listed node (default: all running) has `key` = `value` in its applied state. */
  expectValue(key: string, value: string | undefined, nodes?: readonly number[]): this {
    for (const n of this.select(nodes)) {
      const actual = n.kv.find(([k]) => k === key)?.[1];
      if (actual !== value) this.fail(`expected ${fmtNode(n.id)} to have ${key} = ${String(value)}, it has ${String(actual)}`);
    }
    return this;
  }
  /** Every listed node (default: all running) has committed at least up to `index`. */
  expectCommitAtLeast(index: number, nodes?: readonly number[]): this {
    for (const n of this.select(nodes)) {
      if (n.commitIndex < index) this.fail(`expected ${fmtNode(n.id)} to commit up to i${index}, its commit index is ${n.commitIndex}`);
    }
    return this;
  }
  expectNoViolations(): this {
    const v = this.sim.violations();
    if (v.length > 0) this.fail(`expected no safety violation, got ${v.length}: ${v.slice(0, 3).map(describeViolation).join('; ')}`);
    return this;
  }
  /** At least one violation of `invariant` was recorded. */
  expectViolation(invariant: InvariantId): this {
    if (!this.sim.violations().some((v) => v.invariant === invariant)) this.fail(`expected a violation of ${invariant}, got ${this.sim.violations().map((v) => v.invariant).join(', ') || 'none'}`);
    return this;
  }
  /** A custom check, with a description for the failure message. */
  expect(description: string, check: (view: ClusterView) => boolean): this {
    if (!check(this.view())) this.fail(`expected ${description}`);
    return this;
  }

  private select(nodes: readonly number[] | undefined): NodeView[] {
    const all = this.view().nodes;
    return nodes === undefined ? all.filter((n) => n.up) : nodes.map((id) => this.node(id));
  }

  /** The explained last `count` events, one line each plus indented reasons. */
  traceTail(count = 15): string {
    const lines: string[] = [];
    for (let i = Math.max(0, this.sim.position - count); i < this.sim.position; i++) {
      const e = this.sim.explain(i);
      lines.push(`#${e.index} @${e.time}ms ${e.kind}${e.node === undefined ? '' : ` ${fmtNode(e.node)}`}`);
      for (const line of e.lines) lines.push(`    ${line.text}`);
    }
    return lines.join('\n');
  }

  private fail(message: string): never {
    throw new ExpectationError(`${message} (at ${this.sim.time} ms, event ${this.sim.position})\n--- trace tail ---\n${this.traceTail()}`);
  }
}

/** One line for a violation. */
export function describeViolation(v: Violation): string {
  return `#${v.eventIndex} ${v.message}`;
}
