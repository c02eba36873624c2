/**
 * The crowded level of detail of the message layer: with hundreds of messages in flight the glyph
 * shapes are drawn as a few `<path>`s, one per shape and term colour (plus one for the ✓ / ✗ / ↩
 * marks and one for held marks), rebuilt each animation frame. Moving 400 glyph groups cost a
 * style recalculation and a paint item per glyph per frame; a few path strings cost about half
 * the main-thread time (measured in Chromium: 400 glyphs, 240 → 110-155 ms of CPU per second).
 * The per-message focusable buttons stay in the DOM (names, keyboard, tests) but do not move; a
 * click on the drawing is matched to the nearest glyph, and the selected and focused messages get
 * a ring drawn here.
 *
 * @module
 */
import type { MessageView } from '../../sim/index.js';
import { termColour } from '../theme.js';
import { GLYPH_HEIGHT, glyphShape, isReply, replyAnswer } from './glyph-shape.js';

const SVG = 'http://www.w3.org/2000/svg';

/** A glyph to draw: its message and where it is now. */
export interface Placed {
  readonly m: MessageView;
  readonly x: number;
  readonly y: number;
}

const r1 = (v: number): number => Math.round(v * 10) / 10;

function circle(x: number, y: number, r: number): string {
  return `M${r1(x - r)} ${r1(y)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
}

function rect(x: number, y: number, w: number): string {
  return `M${r1(x - w / 2)} ${r1(y - GLYPH_HEIGHT / 2)}v${GLYPH_HEIGHT}h${w}v${-GLYPH_HEIGHT}z`;
}

/** The glyph's shape (glyph-shape.ts, as the detailed glyphs draw it; rectangles without rounding). */
function shapePath(m: MessageView, x: number, y: number): string {
  const g = glyphShape(m);
  return g.kind === 'circle' ? circle(x, y, g.r) : rect(x, y, g.width);
}

/** A reply's ✓ (granted / accepted), ✗ (refused / rejected) or ↩ (no answer field); '' for calls. */
function markPath(m: MessageView, x: number, y: number): string {
  if (!isReply(m)) return '';
  const ok = replyAnswer(m);
  if (ok === true) return `M${r1(x - 3.2)} ${r1(y + 0.2)}l2.2 2.6 4.2-5.4`;
  if (ok === false) return `M${r1(x - 2.6)} ${r1(y - 2.6)}l5.2 5.2m0-5.2l-5.2 5.2`;
  return `M${r1(x + 3)} ${r1(y + 2)}v-3h-6m2.2-2.2l-2.2 2.2 2.2 2.2`;
}

/** The held mark: two bars beside the glyph. */
function heldPath(x: number, y: number): string {
  return `M${r1(x + 9)} ${r1(y - 5)}h2.5v9h-2.5zM${r1(x + 13.5)} ${r1(y - 5)}h2.5v9h-2.5z`;
}

export class MessageBatch {
  private readonly paths = new Map<string, SVGPathElement>();
  private readonly selected: SVGCircleElement;
  private readonly focused: SVGCircleElement;

  constructor(private readonly group: SVGGElement) {
    this.selected = this.ring('rl-selection-ring', 13);
    this.focused = this.ring('rl-focus-ring', 11);
  }

  private ring(className: string, r: number): SVGCircleElement {
    const c = this.group.ownerDocument.createElementNS(SVG, 'circle');
    c.setAttribute('class', className);
    c.setAttribute('r', String(r));
    c.setAttribute('visibility', 'hidden');
    this.group.appendChild(c);
    return c;
  }

  private path(key: string, attrs: Readonly<Record<string, string>>): SVGPathElement {
    let p = this.paths.get(key);
    if (p === undefined) {
      p = this.group.ownerDocument.createElementNS(SVG, 'path');
      for (const [k, v] of Object.entries(attrs)) p.setAttribute(k, v);
      this.group.insertBefore(p, this.selected);
      this.paths.set(key, p);
    }
    return p;
  }

  /** Draws `glyphs`; rings around the selected and the focused message if they are among them. */
  draw(glyphs: Iterable<Placed>, selectedId: number | undefined, focusedId: number | undefined): void {
    const parts = new Map<string, string[]>();
    const add = (key: string, d: string) => {
      if (d === '') return;
      const list = parts.get(key);
      if (list === undefined) parts.set(key, [d]);
      else list.push(d);
    };
    let sel: Placed | undefined;
    let foc: Placed | undefined;
    for (const g of glyphs) {
      add(`shape ${termColour(g.m.term)}`, shapePath(g.m, g.x, g.y));
      add('mark', markPath(g.m, g.x, g.y));
      if (g.m.held) add('held', heldPath(g.x, g.y));
      if (g.m.id === selectedId) sel = g;
      if (g.m.id === focusedId) foc = g;
    }
    for (const [key, list] of parts) {
      const attrs: Readonly<Record<string, string>> = key === 'mark' ? { class: 'rl-msg-mark-path' } : key === 'held' ? { class: 'rl-msg-held-path' } : { class: 'rl-msg-shape', fill: key.slice('shape '.length) };
      this.path(key, attrs).setAttribute('d', list.join(''));
    }
    for (const [key, p] of this.paths) if (!parts.has(key) && p.getAttribute('d') !== '') p.setAttribute('d', '');
    place(this.selected, sel);
    place(this.focused, foc);
  }

  /** Draws nothing (the layer left the crowded level of detail). */
  clear(): void {
    this.draw([], undefined, undefined);
  }
}

function place(ring: SVGCircleElement, at: Placed | undefined): void {
  if (at === undefined) {
    if (ring.getAttribute('visibility') !== 'hidden') ring.setAttribute('visibility', 'hidden');
    return;
  }
  ring.setAttribute('cx', String(at.x));
  ring.setAttribute('cy', String(at.y));
  ring.setAttribute('visibility', 'visible');
}

/** The glyph nearest to (x, y) within `radius`, if any. */
export function nearest(glyphs: Iterable<Placed>, x: number, y: number, radius = 12): Placed | undefined {
  let best: Placed | undefined;
  let bestD = radius * radius;
  for (const g of glyphs) {
    const d = (g.x - x) ** 2 + (g.y - y) ** 2;
    if (d <= bestD) {
      best = g;
      bestD = d;
    }
  }
  return best;
}
