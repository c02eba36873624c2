/**
 * Journey 1: the first election, stepped event by event with the Step button. The timer arcs
 * drain, a candidate's RequestVotes fly, votes come back and show as pips, a leader is marked,
 * and every step's explanation names the rule behind it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/store/index.js';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import { drawnMessages, drawnRoles, ensurePaused, frameOf, nodeGlyph, nodeWords, until } from './harness/page-helpers.js';

interface StepRecord {
  readonly frame: Frame;
  readonly roles: Record<number, string>;
  readonly timers: Record<number, number>;
  readonly messages: { id: number; kind: string; label: string }[];
  readonly grantedPips: number;
  readonly narration: string;
}

/** The fraction left of each drawn timer arc (data-left), by node. */
function drawnTimers(page: Page): Promise<Record<number, number>> {
  return page.evaluate(() => {
    const out: Record<number, number> = {};
    for (const el of document.querySelectorAll<SVGPathElement>('[data-testid^="timer-"]')) {
      out[Number(el.dataset['testid']?.slice('timer-'.length))] = Number(el.dataset['left']);
    }
    return out;
  });
}

async function record(page: Page): Promise<StepRecord> {
  return {
    frame: await frameOf(page),
    roles: await drawnRoles(page),
    timers: await drawnTimers(page),
    messages: await drawnMessages(page),
    grantedPips: await page.locator('.rl-pip-granted').count(),
    narration: (await page.getByTestId('live-region').textContent()) ?? '',
  };
}

/** A rule as the core cites it: a section of the paper or its Figure 2. */
const RULE = /§\s?\d|Figure \d/;

describe('journey 1: the first election, event by event', () => {
  const app = useBuiltApp();

  it('timers drain, RequestVotes fly, votes arrive, a leader is marked; every step names its rule', async () => {
    const { page, problems, shot } = await app.open('seed=1&nodes=5');
    await ensurePaused(page);
    const start = await record(page);
    expect(Object.values(start.roles)).toEqual(['follower', 'follower', 'follower', 'follower', 'follower']);
    expect(Object.keys(start.timers).length, 'every node shows its election timer').toBe(5);

    const steps: StepRecord[] = [];
    const step = page.getByRole('button', { name: 'Step one event' });
    let candidateShot = false;
    for (let i = 0; i < 200 && !Object.values(steps.at(-1)?.roles ?? {}).includes('leader'); i++) {
      const before = steps.at(-1)?.frame.position ?? start.frame.position;
      await step.click();
      const f = await until(() => frameOf(page), (x) => x.position === before + 1, 'one event more');
      const said = `Event ${f.explanation?.index ?? '?'} at`;
      await until(() => page.getByTestId('live-region').textContent(), (t) => (t ?? '').startsWith(said), `the narration "${said} …"`);
      const r = await record(page);
      steps.push(r);
      if (!candidateShot && r.messages.some((m) => m.kind === 'RequestVoteCall')) {
        await shot('journey1-candidate');
        candidateShot = true;
      }
    }
    const last = steps.at(-1) as StepRecord;
    const leaders = Object.entries(last.roles).filter(([, r]) => r === 'leader').map(([id]) => Number(id));
    expect(leaders, 'exactly one node is drawn as the leader').toHaveLength(1);
    const leader = leaders[0] as number;
    await shot('journey1-leader');

    // The arcs drain: at the first event (the first election timeout), the time moved on and every
    // other node's arc is shorter than it was, none refilled.
    const beforeCampaign = steps.findIndex((s) => Object.values(s.roles).includes('candidate'));
    expect(beforeCampaign, 'some node became a candidate').toBeGreaterThanOrEqual(0);
    const drained = steps[0] as StepRecord;
    expect(drained.frame.time).toBeGreaterThan(start.frame.time);
    const waiting = Object.entries(drained.roles).filter(([, r]) => r === 'follower').map(([id]) => Number(id));
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    for (const id of waiting) {
      expect(drained.timers[id], `n${id}'s arc after ${drained.frame.time} ms`).toBeLessThan(start.timers[id] ?? 0);
    }

    // The candidate's RequestVotes fly to the four others, and they are drawn as such.
    const campaign = steps[beforeCampaign] as StepRecord;
    const candidate = Number(Object.entries(campaign.roles).find(([, r]) => r === 'candidate')?.[0]);
    const requests = campaign.messages.filter((m) => m.kind === 'RequestVoteCall');
    expect(requests.filter((m) => m.label.includes(`RequestVote from n${candidate} to`))).toHaveLength(4);

    // Votes arrive: replies fly back, and the candidate's granted pips grow to a majority.
    expect(steps.some((s) => s.messages.some((m) => m.kind === 'RequestVoteReply')), 'vote replies were drawn').toBe(true);
    const pips = steps.map((s) => s.grantedPips);
    expect(Math.max(...pips), 'granted-vote pips around the candidate').toBeGreaterThanOrEqual(2);
    expect(leader).toBe(candidate);

    // The leader is marked: its role, its badge, and its accessible name.
    await expect.poll(() => nodeGlyph(page, leader).getAttribute('aria-label')).toMatch(new RegExp(`^Node ${leader}, leader, term 1\\b`));
    expect(await nodeWords(page, leader).locator('.rl-leader-badge').count()).toBe(1);
    expect(last.frame.view.leader).toBe(leader);

    // Every step's explanation cites its rule, in the store and in what the page says.
    for (const s of steps) {
      const e = s.frame.explanation;
      expect(e, `explanation of event ${s.frame.position - 1}`).toBeDefined();
      const cited = (e?.lines ?? []).filter((l) => RULE.test(l.text));
      expect(cited.length, `event ${e?.index}: ${JSON.stringify(e?.lines.map((l) => l.text))}`).toBeGreaterThan(0);
      expect(s.narration, `narration of event ${e?.index}`).toMatch(RULE);
    }
    expect(problems).toEqual([]);
  }, 4 * TIMEOUT);
});
