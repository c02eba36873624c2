/**
 * One message's glyph, drawn at the origin (the layer moves it): shape by kind, colour by the
 * message's term, a small label (design doc table). Memoised on the message object, so it renders
 * once per message, not once per frame. The focusable button holds the shape and a sentence name;
 * the visible words sit beside it, hidden from assistive technology and click-through.
 */
import { memo, type KeyboardEvent } from 'react';
import type { MessageView } from '../../sim/index.js';
import { messageLabel } from '../../store/index.js';
import { termColour } from '../theme.js';

export interface MessageGlyphProps {
  readonly message: MessageView;
  readonly selected: boolean;
  readonly onSelect: (id: number) => void;
}

function Shape({ m }: { m: MessageView }) {
  const fill = termColour(m.term);
  switch (m.kind) {
    case 'RequestVoteCall':
      return <circle r={6} fill={fill} className="rl-msg-shape" />;
    case 'RequestVoteReply':
    case 'AppendEntriesReply':
      return <circle r={7} fill={fill} className="rl-msg-shape" />;
    case 'AppendEntriesCall':
      if ((m.entryCount ?? 0) === 0) return <circle r={3.5} fill={fill} className="rl-msg-shape" />;
      return <rect x={-9} y={-6} width={18} height={12} rx={4} fill={fill} className="rl-msg-shape" />;
    default:
      return <rect x={-15} y={-6} width={30} height={12} rx={2} fill={fill} className="rl-msg-shape" />;
  }
}

/** The label above the glyph, or the ✓ / ✗ on a reply. */
function Words({ m }: { m: MessageView }) {
  switch (m.kind) {
    case 'RequestVoteCall':
      return <text y={-10} className="rl-msg-label" textAnchor="middle">{`RV t${m.term}`}</text>;
    case 'RequestVoteReply':
    case 'AppendEntriesReply': {
      const ok = m.kind === 'RequestVoteReply' ? m.granted : m.success;
      return (
        <text className="rl-msg-mark" dominantBaseline="central" textAnchor="middle">
          {ok === undefined ? '↩' : ok ? '✓' : '✗'}
        </text>
      );
    }
    case 'AppendEntriesCall':
      return (m.entryCount ?? 0) === 0 ? null : <text y={-10} className="rl-msg-label" textAnchor="middle">{`AE ${m.entryCount}`}</text>;
    default:
      return <text y={-10} className="rl-msg-label" textAnchor="middle">{`SNAP i${m.lastPosition?.index ?? '?'}`}</text>;
  }
}

export const MessageGlyph = memo(function MessageGlyph({ message, selected, onSelect }: MessageGlyphProps) {
  const select = () => onSelect(message.id);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      select();
    }
  };
  return (
    <g className={`rl-msg rl-msg-${message.kind}${message.held ? ' rl-msg-held' : ''}${selected ? ' rl-selected' : ''}`} data-msg={message.id}>
      <g role="button" tabIndex={0} aria-label={messageLabel(message)} aria-pressed={selected} data-testid={`msg-${message.id}`} data-kind={message.kind} onClick={select} onKeyDown={onKey} className="rl-msg-button">
        {selected && <circle r={13} className="rl-selection-ring" />}
        <Shape m={message} />
      </g>
      <g aria-hidden="true" className="rl-msg-words" data-testid={`msg-${message.id}-words`}>
        <Words m={message} />
        {message.held && (
          <g className="rl-msg-held-mark" transform="translate(9,-5)">
            {/* a pause mark drawn as two bars (the ⏸ character is missing from many fonts) */}
            <rect x={0} y={0} width={2.5} height={9} fill="currentColor" />
            <rect x={4.5} y={0} width={2.5} height={9} fill="currentColor" />
          </g>
        )}
      </g>
    </g>
  );
});
