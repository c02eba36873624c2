/**
 * I2 (term monotonicity) and I3 (one vote per term), on memory and on the durable copy.
 *
 * @module
 */
import type { Node } from '../../raft/index.js';
import type { NodeId, Term } from '../../raft/types.js';
import type { CheckContext } from './context.js';
import { nodeName, voteName } from './format.js';

/**
 * I2 and I3 on a running node's accessors after an event, and (strict durability only) the
 * optional rule that `D(n).term` and `D(n).votedFor` equal them: that catches a missing
 * SaveCurrentTerm or SaveVotedFor before it turns into a double vote. The log is left out (§2).
 */
export function checkMemoryTermAndVote(ctx: CheckContext, id: NodeId, node: Node): void {
  const term = node.currentTerm();
  checkTermFloor(ctx, id, term, `${nodeName(id)} has term ${term}`);
  ctx.history.raiseTerm(id, term, false);
  const vote = node.votedFor();
  if (vote !== undefined) checkVote(ctx, id, term, vote, false);
  if (ctx.strictDurability) checkDurableEqualsMemory(ctx, id, node);
}

/**
 * I2 and I3 on the durable copy: after every event on the node (running or crashed) and after
 * each SaveVotedFor. A crashed node is checked through `D(n)` only; that is what it restarts with.
 */
export function checkDurableTermAndVote(ctx: CheckContext, id: NodeId, crashed: boolean): void {
  const d = ctx.host.durable(id);
  if (crashed) checkTermFloor(ctx, id, d.term, `${nodeName(id)} is down with durable term ${d.term}`);
  ctx.history.raiseTerm(id, d.term, true);
  if (d.votedFor !== undefined) checkVote(ctx, id, d.term, d.votedFor, true);
}

/**
 * `term ≥ maxTerm[n]`. The subject names the maximum, so a node stuck below it is reported once,
 * whether seen while down or after its restart.
 */
function checkTermFloor(ctx: CheckContext, id: NodeId, term: Term, what: string): void {
  const max = ctx.history.maxTerm(id);
  if (term >= max) return;
  ctx.report({ invariant: 'I2', nodes: [id], subject: `below ${max}`, detail: `${what}, below the term ${max} it held before` });
}

/**
 * I3: some(X) then some(Y) in one term is a violation, also across restarts and with a "none" in
 * between; some then none is not (§4: a vote may be cleared without a term change).
 */
function checkVote(ctx: CheckContext, id: NodeId, term: Term, vote: NodeId, durable: boolean): void {
  const earlier = ctx.history.recordVote(id, term, vote, durable);
  if (earlier === undefined) return;
  const where = durable ? ' (durable copy)' : '';
  ctx.report({
    invariant: 'I3',
    nodes: [id],
    subject: `term ${term}: ${earlier}->${vote}`,
    detail: `${nodeName(id)} voted for ${nodeName(earlier)} and then ${nodeName(vote)} in term ${term}${where}`,
  });
}

function checkDurableEqualsMemory(ctx: CheckContext, id: NodeId, node: Node): void {
  const d = ctx.host.durable(id);
  const term = node.currentTerm();
  const vote = node.votedFor();
  if (d.term === term && d.votedFor === vote) return;
  const durable = `term ${d.term}, vote ${voteName(d.votedFor)}`;
  const memory = `term ${term}, vote ${voteName(vote)}`;
  // One report per node and kind of mismatch: a write that is never persisted differs anew at
  // every term, and those are all the same problem.
  const fields = [d.term !== term ? 'term' : '', d.votedFor !== vote ? 'vote' : ''].filter((f) => f !== '').join('+');
  ctx.report({
    invariant: 'I2',
    title: 'Term monotonicity (durable state)',
    nodes: [id],
    subject: fields,
    detail: `${nodeName(id)}'s durable state (${durable}) differs from its memory (${memory}) after the event`,
  });
}
