// Explanations come from the decisions the nodes made. Across a few chaotic runs, every kind of
// decision (and every reason a vote or an append is refused) shows up, and each sentence cites
// the paper.
import { describe, expect, it } from 'vitest';
import { findProfile, generateSchedule, replay, type Profile } from '../../src/sim/fuzz/index.js';
import type { Simulation } from '../../src/sim/index.js';

function decisionsOf(sim: Simulation, seen: Map<string, string>): void {
  sim.explainRange(0, sim.end, (e) => {
    for (const line of e.lines) {
      if (line.kind !== 'decision') continue;
      const d = line.decision;
      const reason = 'reason' in d ? `:${d.reason}` : d.kind === 'replyMismatch' ? `:${d.next}` : '';
      if (!seen.has(d.kind + reason)) seen.set(d.kind + reason, line.text);
    }
  });
}

describe('explanations', () => {
  const seen = new Map<string, string>();
  for (const [name, seeds] of [['lossy-5', [1, 2]], ['snap-3', [1, 2]], ['reconfig-5', [1, 2, 3]], ['figure8-5', [1]]] as const) {
    const profile = findProfile(name) as Profile;
    for (const seed of seeds) decisionsOf(replay(profile, seed, generateSchedule(profile, seed)), seen);
  }

  it.each([
    'termAdvanced', 'electionStarted', 'voteGranted', 'voteRefused:alreadyVoted', 'voteRefused:logNotUpToDate', 'voteRefused:staleTerm',
    'voteReceived', 'becameLeader', 'becameFollower', 'appendAccepted', 'appendRejected:gap', 'appendRejected:conflict',
    'appendRejected:staleTerm', 'replyAccepted', 'replyMismatch:backOff', 'replyMismatch:installSnapshot', 'commitAdvanced',
    'commitHeld', 'configFinalized', 'steppedDown:removedFromConfig', 'snapshotInstalled', 'messageIgnored:notCandidate',
    'messageIgnored:staleSeqno', 'timeoutIgnored:notVoter',
  ])('%s occurs and is explained with a paper citation', (key) => {
    const text = seen.get(key);
    expect(text, `no ${key} decision in the runs (seen: ${[...seen.keys()].join(', ')})`).toBeDefined();
    expect(text).toMatch(/— (§\d|Figure)/);
    expect(text).toMatch(/^n\d/);
  });
});
