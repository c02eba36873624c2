/**
 * The messages of the space-time diagram: an arrow per message from send to delivery in the
 * term's colour; dropped ones end in ✕, held and in-flight ones stay open.
 *
 * @module
 */
import type { LinearScale } from './linear-scale.js';
import { memo } from 'react';
import { termColour } from '../theme.js';
import { arrowHeadPath, crossPath, messageArrow, type SpaceTimeMessage } from './spacetime-geometry.js';

export interface SpaceTimeArrowsProps {
  readonly messages: readonly SpaceTimeMessage[];
  readonly x: LinearScale;
  readonly lanes: ReadonlyMap<number, number>;
  readonly now: number;
  readonly onHover: (m: SpaceTimeMessage | undefined) => void;
  readonly onPick: (m: SpaceTimeMessage) => void;
}

const FATE_WORD = { delivered: 'delivered', dropped: 'dropped', inFlight: 'in flight', held: 'held' } as const;

/** A message in words: `n2 → n3 RV t2, sent 155 ms, delivered 166 ms`. */
export function describeArrow(m: SpaceTimeMessage): string {
  const end = m.fate === 'inFlight' ? `due ${m.endAt} ms` : m.fate === 'held' ? 'held' : `${FATE_WORD[m.fate]} ${m.endAt} ms`;
  return `n${m.from} → n${m.to} ${m.label}, sent ${m.sentAt} ms, ${end}`;
}

interface ArrowProps extends Omit<SpaceTimeArrowsProps, 'messages'> {
  readonly m: SpaceTimeMessage;
}

/** One arrow. */
function ArrowItem({ m, x, lanes, now, onHover, onPick }: ArrowProps) {
  const a = messageArrow(m, x, lanes, now);
  if (a === undefined) return null;
  const colour = termColour(m.term);
  const reply = m.kind === 'RequestVoteReply' || m.kind === 'AppendEntriesReply';
  return (
    <g
      className={`rl-st-msg rl-st-${m.fate}`}
      data-testid="st-message"
      data-fate={m.fate}
      data-kind={m.kind}
      data-id={m.id}
      onMouseEnter={() => onHover(m)}
      onClick={(e) => {
        e.stopPropagation();
        onPick(m);
      }}
    >
      <title>{describeArrow(m)}</title>
      <path d={a.path} className="rl-st-hit" />
      <path d={a.path} stroke={colour} strokeWidth={reply ? 1 : 1.6} strokeDasharray={m.fate === 'held' ? '4 3' : undefined} fill="none" />
      {a.end === 'head' && <path d={arrowHeadPath(a)} fill={colour} />}
      {a.end === 'cross' && <path d={crossPath(a.x2, a.y2)} className="rl-st-cross" />}
      {a.end === 'open' && <circle cx={a.x2} cy={a.y2} r={2.5} fill="var(--rl-bg)" stroke={colour} />}
    </g>
  );
}

/** The same message drawn the same way: a rebuilt slice has new objects for unchanged messages. */
function sameMessage(a: SpaceTimeMessage, b: SpaceTimeMessage): boolean {
  return a === b || (a.id === b.id && a.fate === b.fate && a.sentAt === b.sentAt && a.endAt === b.endAt && a.from === b.from && a.to === b.to && a.term === b.term && a.label === b.label && a.kind === b.kind);
}

/** Memoized per arrow, so a slice rebuilt while playing redraws only the arrows that changed. */
const Arrow = memo(ArrowItem, (p, n) => sameMessage(p.m, n.m) && p.x === n.x && p.lanes === n.lanes && p.now === n.now && p.onHover === n.onHover && p.onPick === n.onPick);

function Arrows({ messages, x, lanes, now, onHover, onPick }: SpaceTimeArrowsProps) {
  return (
    <g className="rl-st-messages" onMouseLeave={() => onHover(undefined)}>
      {messages.map((m) => (
        <Arrow key={m.id} m={m} x={x} lanes={lanes} now={now} onHover={onHover} onPick={onPick} />
      ))}
    </g>
  );
}

/** Memoized: a group re-renders only when its messages, the window, the lanes or (for moving ones) the present change. */
export const SpaceTimeArrows = memo(Arrows);
