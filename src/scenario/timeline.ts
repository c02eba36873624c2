/**
 * Saving a timeline as a scenario: the parameters as setup lines and every intervention as a
 * command at its time, such that running the text reproduces the same trace (same hash).
 *
 * An intervention made at a later time than the last event (the clock was run forward) becomes
 * `at T cmd`. One made between events of the same instant cannot be told apart by time, so it
 * becomes `step K` (exactly K more events) and then the command, with its time in a comment.
 *
 * @module
 */
import type { Intervention, LinkFault, SimParams, Simulation, Timing } from '../sim/index.js';

const SETTINGS: ReadonlySet<Intervention['kind']> = new Set(['timing', 'globalFault', 'maxEntriesPerAppend']);
const ms = (n: number): string => `${n}ms`;
const node = (n: number): string => `n${n}`;

function pairOrSingles(min: number | undefined, max: number | undefined, range: string, lo: string, hi: string): string[] {
  if (min !== undefined && max !== undefined) return [`${range} ${ms(min)}..${ms(max)}`];
  return [...(min === undefined ? [] : [`${lo} ${ms(min)}`]), ...(max === undefined ? [] : [`${hi} ${ms(max)}`])];
}

/** `heartbeat 50ms election 150ms..300ms …` for the fields present. */
export function timingText(t: Partial<Timing>): string {
  const parts: string[] = [];
  if (t.heartbeatMs !== undefined) parts.push(`heartbeat ${ms(t.heartbeatMs)}`);
  parts.push(...pairOrSingles(t.electionMinMs, t.electionMaxMs, 'election', 'election-min', 'election-max'));
  parts.push(...pairOrSingles(t.delayMinMs, t.delayMaxMs, 'latency', 'latency-min', 'latency-max'));
  if (t.storageLatencyMs !== undefined) parts.push(`storage ${ms(t.storageLatencyMs)}`);
  if (t.snapshotDelayFactor !== undefined) parts.push(`snapshot-factor ${t.snapshotDelayFactor}`);
  return parts.join(' ');
}

function faultText(f: LinkFault | null): string {
  if (f === null) return 'clear';
  const parts: string[] = [];
  if (f.loss !== undefined) parts.push(`loss ${f.loss}`);
  if (f.duplicate !== undefined) parts.push(`duplicate ${f.duplicate}`);
  parts.push(...pairOrSingles(f.delayMinMs, f.delayMaxMs, 'latency', 'latency-min', 'latency-max'));
  return parts.length === 0 ? 'clear' : parts.join(' ');
}

const MEMBER: Record<string, string> = { addVoter: 'add', removeVoter: 'remove', addNonVoter: 'add nonvoter', removeNonVoter: 'remove nonvoter', promote: 'promote' };

/** The command that applies exactly `iv`. */
export function interventionText(iv: Intervention): string {
  switch (iv.kind) {
    case 'propose':
      return `client ${iv.node === undefined ? '' : `to ${node(iv.node)} `}${iv.command.trim()}`;
    case 'crash':
    case 'restart':
    case 'timeout':
    case 'snapshot':
      return `${iv.kind} ${node(iv.node)}`;
    case 'partition':
      return `partition ${iv.groups.map((g) => `{${g.map(node).join(' ')}}`).join(' ')}`;
    case 'cut':
      return `cut ${node(iv.from)} -> ${node(iv.to)}`;
    case 'heal':
      return 'heal';
    case 'linkFault':
      return `link ${node(iv.from)} -> ${node(iv.to)} ${faultText(iv.fault)}`;
    case 'globalFault':
      if (iv.loss !== undefined) return `loss ${iv.loss}${iv.duplicate === undefined ? '' : ` duplicate ${iv.duplicate}`}`;
      return `duplicate ${iv.duplicate ?? 0}`;
    case 'hold':
    case 'release':
    case 'drop':
    case 'duplicate':
      return `${iv.kind} message ${iv.message}`;
    case 'membership':
      return `${MEMBER[iv.change] ?? iv.change} ${node(iv.node)}`;
    case 'timing':
      return `timing ${timingText(iv.timing)}`;
    case 'maxEntriesPerAppend':
      return `cap entries ${iv.value === 0 ? 'off' : iv.value}`;
  }
}

/** The setup lines that make `params`. */
export function setupText(p: SimParams): string[] {
  const lines = [`nodes ${p.nodes}`, `seed ${p.seed}`, `timing ${timingText(p.timing)}`];
  if (p.loss !== 0 || p.duplicate !== 0) lines.push(`loss ${p.loss} duplicate ${p.duplicate}`);
  if (p.maxEntriesPerAppend !== 0) lines.push(`cap entries ${p.maxEntriesPerAppend}`);
  if (p.compactAfter !== 0) lines.push(`compact after ${p.compactAfter}`);
  if (!p.disruptiveGuard) lines.push('guard off');
  for (const m of p.mutations) lines.push(`mutation ${m}`);
  return lines;
}

/** Where the replay stands while the text is built. */
interface Cursor {
  position: number;
  time: number;
}

/** The lines that bring the replay from `at` to event `target` at time `time`. */
function reach(sim: Simulation, at: Cursor, target: number, time: number): { prefix: string; lines: string[] } {
  const lastEventTime = target > 0 ? (sim.event(target - 1)?.time ?? 0) : 0;
  const k = target - at.position;
  at.position = target;
  const previous = at.time;
  at.time = time;
  // The clock was run past the last event: `at T` processes exactly the events up to T.
  if (time > Math.max(lastEventTime, previous)) return { prefix: `at ${ms(time)} `, lines: [] };
  if (k === 0) return { prefix: '', lines: [] };
  return { prefix: '', lines: [`step ${k}  # to ${ms(time)}`] };
}

/** The timeline of `sim` (its parameters and interventions, up to its frontier) as scenario text. */
export function timelineToScenario(sim: Simulation): string {
  const lines = ['# a timeline saved as a scenario: each intervention at its time', ...setupText(sim.initialParams), ''];
  const at: Cursor = { position: 1, time: 0 };
  for (const entry of sim.interventions()) {
    const { prefix, lines: before } = reach(sim, at, entry.at, entry.time);
    // Untimed, a setting before any other command would count as a parameter, not an intervention.
    const timed = prefix === '' && SETTINGS.has(entry.intervention.kind) ? 'after 0ms ' : prefix;
    lines.push(...before, `${timed}${interventionText(entry.intervention)}`);
    at.position = entry.at + 1;
  }
  const end = sim.frontier();
  const { prefix, lines: before } = reach(sim, at, end.events, end.time);
  lines.push(...before);
  if (prefix !== '') lines.push(`run until ${ms(end.time)}`);
  return `${lines.join('\n')}\n`;
}
