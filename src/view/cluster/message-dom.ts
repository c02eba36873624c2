/**
 * The messages in flight, drawn imperatively into one SVG group (the issue allows it for a layer
 * measured too slow through React): one element tree per message, created when it is sent and
 * removed when it is delivered (keyed by id, so a frame where the set changes touches only the
 * added and removed messages), and moved every animation frame by writing one `transform`
 * attribute per message whose point changed. With 400 messages in flight React reconciled every
 * glyph on every event and the transforms were rewritten from scratch each frame (measured: about
 * 6 ms of a 9-node frame); here a frame costs the arithmetic and the attributes that changed.
 *
 * Each message keeps the structure the React glyph had: a `<g class="rl-msg …" data-msg>` that
 * carries the position, holding a focusable `role="button"` group with the shape and a sentence
 * name (`msg-<id>`), and beside it, hidden from assistive technology and click-through, the
 * visible words (`msg-<id>-words`: kind label, ✓ / ✗, the held mark).
 *
 * @module
 */
import type { MessageView } from '../../sim/index.js';
import type { NodeId } from '../../raft/index.js';
import { messageLabel } from '../../store/index.js';
import { flightProgress, messagePoint, parkedPoint } from '../geometry/message.js';
import type { Point } from '../geometry/ring.js';
import { termColour } from '../theme.js';
import { nearest, type MessageBatch } from './message-batch.js';
import { GLYPH_HEIGHT, glyphShape, isReply, replyAnswer } from './glyph-shape.js';

const SVG = 'http://www.w3.org/2000/svg';

/** Lane offset so the two directions of a link travel side by side. */
export const LANE = 7;
/** Above this many messages the layer draws its crowded level of detail (see MessageBatch). */
export const DENSE_MESSAGES = 120;
/** …and goes back to detailed glyphs below this many (a gap, so it does not flip every event). */
const SPARSE_MESSAGES = 100;

/** Where `m` is drawn at `now` (its lane's midpoint while held). */
export function messageXY(m: MessageView, at: ReadonlyMap<NodeId, Point>, now: number, inset: number): Point | undefined {
  const a = at.get(m.from);
  const b = at.get(m.to);
  if (a === undefined || b === undefined) return undefined;
  return m.held ? parkedPoint(a, b, inset, LANE) : messagePoint(a, b, flightProgress(m.sentAt, m.deliverAt, now), inset, LANE);
}

type Attrs = Readonly<Record<string, string | number>>;

function el(doc: Document, tag: string, attrs: Attrs, children: readonly Element[] = []): SVGElement {
  const e = doc.createElementNS(SVG, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.appendChild(c);
  return e;
}

function text(doc: Document, words: string, attrs: Attrs): SVGElement {
  const t = el(doc, 'text', { 'text-anchor': 'middle', ...attrs });
  t.textContent = words;
  return t;
}

/** The shape by kind (glyph-shape.ts), filled with the message's term colour. */
function shape(doc: Document, m: MessageView): SVGElement {
  const base = { fill: termColour(m.term), class: 'rl-msg-shape' };
  const g = glyphShape(m);
  if (g.kind === 'circle') return el(doc, 'circle', { r: g.r, ...base });
  return el(doc, 'rect', { x: -g.width / 2, y: -GLYPH_HEIGHT / 2, width: g.width, height: GLYPH_HEIGHT, rx: g.rx, ...base });
}

/** The label above a glyph whose words name it (RequestVote, AppendEntries with entries, snapshot). */
function labelWords(m: MessageView): string | undefined {
  switch (m.kind) {
    case 'RequestVoteCall':
      return `RV t${m.term}`;
    case 'RequestVoteReply':
    case 'AppendEntriesReply':
      return undefined;
    case 'AppendEntriesCall':
      return (m.entryCount ?? 0) === 0 ? undefined : `AE ${m.entryCount}`;
    default:
      return `SNAP i${m.lastPosition?.index ?? '?'}`;
  }
}

/** The label above the glyph, or the ✓ / ✗ on a reply; none for a heartbeat. */
function words(doc: Document, m: MessageView): SVGElement | undefined {
  const label = labelWords(m);
  if (label !== undefined) return text(doc, label, { y: -10, class: 'rl-msg-label' });
  if (!isReply(m)) return undefined;
  const ok = replyAnswer(m);
  return text(doc, ok === undefined ? '↩' : ok ? '✓' : '✗', { class: 'rl-msg-mark', 'dominant-baseline': 'central' });
}

/** A pause mark drawn as two bars (the ⏸ character is missing from many fonts). */
function heldMark(doc: Document): SVGElement {
  const bar = (x: number) => el(doc, 'rect', { x, y: 0, width: 2.5, height: 9, fill: 'currentColor' });
  return el(doc, 'g', { class: 'rl-msg-held-mark', transform: 'translate(9,-5)' }, [bar(0), bar(4.5)]);
}

interface Drawn {
  readonly m: MessageView;
  readonly g: SVGGElement;
  readonly button: SVGElement;
  /** The glyph's translate, moved in place (no attribute string to build and parse); absent outside a browser. */
  readonly move: SVGTransform | undefined;
  selected: boolean;
  x: number;
  y: number;
}

/** The one SVGTransform of `g`, a translate, or undefined where the DOM lacks the SVG transform API (happy-dom). */
function translateOf(g: SVGGElement): SVGTransform | undefined {
  const svg = g.ownerSVGElement;
  const list = (g.transform as SVGAnimatedTransformList | undefined)?.baseVal;
  if (svg === null || list === undefined || typeof svg.createSVGTransform !== 'function') return undefined;
  list.initialize(svg.createSVGTransform());
  const item = list.getItem(0) as SVGTransform | null;
  return typeof item?.setTranslate === 'function' ? item : undefined;
}

/**
 * The element tree of one message, at the origin (placed by `MessageDom.place`); `bare` (the
 * crowded level of detail) keeps only the focusable, named button, drawn by MessageBatch.
 */
function build(doc: Document, m: MessageView, bare: boolean): SVGGElement {
  const button = el(doc, 'g', { role: 'button', tabindex: 0, 'aria-label': messageLabel(m), 'aria-pressed': 'false', 'data-testid': `msg-${m.id}`, 'data-kind': m.kind, class: 'rl-msg-button' }, bare ? [] : [shape(doc, m)]);
  const visible = bare ? [] : [words(doc, m), m.held ? heldMark(doc) : undefined].filter((w): w is SVGElement => w !== undefined);
  const parts: Element[] = [button];
  if (visible.length > 0) parts.push(el(doc, 'g', { 'aria-hidden': 'true', class: 'rl-msg-words', 'data-testid': `msg-${m.id}-words` }, visible));
  return el(doc, 'g', { class: `rl-msg rl-msg-${m.kind}${m.held ? ' rl-msg-held' : ''}`, 'data-msg': m.id }, parts) as SVGGElement;
}

/** Glyphs with the same key differ only in id, name, term colour and label words (see `personalize`). */
function templateKey(m: MessageView): string {
  return `${m.kind}|${(m.entryCount ?? 0) === 0}|${String(replyAnswer(m))}|${m.held}`;
}

/** Makes a copy of another message's glyph (same template key) this message's own. */
function personalize(g: SVGGElement, m: MessageView): void {
  g.setAttribute('data-msg', String(m.id));
  const button = g.firstElementChild as Element;
  button.setAttribute('aria-label', messageLabel(m));
  button.setAttribute('data-testid', `msg-${m.id}`);
  button.lastElementChild?.setAttribute('fill', termColour(m.term));
  const visible = button.nextElementSibling;
  if (visible === null) return;
  visible.setAttribute('data-testid', `msg-${m.id}-words`);
  const label = labelWords(m);
  if (label !== undefined && visible.firstElementChild !== null) visible.firstElementChild.textContent = label;
}

function markSelected(d: Drawn, selected: boolean, ring: boolean): void {
  if (d.selected === selected) return;
  d.selected = selected;
  d.g.classList.toggle('rl-selected', selected);
  d.button.setAttribute('aria-pressed', String(selected));
  if (selected && ring) d.button.insertBefore(el(d.g.ownerDocument, 'circle', { r: 13, class: 'rl-selection-ring' }), d.button.firstChild);
  else d.button.querySelector('.rl-selection-ring')?.remove();
}

/** Removes a changed message's old glyph, keeping keyboard focus on it if it had it. */
function replaced(old: Drawn, now: Drawn): void {
  const focused = old.g.contains(old.g.ownerDocument.activeElement);
  old.g.remove();
  if (focused) (now.button as SVGElement & { focus(): void }).focus();
}

/** The message glyphs of one layer, kept in step with a list of messages. */
export class MessageDom {
  private readonly drawn = new Map<number, Drawn>();
  /** One unattached glyph per template key: a new glyph is a deep clone of it (cheaper than building). */
  private readonly templates = new Map<string, SVGGElement>();
  private messages: readonly MessageView[] = [];
  private selectedId: number | undefined;
  /** Drawing the crowded level of detail (only with a batch). */
  private dense = false;

  constructor(
    private readonly layer: SVGGElement,
    private readonly batch?: MessageBatch,
  ) {}

  /** Switches the level of detail for `count` messages; a switch rebuilds every glyph. */
  private detailFor(count: number): void {
    const dense = this.batch !== undefined && (this.dense ? count >= SPARSE_MESSAGES : count > DENSE_MESSAGES);
    if (dense === this.dense) return;
    this.dense = dense;
    for (const d of this.drawn.values()) d.g.remove();
    this.drawn.clear();
    this.messages = [];
    this.selectedId = undefined;
    if (!dense) this.batch?.clear();
  }

  /**
   * Makes the layer show `messages` (a message view that changed, e.g. held → released, is
   * rebuilt; an unchanged one is kept as is), in id order, with `selectedId` marked.
   */
  show(messages: readonly MessageView[], selectedId: number | undefined): void {
    this.detailFor(messages.length);
    if (messages !== this.messages) {
      this.sync(messages);
      this.messages = messages;
    }
    if (selectedId !== this.selectedId) {
      const old = this.selectedId === undefined ? undefined : this.drawn.get(this.selectedId);
      if (old !== undefined) markSelected(old, false, !this.dense);
      this.selectedId = selectedId;
    }
    const selected = selectedId === undefined ? undefined : this.drawn.get(selectedId);
    if (selected !== undefined) markSelected(selected, true, !this.dense);
  }

  private sync(messages: readonly MessageView[]): void {
    const doc = this.layer.ownerDocument;
    const keep = new Set<number>();
    let before: Element | null = null;
    // Walk the list from its end so each new glyph goes in front of the next one (id order = DOM order).
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i] as MessageView;
      keep.add(m.id);
      let d = this.drawn.get(m.id);
      if (d === undefined || d.m !== m) {
        const old = d;
        const g = this.glyph(doc, m);
        this.layer.insertBefore(g, before);
        d = { m, g, button: g.firstElementChild as SVGElement, move: this.dense ? undefined : translateOf(g), selected: false, x: Number.NaN, y: Number.NaN };
        this.drawn.set(m.id, d);
        if (old !== undefined) replaced(old, d);
      }
      before = d.g;
    }
    for (const [id, d] of this.drawn) {
      if (keep.has(id)) continue;
      d.g.remove();
      this.drawn.delete(id);
    }
  }

  private glyph(doc: Document, m: MessageView): SVGGElement {
    const key = `${this.dense ? 'bare' : 'full'} ${templateKey(m)}`;
    const template = this.templates.get(key);
    if (template === undefined) {
      const g = build(doc, m, this.dense);
      this.templates.set(key, g.cloneNode(true) as SVGGElement);
      return g;
    }
    const g = template.cloneNode(true) as SVGGElement;
    personalize(g, m);
    return g;
  }

  /**
   * Moves every glyph to its point at `now`: detailed glyphs get their transforms (only those that
   * changed), the crowded drawing is redrawn.
   */
  place(at: ReadonlyMap<NodeId, Point>, now: number, inset: number): void {
    for (const d of this.drawn.values()) {
      const p = messageXY(d.m, at, now, inset);
      if (p === undefined || (p.x === d.x && p.y === d.y)) continue;
      d.x = p.x;
      d.y = p.y;
      if (this.dense) continue;
      if (d.move === undefined) d.g.setAttribute('transform', `translate(${p.x},${p.y})`);
      else d.move.setTranslate(p.x, p.y);
    }
    this.redraw();
  }

  /** Redraws the crowded drawing (e.g. keyboard focus moved to another message's button). */
  redraw(): void {
    if (!this.dense || this.batch === undefined) return;
    const active = this.layer.ownerDocument.activeElement;
    const focused = active !== null && this.layer.contains(active) ? MessageDom.idOf(active) : undefined;
    this.batch.draw(this.drawn.values(), this.selectedId, focused);
  }

  /** In the crowded drawing, the message drawn nearest to (x, y) in ring coordinates. */
  hit(x: number, y: number): number | undefined {
    return this.dense ? nearest(this.drawn.values(), x, y)?.m.id : undefined;
  }

  /** The message id of the glyph `target` belongs to, if any. */
  static idOf(target: EventTarget | null): number | undefined {
    const g = target instanceof Element ? target.closest('[data-msg]') : null;
    return g === null ? undefined : Number(g.getAttribute('data-msg'));
  }
}
