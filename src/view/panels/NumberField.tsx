/**
 * A labelled number input that keeps what the user typed (even invalid) until it is applied.
 *
 * @module
 */
import { useId } from 'react';
import { ControlError } from './controls.js';
export interface NumberFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly step?: number;
  readonly min?: number;
  readonly max?: number;
  readonly invalid?: boolean;
  /** Shown under the input (and marks it invalid). */
  readonly error?: string;
  readonly testId?: string;
}

export function NumberField({ label, value, onChange, step, min, max, invalid, error, testId }: NumberFieldProps) {
  const errorId = useId();
  const inputId = useId();
  return (
    <span className="rl-field">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="number"
        inputMode="decimal"
        value={value}
        step={step}
        min={min}
        max={max}
        aria-invalid={invalid === true || error !== undefined}
        aria-describedby={error === undefined ? undefined : errorId}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
      <ControlError id={errorId} text={error} />
    </span>
  );
}

/** `text` as a finite number, or undefined. */
export function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}
