/**
 * The inspector for one message in flight: every field, and drop / hold or release / duplicate.
 *
 * @module
 */
import type { ClusterView, MessageView } from '../../sim/index.js';
import { ActionButton, useControlErrors, type Check, type Intervene } from './controls.js';
import { FieldList } from './FieldList.js';
import { messageRows } from './message-fields.js';

export interface MessageInspectorProps {
  readonly view: ClusterView;
  readonly message: MessageView;
  readonly onIntervene: Intervene;
  readonly check?: Check;
}

export function MessageInspector({ view, message, onIntervene, check }: MessageInspectorProps) {
  const controls = useControlErrors(onIntervene);
  const id = message.id;
  const m = `message #${id}`;
  return (
    <div className="rl-inspector" data-testid="inspector-message">
      <h3 className="rl-insp-title">
        {m}: n{message.from} → n{message.to}
      </h3>
      <FieldList rows={messageRows(message, view.time)} testId="inspector-message-fields" />
      <h4>Act on {m}</h4>
      <div className="rl-actions" role="group" aria-label={`Actions on ${m}`}>
        <ActionButton label={`Drop ${m}`} errorKey="drop" iv={{ kind: 'drop', message: id }} controls={controls} check={check} testId="action-drop" />
        {message.held ? (
          <ActionButton label={`Release ${m}`} errorKey="release" iv={{ kind: 'release', message: id }} controls={controls} check={check} testId="action-release" />
        ) : (
          <ActionButton label={`Hold ${m}`} errorKey="hold" iv={{ kind: 'hold', message: id }} controls={controls} check={check} testId="action-hold" />
        )}
        <ActionButton label={`Duplicate ${m}`} errorKey="duplicate" iv={{ kind: 'duplicate', message: id }} controls={controls} check={check} testId="action-duplicate" />
      </div>
    </div>
  );
}
