/**
 * I11 (config sanity), plus the small config predicates the checker uses. They are written out
 * here rather than borrowed from `ClusterConfig`, so a bug in the core's helpers cannot hide a
 * bug that the checker is meant to see.
 *
 * @module
 */
import { LogEntries, type ClusterConfig, type LogPosition, type Node } from '../../raft/index.js';
import type { LogIndex, NodeId, Term } from '../../raft/types.js';
import type { BeforeEvent, CheckContext } from './context.js';
import { nodeName, posName } from './format.js';
import { describeConfig } from '../describe.js';
import type { DurableState } from '../engine/storage.js';

function sameIds(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** Value equality of configs (the arrays are sorted by construction). */
export function sameConfig(a: ClusterConfig, b: ClusterConfig): boolean {
  return sameIds(a.voters, b.voters) && sameIds(a.newVoters, b.newVoters) && sameIds(a.nonVoters, b.nonVoters);
}

/** C_old,new: `newVoters` is not empty. */
export function isJoint(c: ClusterConfig): boolean {
  return c.newVoters.length > 0;
}

/** In `voters ∪ newVoters`. */
export function isVoterOf(c: ClusterConfig, id: NodeId): boolean {
  return c.voters.includes(id) || c.newVoters.includes(id);
}

function nonVoterOverlap(c: ClusterConfig): boolean {
  return c.nonVoters.some((id) => c.voters.includes(id) || c.newVoters.includes(id));
}

/** The config in force at `index` in a durable copy, if the copy reaches that index. */
function durableConfigAt(d: DurableState, index: number): ClusterConfig | undefined {
  if (!LogEntries.containsIndex(d.entries, index)) return undefined;
  let found: ClusterConfig | undefined;
  for (const [i, config] of d.entries.configs) if (i <= index) found = config;
  return found ?? d.snapshot.config;
}

/** The config in force at `index` on `id`: its in-memory log, else its durable copy. */
function configAt(ctx: CheckContext, id: NodeId, index: number): ClusterConfig | undefined {
  return ctx.host.node(id)?.log().getConfig(index) ?? durableConfigAt(ctx.host.durable(id), index);
}

/** I11: `nonVoters` is disjoint from `voters` and `newVoters`. */
function checkDisjoint(ctx: CheckContext, id: NodeId, at: LogPosition, config: ClusterConfig): void {
  if (!nonVoterOverlap(config)) return;
  ctx.report({
    invariant: 'I11',
    nodes: [id],
    positions: [at],
    subject: 'nonVoters',
    detail: `${nodeName(id)} holds config ${describeConfig(config)} at ${posName(at)}, whose non-voters overlap its voters`,
  });
}

/**
 * I11, one step of the config sequence: after a joint config only its final config may follow
 * (`voters = joint.newVoters`, no new voters), so a second joint config while one is unfinished is
 * caught here as well; a joint config keeps the voters of the config in force before it.
 */
function checkStep(ctx: CheckContext, id: NodeId, at: LogPosition, before: ClusterConfig, config: ClusterConfig): void {
  const who = nodeName(id);
  let detail: string | undefined;
  if (isJoint(before) && isJoint(config)) {
    detail = `${who} wrote a second joint config ${describeConfig(config)} at ${posName(at)} while ${describeConfig(before)} was not finalised`;
  } else if (isJoint(before) && !sameIds(config.voters, before.newVoters)) {
    detail = `${who} wrote ${describeConfig(config)} at ${posName(at)} after the joint config ${describeConfig(before)}: not its final config`;
  } else if (!isJoint(before) && isJoint(config) && !sameIds(config.voters, before.voters)) {
    detail = `${who} wrote the joint config ${describeConfig(config)} at ${posName(at)}, whose voters differ from those of ${describeConfig(before)} in force before it`;
  }
  if (detail !== undefined) ctx.report({ invariant: 'I11', nodes: [id], positions: [at], subject: 'sequence', detail });
}

/**
 * I11 at write time, for every config entry of an AppendLogEntries action on `id`. The config in
 * force before the first one is read at the action's prev position (the node's log holds it: the
 * entries were appended in memory before the action was drained).
 */
export function checkConfigWrites(ctx: CheckContext, id: NodeId, entries: LogEntries): void {
  if (entries.configs.length === 0) return;
  let before = configAt(ctx, id, entries.prevPosition.index);
  for (const [index, config] of entries.configs) {
    const at = { term: LogEntries.getTerm(entries, index) as Term, index };
    checkDisjoint(ctx, id, at, config);
    if (before !== undefined) checkStep(ctx, id, at, before, config);
    before = config;
  }
}

/** I11 when `cfg(n)` changed in the event (also by a snapshot install): the disjointness rule. */
export function checkConfigChange(ctx: CheckContext, id: NodeId, node: Node, before: BeforeEvent | undefined): void {
  const config = node.config();
  const index = node.log().latestConfigIndex();
  if (before !== undefined && before.config === config && before.configIndex === index) return;
  checkDisjoint(ctx, id, positionAt(node, index), config);
}

function positionAt(node: Node, index: LogIndex): LogPosition {
  return { term: node.log().getTerm(index) ?? (0 as Term), index };
}

/**
 * I11's last rule: a Leader whose commit reaches a non-joint latest config that excludes it is no
 * longer Leader at the end of that event (Raft §6). Until that config commits it may lead on.
 */
export function checkRemovedLeader(ctx: CheckContext, id: NodeId, node: Node): void {
  const config = node.config();
  const index = node.log().latestConfigIndex();
  if (isJoint(config) || config.voters.includes(id) || node.commitIndex() < index) return;
  ctx.report({
    invariant: 'I11',
    nodes: [id],
    positions: [positionAt(node, index)],
    subject: 'removedLeader',
    detail: `${nodeName(id)} is still Leader of term ${node.currentTerm()} after committing ${describeConfig(config)} at ${posName(positionAt(node, index))}, which excludes it`,
  });
}
