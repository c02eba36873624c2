/**
 * The crowded message layer in real Chromium: with hundreds of messages in flight the glyphs are
 * drawn as a few batched paths (message-batch.ts), each where the layer places it; a click on the
 * drawing selects the message under it and rings it; the named buttons stay in the DOM for the
 * keyboard.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../src/raft/index.js';
import type { Frame } from '../../src/store/index.js';
import { RING } from '../../src/view/cluster/ClusterRing.js';
import { messageXY } from '../../src/view/cluster/message-dom.js';
import { nodeRadius, ringLayout, type Point } from '../../src/view/geometry/ring.js';
import { TIMEOUT, useBuiltApp } from './harness/app.js';
import type { HookWindow } from './harness/hook.js';
import { ensurePaused, frameOf, uiOf, until } from './harness/page-helpers.js';

/** Puts the run where ≥ 300 messages are in flight (a 10 ms heartbeat, 200–300 ms latency), paused. */
async function crowd(page: Page): Promise<Frame> {
  await page.evaluate(() => {
    const store = (window as HookWindow).raftlab;
    const a = store?.actions;
    a?.reset({ nodes: 9, seed: 1, timing: { heartbeatMs: 10, delayMinMs: 200, delayMaxMs: 300, electionMinMs: 1000, electionMaxMs: 2000 } });
    a?.pause();
    for (let i = 0; i < 200 && (store?.getState().frame.view.inFlight.length ?? 0) < 300; i++) a?.advance(100);
  });
  await until(() => page.getByTestId('messages').getAttribute('data-count'), (c) => Number(c) >= 300, 'the ring to draw ≥ 300 messages');
  return frameOf(page);
}

/** Where each message is drawn at the frame's playhead, in ring coordinates (as the layer computes it). */
function placed(f: Frame): { id: number; term: number; p: Point }[] {
  const ids = f.view.nodes.map((n) => n.id);
  const at = new Map<NodeId, Point>(ringLayout(ids.length, RING.cx, RING.cy, RING.r).map((p, i) => [ids[i] as NodeId, p]));
  const inset = nodeRadius(ids.length, RING.r, RING.maxNode) + 4;
  return f.view.inFlight.flatMap((m) => {
    const p = messageXY(m, at, f.now, inset);
    return p === undefined ? [] : [{ id: m.id, term: m.term, p }];
  });
}

/** For each ring point: is the topmost element there part of the crowded drawing (the batch paths)? */
function paintedAt(page: Page, points: readonly Point[]): Promise<boolean[]> {
  return page.getByTestId('cluster-ring').evaluate((el, pts) => {
    const m = (el as SVGSVGElement).getScreenCTM();
    if (m === null) throw new Error('the ring has no screen matrix');
    return pts.map((p) => {
      const s = new DOMPoint(p.x, p.y).matrixTransform(m);
      return document.elementFromPoint(s.x, s.y)?.closest('[data-testid="messages-batch"]') != null;
    });
  }, points);
}

/** A message with no other glyph within `gap` units of it and away from every node, if any. */
function isolated(all: ReturnType<typeof placed>, f: Frame, gap: number): ReturnType<typeof placed>[number] | undefined {
  const ids = f.view.nodes.map((n) => n.id);
  const nodes = ringLayout(ids.length, RING.cx, RING.cy, RING.r);
  const r = nodeRadius(ids.length, RING.r, RING.maxNode);
  return all.find((a) => all.every((b) => b === a || Math.hypot(a.p.x - b.p.x, a.p.y - b.p.y) > gap) && nodes.every((n) => Math.hypot(a.p.x - n.x, a.p.y - n.y) > r + 2 * gap));
}

describe('the crowded message layer', () => {
  const app = useBuiltApp();

  it('draws every message where the layer places it, as a few paths, and nothing elsewhere', async () => {
    const { page, problems, shot } = await app.open('seed=1&nodes=9');
    await ensurePaused(page);
    const f = await crowd(page);
    const all = placed(f);
    expect(all.length).toBeGreaterThanOrEqual(300);
    // The named buttons stay (keyboard, assistive technology), shapeless: the batch draws them.
    expect(await page.locator('[data-testid="messages"] [role="button"]').count()).toBe(f.view.inFlight.length);
    expect(await page.locator('[data-testid="messages"] .rl-msg-shape').count()).toBe(0);
    expect(await page.locator('[data-testid="messages-batch"] path').count()).toBeLessThan(12);
    // At every glyph's centre the drawing is on top (a shape or its answer mark); at the corner
    // and at the nodes' centres it is not.
    expect((await paintedAt(page, all.map((a) => a.p))).filter((hit) => !hit)).toEqual([]);
    const nodes = ringLayout(9, RING.cx, RING.cy, RING.r);
    expect(await paintedAt(page, [{ x: 3, y: 3 }, ...nodes])).toEqual([false, ...nodes.map(() => false)]);
    await shot('crowd-layer');
    expect(problems).toEqual([]);
  });

  it('selects the message under a click on the crowded drawing and rings it', async () => {
    const { page, problems, shot } = await app.open('seed=1&nodes=9');
    await ensurePaused(page);
    const f = await crowd(page);
    const target = isolated(placed(f), f, 14);
    expect(target, 'a message drawn apart from the others').toBeDefined();
    if (target === undefined) return;
    const box = await page.getByTestId('cluster-ring').evaluate((el) => {
      const m = (el as SVGSVGElement).getScreenCTM();
      return m === null ? undefined : { a: m.a, d: m.d, e: m.e, f: m.f };
    });
    expect(box).toBeDefined();
    if (box === undefined) return;
    await page.mouse.click(box.a * (target.p.x + 2) + box.e, box.d * (target.p.y - 1) + box.f);
    await until(() => uiOf(page), (ui) => ui.selection?.kind === 'message', 'the click to select a message');
    expect((await uiOf(page)).selection).toEqual({ kind: 'message', id: target.id });
    await expect.poll(() => page.getByTestId(`msg-${target.id}`).getAttribute('aria-pressed')).toBe('true');
    const ring = page.locator('[data-testid="messages-batch"] .rl-selection-ring');
    expect(await ring.getAttribute('visibility')).toBe('visible');
    expect(Number(await ring.getAttribute('cx'))).toBeCloseTo(target.p.x, 1);
    expect(Number(await ring.getAttribute('cy'))).toBeCloseTo(target.p.y, 1);
    await shot('crowd-layer-selected');
    expect(problems).toEqual([]);
  });
}, TIMEOUT * 4);
