// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { Simulation, type MessageView } from '../../../src/sim/index.js';
import type { NodeId } from '../../../src/raft/index.js';
import { messageLabel } from '../../../src/store/index.js';
import { MessageDom } from '../../../src/view/cluster/message-dom.js';
import { termColour } from '../../../src/view/theme.js';
import { ringLayout, type Point } from '../../../src/view/geometry/ring.js';

function layer(): SVGGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  svg.appendChild(g);
  document.body.appendChild(svg);
  return g;
}

function flying(): { messages: readonly MessageView[]; sim: Simulation } {
  const sim = new Simulation({ seed: 1 });
  sim.runUntilCondition((s) => s.view().inFlight.length >= 3);
  return { messages: sim.view().inFlight, sim };
}

const at = new Map<NodeId, Point>(ringLayout(5, 300, 284, 200).map((p, i) => [(i + 1) as NodeId, p]));
const ids = (g: SVGGElement) => Array.from(g.children, (c) => Number(c.getAttribute('data-msg')));

describe('MessageDom', () => {
  it('draws one glyph per message in id order, keeps unchanged glyphs and removes delivered ones', () => {
    const g = layer();
    const dom = new MessageDom(g);
    const { messages } = flying();
    dom.show(messages, undefined);
    expect(ids(g)).toEqual(messages.map((m) => m.id));
    const kept = g.children[1];
    const fewer = messages.slice(1);
    dom.show(fewer, undefined);
    expect(ids(g)).toEqual(fewer.map((m) => m.id));
    expect(g.children[0]).toBe(kept);
    const button = g.querySelector(`[data-testid="msg-${fewer[0]?.id}"]`);
    expect(button?.getAttribute('role')).toBe('button');
    expect(button?.getAttribute('tabindex')).toBe('0');
    expect(button?.getAttribute('aria-label')).toMatch(/^Message \d+, \S+/);
  });

  it('rebuilds a message whose view changed (held) with the held mark, and marks the selected one', () => {
    const g = layer();
    const dom = new MessageDom(g);
    const { messages } = flying();
    const first = messages[0] as MessageView;
    dom.show(messages, first.id);
    expect(g.querySelector(`[data-msg="${first.id}"]`)?.classList.contains('rl-selected')).toBe(true);
    expect(g.querySelector(`[data-testid="msg-${first.id}"]`)?.getAttribute('aria-pressed')).toBe('true');
    expect(g.querySelectorAll('.rl-selection-ring')).toHaveLength(1);
    const held = [{ ...first, held: true }, ...messages.slice(1)];
    dom.show(held, first.id);
    expect(g.querySelector(`[data-msg="${first.id}"]`)?.classList.contains('rl-msg-held')).toBe(true);
    expect(g.querySelectorAll('.rl-msg-held-mark')).toHaveLength(1);
    expect(g.querySelectorAll('.rl-selection-ring')).toHaveLength(1);
    dom.show(held, undefined);
    expect(g.querySelectorAll('.rl-selection-ring')).toHaveLength(0);
  });

  it('places glyphs by simulated time and writes nothing when nothing moved', () => {
    const g = layer();
    const dom = new MessageDom(g);
    const { messages } = flying();
    const m = messages[0] as MessageView;
    dom.show(messages, undefined);
    const glyph = g.querySelector(`[data-msg="${m.id}"]`) as SVGGElement;
    dom.place(at, m.sentAt, 30);
    const start = glyph.getAttribute('transform');
    dom.place(at, m.deliverAt, 30);
    const end = glyph.getAttribute('transform');
    expect(start).toMatch(/^translate\(/);
    expect(end).not.toBe(start);
    glyph.setAttribute('transform', 'marker');
    dom.place(at, m.deliverAt, 30);
    expect(glyph.getAttribute('transform')).toBe('marker');
  });

  it('finds the message id of a click target inside a glyph', () => {
    const g = layer();
    const dom = new MessageDom(g);
    const { messages } = flying();
    dom.show(messages, undefined);
    const shape = g.querySelector(`[data-testid="msg-${messages[2]?.id}"] .rl-msg-shape`);
    expect(MessageDom.idOf(shape)).toBe(messages[2]?.id);
    expect(MessageDom.idOf(g)).toBeUndefined();
  });

  it('gives every glyph built from a shared template its own id, name, colour and words', () => {
    const g = layer();
    const dom = new MessageDom(g);
    const sim = new Simulation({ seed: 3 });
    const seen: MessageView[] = [];
    for (let i = 0; i < 400; i++) {
      sim.step();
      const messages = sim.view().inFlight;
      dom.show(messages, undefined);
      seen.push(...messages);
    }
    sim.apply({ kind: 'propose', command: 'set x 1' });
    sim.runFor(30);
    dom.show(sim.view().inFlight, undefined);
    seen.push(...sim.view().inFlight);
    for (const m of sim.view().inFlight) {
      const button = g.querySelector(`[data-testid="msg-${m.id}"]`);
      expect(button?.getAttribute('aria-label')).toBe(messageLabel(m));
      expect(button?.getAttribute('data-kind')).toBe(m.kind);
      expect(button?.querySelector('.rl-msg-shape')?.getAttribute('fill')).toBe(termColour(m.term));
      expect(button?.parentElement?.getAttribute('data-msg')).toBe(String(m.id));
      const words = g.querySelector(`[data-testid="msg-${m.id}-words"]`)?.textContent ?? '';
      if (m.kind === 'RequestVoteCall') expect(words).toBe(`RV t${m.term}`);
      if (m.kind === 'AppendEntriesCall') expect(words).toBe((m.entryCount ?? 0) === 0 ? '' : `AE ${m.entryCount}`);
      if (m.kind === 'AppendEntriesReply') expect(words).toBe(m.success === undefined ? '↩' : m.success ? '✓' : '✗');
      if (m.kind === 'RequestVoteReply') expect(words).toBe(m.granted === undefined ? '↩' : m.granted ? '✓' : '✗');
    }
    expect(new Set(seen.map((m) => m.kind)).size).toBeGreaterThanOrEqual(4);
  });
});

describe('MessageDom, crowded level of detail', () => {
  function crowd(): readonly MessageView[] {
    const sim = new Simulation({ nodes: 9, seed: 1, timing: { heartbeatMs: 10, delayMinMs: 200, delayMaxMs: 300, electionMinMs: 1000, electionMaxMs: 2000 } });
    sim.runUntilCondition((s) => s.view().inFlight.length > 150 && s.view().inFlight.some((m) => m.kind === 'AppendEntriesReply'));
    return sim.view().inFlight;
  }
  const at9 = new Map<NodeId, Point>(ringLayout(9, 300, 284, 200).map((p, i) => [(i + 1) as NodeId, p]));

  it('above DENSE_MESSAGES keeps only named buttons and draws the glyphs as a few paths; below, detailed glyphs again', async () => {
    const { MessageBatch } = await import('../../../src/view/cluster/message-batch.js');
    const g = layer();
    const batchGroup = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    g.parentNode?.appendChild(batchGroup);
    const dom = new MessageDom(g, new MessageBatch(batchGroup));
    const messages = crowd();
    // The one reply in flight: alone on its lane, so the nearest glyph to its ring is itself.
    const chosen = messages.find((m) => m.kind === 'AppendEntriesReply') as MessageView;
    dom.show(messages, chosen.id);
    dom.place(at9, chosen.sentAt + 1, 30);
    expect(g.children).toHaveLength(messages.length);
    expect(g.querySelectorAll('.rl-msg-shape')).toHaveLength(0);
    const button = g.querySelector(`[data-testid="msg-${chosen.id}"]`);
    expect(button?.getAttribute('aria-label')).toBe(messageLabel(chosen));
    expect(button?.getAttribute('aria-pressed')).toBe('true');
    const paths = Array.from(batchGroup.querySelectorAll('path'));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.length).toBeLessThan(12);
    const subpaths = paths.filter((p) => p.getAttribute('class') === 'rl-msg-shape').reduce((n, p) => n + (p.getAttribute('d')?.match(/M/g)?.length ?? 0), 0);
    expect(subpaths).toBe(messages.length);
    const marks = messages.filter((m) => m.kind === 'AppendEntriesReply' || m.kind === 'RequestVoteReply').length;
    expect(marks).toBeGreaterThan(0);
    expect(batchGroup.querySelector('.rl-msg-mark-path')?.getAttribute('d')?.match(/M/g)?.length).toBe(marks);
    const ring = batchGroup.querySelector('.rl-selection-ring');
    expect(ring?.getAttribute('visibility')).toBe('visible');
    const placed = { x: Number(ring?.getAttribute('cx')), y: Number(ring?.getAttribute('cy')) };
    expect(dom.hit(placed.x + 2, placed.y - 1)).toBe(chosen.id);
    expect(dom.hit(-100, -100)).toBeUndefined();
    const few = messages.slice(0, 50);
    dom.show(few, undefined);
    dom.place(at9, chosen.sentAt + 2, 30);
    expect(g.querySelectorAll('.rl-msg-shape')).toHaveLength(few.length);
    expect(Array.from(batchGroup.querySelectorAll('path')).every((p) => (p.getAttribute('d') ?? '') === '')).toBe(true);
    expect(dom.hit(placed.x, placed.y)).toBeUndefined();
  });
});
