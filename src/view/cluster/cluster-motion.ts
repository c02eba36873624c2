/**
 * What moves on the ring between events, written straight into the SVG once per animation frame:
 * the timer arcs draining, the message glyphs flying, the drop marks fading. React draws the
 * ring when an event changes it; between events only the playhead moves, and re-rendering the
 * ring for that (as it did) cost a React render and commit per frame. Each part writes an
 * attribute only when its drawn value changed.
 *
 * @module
 */
import type { MessageView, NodeView } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import { timerOf } from '../../store/index.js';
import type { Point } from '../geometry/ring.js';
import { timerArcPath, timerRemaining } from '../geometry/timer.js';
import type { MessageDom } from './message-dom.js';

/** Timer fractions are quantised so an arc's path is rewritten at most ~200 times per drain. */
export const TIMER_STEPS = 200;

/** The quantised fraction of a node's timer left at `now`, or undefined without a timer. */
export function timerLeft(n: NodeView, now: number): number | undefined {
  const timer = timerOf(n);
  return timer === undefined ? undefined : Math.round(timerRemaining(timer.armedAt, timer.deadline, now) * TIMER_STEPS) / TIMER_STEPS;
}

/** How visible a drop at `endAt` is at `now`: 1 when it happens, 0 after `fadeMs`. */
export function dropOpacity(endAt: number, now: number, fadeMs: number): number {
  if (fadeMs <= 0) return now >= endAt ? 0 : 1;
  return 1 - Math.min(1, Math.max(0, (now - endAt) / fadeMs));
}

/** Everything on the ring that depends on the playhead, as of the last render. */
export interface Scene {
  readonly nodes: readonly NodeView[];
  readonly at: ReadonlyMap<NodeId, Point>;
  /** Node radius (the timer ring sits 7 outside it). */
  readonly r: number;
  readonly messages: readonly MessageView[];
  readonly selectedMessage: number | undefined;
  /** Message inset from node centres. */
  readonly inset: number;
  readonly dropFadeMs: number;
}

/** The moving parts of one ring: found in its SVG after each render, drawn for a playhead. */
export class ClusterMotion {
  private scene: Scene | undefined;
  private drawnAt = Number.NaN;
  private timers: { el: Element; node: NodeView; left: number }[] = [];
  private drops: { el: Element; endAt: number; opacity: number }[] = [];

  constructor(readonly messages: MessageDom) {}

  /** After a render: the new scene and the elements React drew for it (`svg` is the ring). */
  rendered(svg: SVGSVGElement, scene: Scene): void {
    this.scene = scene;
    this.drawnAt = Number.NaN;
    const nodes = new Map(scene.nodes.map((n) => [n.id, n]));
    this.timers = [];
    for (const el of svg.querySelectorAll('.rl-nodes [data-timer]')) {
      const node = nodes.get(Number(el.getAttribute('data-timer')) as NodeId);
      // Redrawn after every render: the node may have moved (a reset to another size).
      if (node !== undefined) this.timers.push({ el, node, left: Number.NaN });
    }
    this.drops = Array.from(svg.querySelectorAll('.rl-drops [data-end-at]'), (el) => ({ el, endAt: Number(el.getAttribute('data-end-at')), opacity: Number.NaN }));
    this.messages.show(scene.messages, scene.selectedMessage);
  }

  /** Draws the scene at playhead `now` (nothing is written if `now` is what was drawn last). */
  draw(now: number): void {
    const s = this.scene;
    if (s === undefined || now === this.drawnAt) return;
    this.drawnAt = now;
    for (const t of this.timers) {
      const left = timerLeft(t.node, now) ?? 0;
      if (left === t.left) continue;
      t.left = left;
      const p = s.at.get(t.node.id);
      if (p !== undefined) t.el.setAttribute('d', timerArcPath(p.x, p.y, s.r + 7, left));
      t.el.setAttribute('data-left', left.toFixed(3));
    }
    for (const d of this.drops) {
      const opacity = Math.round(dropOpacity(d.endAt, now, s.dropFadeMs) * 100) / 100;
      if (opacity === d.opacity) continue;
      d.opacity = opacity;
      d.el.setAttribute('opacity', String(opacity));
      d.el.setAttribute('visibility', opacity <= 0 ? 'hidden' : 'visible');
    }
    this.messages.place(s.at, now, s.inset);
  }
}
