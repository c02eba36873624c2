/**
 * Printing for scenario reports and golden files, built from `src/sim/describe.ts` (the one
 * printer): the cluster's state, node by node, and explained stretches of the run.
 *
 * @module
 */
import { describeConfig, fmtNode, fmtPos, type ClusterView, type Explanation, type NodeView, type Simulation } from '../sim/index.js';

/** How many log entries a node line shows (the last ones). */
const LOG_SHOWN = 6;

function logText(n: NodeView): string {
  const log = n.log.filter((e) => e.index > n.snapshot.index);
  const shown = log.slice(-LOG_SHOWN).map((e) => `${e.index}:t${e.term} ${e.text}`);
  return `${log.length > LOG_SHOWN ? '… ' : ''}${shown.join(' | ')}`;
}

/** One line for a node: role, term, vote, commit, last position, snapshot, config, log tail. */
export function describeNode(n: NodeView): string {
  const role = n.up ? String(n.role) : 'down';
  const parts = [`${fmtNode(n.id)} ${role} t${n.term}`];
  if (n.votedFor !== undefined) parts.push(`voted ${fmtNode(n.votedFor)}`);
  parts.push(`commit ${n.commitIndex}`, `last ${fmtPos(n.lastPosition)}`);
  if (n.snapshot.index > 0) parts.push(`snapshot ${fmtPos(n.snapshot)}`);
  parts.push(`config ${describeConfig(n.config)}`);
  if (n.kv.length > 0) parts.push(`kv ${n.kv.map(([k, v]) => `${k}=${v}`).join(',')}`);
  return `${parts.join(' ')}\n    log ${logText(n) || 'empty'}`;
}

function networkText(view: ClusterView): string | undefined {
  const parts: string[] = [];
  if (view.partition.length > 0) parts.push(`partition ${view.partition.map((g) => `{${g.map(fmtNode).join(' ')}}`).join(' ')}`);
  if (view.cuts.length > 0) parts.push(`cut ${view.cuts.map(([a, b]) => `${fmtNode(a)}->${fmtNode(b)}`).join(' ')}`);
  const held = view.inFlight.filter((m) => m.held).length;
  if (held > 0) parts.push(`${held} message(s) held`);
  return parts.length === 0 ? undefined : parts.join('; ');
}

/** The cluster at the present: a header line, then one line per node (ascending id). */
export function describeCluster(view: ClusterView): string {
  const leader = view.leader === undefined ? 'no leader' : `leader ${fmtNode(view.leader)}`;
  const lines = [`at ${view.time}ms after ${view.events} events: ${leader}`];
  const net = networkText(view);
  if (net !== undefined) lines.push(`network: ${net}`);
  for (const n of view.nodes) lines.push(describeNode(n));
  return lines.join('\n');
}

/** One event: `#12 @230ms deliver n2` then its reasons, indented. */
export function describeExplanation(e: Explanation): string {
  const head = `#${e.index} @${e.time}ms ${e.kind}${e.node === undefined ? '' : ` ${fmtNode(e.node)}`}`;
  return [head, ...e.lines.map((l) => `    ${l.text}`)].join('\n');
}

/** The explained events in [from, to), replaying once. */
export function explainEvents(sim: Simulation, from: number, to: number): string[] {
  const out: string[] = [];
  if (to > from) sim.explainRange(from, to, (e) => out.push(describeExplanation(e)));
  return out;
}

/** The explained last `count` events before the present (as `TestSim` prints on failure). */
export function traceTail(sim: Simulation, count = 15): string {
  return explainEvents(sim, Math.max(0, sim.position - count), sim.position).join('\n');
}
