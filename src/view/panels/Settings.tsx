/**
 * Settings: cluster size, seed, timing, storage latency, compaction, the §6 guard, and bug
 * injection. Nothing changes until "Apply and reset", which restarts the simulation with them.
 * The simulator's `makeParams` validates first; its error names the field and shows next to it.
 *
 * @module
 */
import { useState } from 'react';
import { DEFAULT_PARAMS, type ParamsInput, type SimParams } from '../../sim/index.js';
import { ControlError } from './controls.js';
import { MutationList } from './MutationList.js';
import { NumberField } from './NumberField.js';
import { formOf, NUMBER_FIELDS, paramsOf, type NumberFieldName, type SettingsForm } from './settings-form.js';
import './panels.css';

export interface SettingsProps {
  readonly params: SimParams;
  /** Resets the simulation with these parameters; returns an error text, or undefined when applied. */
  readonly onApply: (params: ParamsInput) => string | undefined;
}

interface FormError {
  readonly field: string | undefined;
  readonly text: string;
}

function Numbers({ form, error, onChange }: { form: SettingsForm; error: FormError | undefined; onChange: (field: NumberFieldName, v: string) => void }) {
  return (
    <fieldset>
      <legend>Cluster and timing</legend>
      {NUMBER_FIELDS.map(({ field, label }) => (
        <NumberField key={field} label={label} value={form.numbers[field]} onChange={(v) => onChange(field, v)} error={error?.field === field ? error.text : undefined} testId={`setting-${field}`} />
      ))}
    </fieldset>
  );
}

export function Settings({ params, onApply }: SettingsProps) {
  const [form, setForm] = useState<SettingsForm>(() => formOf(params));
  const [error, setError] = useState<FormError | undefined>(undefined);
  // New parameters from outside (a reset, a scenario, a timing change) replace the form.
  const [shown, setShown] = useState(params);
  if (shown !== params) {
    setShown(params);
    setForm(formOf(params));
    setError(undefined);
  }
  const elsewhere = error !== undefined && !NUMBER_FIELDS.some((f) => f.field === error.field);
  const apply = (): void => {
    const result = paramsOf(form, params);
    if ('field' in result) return setError({ field: result.field, text: result.error });
    const refused = onApply(result.input);
    setError(refused === undefined ? undefined : { field: undefined, text: refused });
  };
  const edit = (next: SettingsForm): void => {
    setForm(next);
    setError(undefined);
  };
  return (
    <form
      className="rl-settings"
      data-testid="settings"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <Numbers form={form} error={error} onChange={(field, v) => edit({ ...form, numbers: { ...form.numbers, [field]: v } })} />
      <label className="rl-check">
        <input type="checkbox" checked={form.disruptiveGuard} onChange={(e) => edit({ ...form, disruptiveGuard: e.target.checked })} data-testid="setting-disruptiveGuard" />
        Ignore disruptive RequestVotes while a leader is heard (Raft §6)
      </label>
      <MutationList selected={form.mutations} onChange={(mutations) => edit({ ...form, mutations })} />
      <div className="rl-actions">
        <button type="submit" className="rl-btn rl-primary" data-testid="settings-apply">
          Apply and reset the simulation
        </button>
        <button type="button" className="rl-btn" data-testid="settings-defaults" onClick={() => edit(formOf(DEFAULT_PARAMS))}>
          Restore the defaults
        </button>
        <button type="button" className="rl-btn" data-testid="settings-revert" onClick={() => edit(formOf(params))}>
          Undo my edits
        </button>
      </div>
      <ControlError text={elsewhere ? error?.text : undefined} />
    </form>
  );
}
