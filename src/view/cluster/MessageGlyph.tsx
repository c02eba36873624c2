/**
 * One message's glyph, drawn at the origin (the layer moves it): shape by kind, colour by the
 * message's term, a small label (design doc table). Memoised on the message object, so it renders
 * once per message, not once per frame.
 */
import { memo, type KeyboardEvent } from 'react';
import type { MessageView } from '../../sim/index.js';
import { messageFields, messageLabel } from '../../store/index.js';
import { termColour } from '../theme.js';

export interface MessageGlyphProps {
  readonly message: MessageView;
  readonly selected: boolean;
  readonly onSelect: (id: number) => void;
}

function Shape({ m }: { m: MessageView }) {
  const f = messageFields(m);
  const fill = termColour(f.term ?? 0);
  switch (m.kind) {
    case 'RequestVoteCall':
      return (
        <>
          <circle r={6} fill={fill} className="rl-msg-shape" />
          <text y={-10} className="rl-msg-label" textAnchor="middle">{`RV t${f.term ?? '?'}`}</text>
        </>
      );
    case 'RequestVoteReply':
    case 'AppendEntriesReply': {
      const ok = m.kind === 'RequestVoteReply' ? f.granted : f.success;
      const mark = ok === undefined ? '↩' : ok ? '✓' : '✗';
      return (
        <>
          <circle r={7} fill={fill} className="rl-msg-shape" />
          <text className="rl-msg-mark" dominantBaseline="central" textAnchor="middle">
            {mark}
          </text>
        </>
      );
    }
    case 'AppendEntriesCall':
      if ((f.entryCount ?? 0) === 0) return <circle r={3.5} fill={fill} className="rl-msg-shape" />;
      return (
        <>
          <rect x={-9} y={-6} width={18} height={12} rx={4} fill={fill} className="rl-msg-shape" />
          <text y={-10} className="rl-msg-label" textAnchor="middle">{`AE ${f.entryCount ?? ''}`}</text>
        </>
      );
    default:
      return (
        <>
          <rect x={-15} y={-6} width={30} height={12} rx={2} fill={fill} className="rl-msg-shape" />
          <text y={-10} className="rl-msg-label" textAnchor="middle">{`SNAP i${f.lastPosition?.index ?? '?'}`}</text>
        </>
      );
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
    <g
      className={`rl-msg rl-msg-${message.kind}${message.held ? ' rl-msg-held' : ''}${selected ? ' rl-selected' : ''}`}
      role="button"
      tabIndex={0}
      aria-label={messageLabel(message)}
      aria-pressed={selected}
      data-testid={`msg-${message.id}`}
      data-msg={message.id}
      data-kind={message.kind}
      onClick={select}
      onKeyDown={onKey}
    >
      <title>{message.text}</title>
      {selected && <circle r={13} className="rl-selection-ring" />}
      <g aria-hidden="true">
        <Shape m={message} />
      </g>
      {message.held && (
        <text x={10} y={4} className="rl-msg-held-mark" aria-hidden="true">
          ⏸
        </text>
      )}
    </g>
  );
});
