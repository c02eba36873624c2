/**
 * Fuzz profiles and fault schedules: what a randomized run does to the cluster (see `fuzz.ts`).
 *
 * @module
 */
import type { NodeId } from '../../raft/types.js';
import type { Intervention, MembershipChange } from '../engine/interventions.js';
import { MUTATIONS, type Mutation, type ParamsInput } from '../engine/params.js';
import type { Prng } from '../engine/prng.js';

// ---- Schedules ---------------------------------------------------------------------------------

/**
 * A step resolved against the state when it runs (deterministically):
 * - `crashLeader`: crash the current leader (the running leader with the highest term), if any;
 * - `isolateLeader`: partition the current leader from every other node, if there is a leader;
 * - `restartCrashed`: restart every crashed node;
 * - `proposeLeaders`: propose `command` on every running node that believes it leads (stale
 *   leaders included, so a minority leader grows an unreplicated tail); with `stale`, only on
 *   the leaders other than the current one (a client stuck with an old leader);
 * - `reconfig`: ask the current leader for `change` on the member chosen by `pick` (modulo the
 *   eligible ids of the leader's latest config: unlisted ids ≤ `MAX_NODES` to add, non-voters to promote or
 *   remove, voters to remove while more than two remain). Skipped without a leader or a candidate;
 * - `crashAtSync`: wait (at most 1 s) until some running node has a storage write pending, take the
 *   one chosen by `pick` (modulo those nodes, ascending ids), run every event before the instant
 *   its last pending write is due, then `after` of the events due at that instant (0: none, so the
 *   crash comes first), and crash it. This is the edge where a crash and a sync share an instant.
 */
export type FuzzMacro =
  | { readonly kind: 'crashLeader' }
  | { readonly kind: 'isolateLeader' }
  | { readonly kind: 'restartCrashed' }
  | { readonly kind: 'proposeLeaders'; readonly command: string; readonly stale?: boolean }
  | { readonly kind: 'reconfig'; readonly change: MembershipChange; readonly pick: number }
  | { readonly kind: 'crashAtSync'; readonly pick: number; readonly after: number };

/** What a schedule step does: a plain intervention or a macro. */
export type FuzzAction = Intervention | FuzzMacro;

/** One scheduled step, at a simulated time in ms (steps run in list order; times never decrease). */
export interface FuzzStep {
  readonly time: number;
  readonly action: FuzzAction;
}

// ---- Profiles ----------------------------------------------------------------------------------

export const PROFILE_NAMES = ['reliable-3', 'lossy-5', 'crash-5', 'snap-3', 'figure8-5', 'reconfig-5', 'sync-3'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** The context a generator draws a schedule for. */
export interface ScheduleContext {
  readonly nodes: number;
  readonly faultMs: number;
}

export interface Profile {
  readonly name: ProfileName;
  /** One line for help texts and reports. */
  readonly description: string;
  /** Node count unless overridden. */
  readonly nodes: number;
  /** Parameters (nodes, seed and mutations are filled in per run). */
  readonly params: ParamsInput;
  /** Draws the fault phase's schedule (faults and client workload). */
  generate(prng: Prng, ctx: ScheduleContext): FuzzStep[];
}


/** Collects steps, dropping any at or after the end of the fault phase. */
class Plan {
  private readonly steps: { time: number; order: number; action: FuzzAction }[] = [];
  constructor(
    readonly prng: Prng,
    readonly ctx: ScheduleContext,
  ) {}

  get end(): number {
    return this.ctx.faultMs;
  }

  ids(): NodeId[] {
    return Array.from({ length: this.ctx.nodes }, (_, i) => (i + 1) as NodeId);
  }

  node(): NodeId {
    return this.prng.int(1, this.ctx.nodes) as NodeId;
  }

  at(time: number, action: FuzzAction): void {
    const t = Math.max(0, Math.round(time));
    if (t < this.end) this.steps.push({ time: t, order: this.steps.length, action });
  }

  /** A random split into two non-empty groups (needs at least two nodes). */
  split(): NodeId[][] {
    const ids = this.shuffled(this.ids());
    const k = this.prng.int(1, ids.length - 1);
    return [ids.slice(0, k), ids.slice(k)];
  }

  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.prng.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  command(): string {
    const key = this.prng.pick(['x', 'y', 'z', 'w']);
    const op = this.prng.int(0, 9);
    if (op < 6) return `set ${key} ${this.prng.int(0, 999)}`;
    if (op < 9) return `incr ${key}`;
    return `del ${key}`;
  }

  /**
   * Client proposals every [minGap, maxGap] ms: a `leadersShare` of them go to every leader, a
   * `staleShare` only to stale leaders, the rest to the current leader.
   */
  workload(minGap: number, maxGap: number, leadersShare: number, staleShare = 0): void {
    for (let t = this.prng.int(minGap, maxGap); t < this.end; t += this.prng.int(minGap, maxGap)) {
      const command = this.command();
      const roll = this.prng.next();
      if (roll < leadersShare) this.at(t, { kind: 'proposeLeaders', command });
      else if (roll < leadersShare + staleShare) this.at(t, { kind: 'proposeLeaders', command, stale: true });
      else this.at(t, { kind: 'propose', command });
    }
  }

  /** The steps in time order (ties keep generation order). */
  done(): FuzzStep[] {
    return this.steps.sort((a, b) => a.time - b.time || a.order - b.order).map(({ time, action }) => ({ time, action }));
  }
}

function reliable(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(50, 200, 0);
  for (let t = prng.int(1000, 3000); t < ctx.faultMs; t += prng.int(2000, 5000)) {
    if (!prng.chance(0.5)) continue;
    plan.at(t, { kind: 'crashLeader' });
    plan.at(t + prng.int(300, 2500), { kind: 'restartCrashed' });
  }
  return plan.done();
}

function lossy(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(30, 150, 0.25, 0.25);
  for (let t = prng.int(200, 1500); t < ctx.faultMs; ) {
    const kind = prng.int(0, 99);
    if (kind < 45 && ctx.nodes > 1) plan.at(t, { kind: 'partition', groups: plan.split() });
    else if (kind < 70) plan.at(t, { kind: 'isolateLeader' });
    else if (kind < 80 && ctx.nodes > 1) {
      for (let c = prng.int(1, 3); c > 0; c--) {
        const [from, to] = plan.shuffled(plan.ids());
        plan.at(t, { kind: 'cut', from: from as NodeId, to: to as NodeId });
      }
    } else if (kind < 90 && ctx.nodes > 1) {
      for (let c = prng.int(1, 4); c > 0; c--) {
        const [from, to] = plan.shuffled(plan.ids());
        plan.at(t, { kind: 'linkFault', from: from as NodeId, to: to as NodeId, fault: { loss: prng.int(3, 9) / 10, delayMinMs: 10, delayMaxMs: prng.int(20, 120) } });
      }
    } else plan.at(t, { kind: 'globalFault', loss: prng.int(0, 30) / 100, duplicate: prng.int(0, 5) / 100 });
    const end = t + prng.int(300, 3000);
    // Often the next partition replaces this one without a heal in between: a stale leader with a
    // long tail then meets voters that never heard of it, which is what index-only voting needs.
    if (kind < 70 && prng.chance(0.5)) t = end;
    else {
      plan.at(end, { kind: 'heal' });
      t = end + prng.int(0, 1500);
    }
  }
  return plan.done();
}

function crashy(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(30, 150, 0.3);
  for (let t = prng.int(200, 1500); t < ctx.faultMs; t += prng.int(200, 1500)) {
    const kind = prng.int(0, 99);
    if (kind < 55) {
      const node = plan.node();
      plan.at(t, { kind: 'crash', node });
      plan.at(t + prng.int(100, 3000), { kind: 'restart', node });
    } else if (kind < 90) {
      plan.at(t, { kind: 'crashLeader' });
      plan.at(t + prng.int(100, 3000), { kind: 'restartCrashed' });
    } else plan.at(t, { kind: 'timeout', node: plan.node() });
  }
  return plan.done();
}

function snap(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(20, 80, 0.2);
  for (let t = prng.int(300, 1500); t < ctx.faultMs; t += prng.int(300, 1500)) {
    const kind = prng.int(0, 99);
    if (kind < 45) {
      const node = plan.node();
      plan.at(t, { kind: 'crash', node });
      plan.at(t + prng.int(500, 4000), { kind: 'restart', node });
    } else if (kind < 70 && ctx.nodes > 1) {
      const node = plan.node();
      plan.at(t, { kind: 'partition', groups: [[node], plan.ids().filter((id) => id !== node)] });
      plan.at(t + prng.int(500, 3000), { kind: 'heal' });
    } else if (kind < 85) plan.at(t, { kind: 'crashLeader' });
    else plan.at(t, { kind: 'restartCrashed' });
  }
  for (let t = prng.int(100, 1000); t < ctx.faultMs; t += prng.int(200, 1000)) plan.at(t, { kind: 'snapshot', node: plan.node() });
  return plan.done();
}

function figure8(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.at(0, { kind: 'maxEntriesPerAppend', value: prng.int(1, 2) });
  plan.workload(20, 100, 0.6);
  for (let t = prng.int(300, 1000); t < ctx.faultMs; ) {
    plan.at(t, prng.chance(0.7) ? { kind: 'crashLeader' } : { kind: 'isolateLeader' });
    const back = t + prng.int(50, 600);
    plan.at(back, { kind: 'restartCrashed' });
    plan.at(back, { kind: 'heal' });
    t = back + prng.int(100, 900);
  }
  return plan.done();
}

/** Crashes timed exactly at storage deadlines (before, or just after, the sync due then), and restarts. */
function syncCrashes(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(20, 120, 0.3);
  for (let t = prng.int(200, 1000); t < ctx.faultMs; t += prng.int(200, 1200)) {
    const kind = prng.int(0, 99);
    if (kind < 70) plan.at(t, { kind: 'crashAtSync', pick: prng.nextU32(), after: prng.chance(0.7) ? 0 : prng.int(1, 3) });
    else if (kind < 85) plan.at(t, { kind: 'crashLeader' });
    else plan.at(t, { kind: 'crash', node: plan.node() });
    plan.at(t + prng.int(50, 1500), { kind: 'restartCrashed' });
  }
  return plan.done();
}

const RECONFIG_CHANGES: readonly (readonly [MembershipChange, number])[] = [
  ['addNonVoter', 22],
  ['promote', 22],
  ['addVoter', 13],
  ['removeVoter', 28],
  ['removeNonVoter', 15],
];

function reconfig(prng: Prng, ctx: ScheduleContext): FuzzStep[] {
  const plan = new Plan(prng, ctx);
  plan.workload(40, 160, 0.2);
  for (let t = prng.int(300, 1200); t < ctx.faultMs; t += prng.int(300, 1500)) {
    let roll = prng.int(0, 99);
    const change = RECONFIG_CHANGES.find(([, weight]) => (roll -= weight) < 0)?.[0] ?? 'removeVoter';
    plan.at(t, { kind: 'reconfig', change, pick: prng.nextU32() });
    const fault = prng.int(0, 99);
    const faultAt = t + prng.int(0, 400);
    if (fault < 12) {
      plan.at(faultAt, { kind: 'crashLeader' });
      plan.at(faultAt + prng.int(100, 2000), { kind: 'restartCrashed' });
    } else if (fault < 20 && ctx.nodes > 1) {
      plan.at(faultAt, { kind: 'partition', groups: plan.split() });
      plan.at(faultAt + prng.int(200, 2000), { kind: 'heal' });
    }
  }
  return plan.done();
}

const PROFILE_LIST: readonly Profile[] = [
  {
    name: 'reliable-3',
    description: '3 nodes, reliable network; the leader crashes now and then and restarts',
    nodes: 3,
    params: {},
    generate: reliable,
  },
  {
    name: 'lossy-5',
    description: '5 nodes, 10% loss; partitions, isolated leaders, one-way cuts, lossy links',
    nodes: 5,
    params: { loss: 0.1 },
    generate: lossy,
  },
  {
    name: 'crash-5',
    description: '5 nodes, 2 ms storage latency; crashes of random nodes and of leaders, restarts',
    nodes: 5,
    params: { timing: { storageLatencyMs: 2 } },
    generate: crashy,
  },
  {
    name: 'snap-3',
    description: '3 nodes, compaction after 6 entries and on demand; long crashes so followers need InstallSnapshot',
    nodes: 3,
    params: { compactAfter: 6 },
    generate: snap,
  },
  {
    name: 'figure8-5',
    description: '5 nodes, AppendEntries truncated to 1–2 entries; leader crash/isolation loop',
    nodes: 5,
    params: {},
    generate: figure8,
  },
  {
    name: 'reconfig-5',
    description: '5 nodes; joint add/remove of voters, non-voters added and promoted, some faults',
    nodes: 5,
    params: {},
    generate: reconfig,
  },
  {
    name: 'sync-3',
    description: '3 nodes, 10 ms storage latency; crashes at the very instant a write is due, restarts',
    nodes: 3,
    params: { timing: { storageLatencyMs: 10 } },
    generate: syncCrashes,
  },
];

/** Every profile, by name. */
export const PROFILES: ReadonlyMap<ProfileName, Profile> = new Map(PROFILE_LIST.map((p) => [p.name, p]));

/** Resolves a profile name; the part before the dash is enough (`lossy` → `lossy-5`). */
export function findProfile(name: string): Profile | undefined {
  const exact = PROFILES.get(name as ProfileName);
  if (exact !== undefined) return exact;
  const matches = PROFILE_LIST.filter((p) => p.name.split('-')[0] === name);
  return matches.length === 1 ? matches[0] : undefined;
}

/** True if `name` is a known mutation. */
export function isMutation(name: string): name is Mutation {
  return (MUTATIONS as readonly string[]).includes(name);
}
