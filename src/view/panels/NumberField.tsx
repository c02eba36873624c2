/**
 * A labelled number input that keeps what the user typed (even invalid) until it is applied.
 *
 * @module
 */
export interface NumberFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly step?: number;
  readonly min?: number;
  readonly max?: number;
  readonly invalid?: boolean;
  readonly testId?: string;
}

export function NumberField({ label, value, onChange, step, min, max, invalid, testId }: NumberFieldProps) {
  return (
    <label className="rl-field">
      {label}
      <input type="number" inputMode="decimal" value={value} step={step} min={min} max={max} aria-invalid={invalid === true} data-testid={testId} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** `text` as a finite number, or undefined. */
export function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}
