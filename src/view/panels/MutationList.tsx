/**
 * Bug injection: the simulator's mutations, each clearly marked as deliberately wrong Raft with
 * one sentence on what it breaks.
 *
 * @module
 */
import { MUTATIONS, type Mutation } from '../../sim/index.js';
import { MUTATION_NOTES } from './mutation-notes.js';

export interface MutationListProps {
  readonly selected: readonly Mutation[];
  readonly onChange: (selected: readonly Mutation[]) => void;
}

export function MutationList({ selected, onChange }: MutationListProps) {
  const toggle = (m: Mutation, on: boolean): void => onChange(MUTATIONS.filter((x) => (x === m ? on : selected.includes(x))));
  return (
    <fieldset className="rl-mutations" data-testid="mutations">
      <legend>⚠ Bug injection: deliberately wrong Raft</legend>
      <p className="rl-mutations-warn">Each of these breaks a rule of the paper on purpose, to show the safety checker catching it. Never in a real system.</p>
      {MUTATIONS.map((m) => (
        <label key={m} className="rl-mutation">
          <input type="checkbox" checked={selected.includes(m)} onChange={(e) => toggle(m, e.target.checked)} data-testid={`mutation-${m}`} />
          <span>
            <strong>{MUTATION_NOTES[m].title}</strong> <code>{m}</code>
            <span className="rl-mutation-note">{MUTATION_NOTES[m].breaks}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
