/**
 * Shared pieces for panels that act on the simulation: per-control error memory (an error shows
 * next to the control that caused it, and goes when that control next succeeds) and a button that
 * says what it does and why it is disabled.
 *
 * @module
 */
import { useCallback, useId, useMemo, useState } from 'react';
import type { Intervention } from '../../sim/index.js';

/** Applies an intervention; returns the simulator's refusal text, or undefined when applied. */
export type Intervene = (iv: Intervention) => string | undefined;
/** Says why an intervention would be refused now, without applying it (the door's `check`). */
export type Check = (iv: Intervention) => string | undefined;

export interface ControlErrors {
  /** Runs `iv`, remembering its error under `key`; true if it applied. */
  run(key: string, iv: Intervention): boolean;
  /** Remembers (or clears) an error found before reaching the simulator (e.g. bad input). */
  set(key: string, error: string | undefined): void;
  error(key: string): string | undefined;
}

/**
 * The errors of a panel's controls. The returned object keeps its identity until an error changes
 * (or `onIntervene` does), so memoized controls that receive it skip re-rendering meanwhile.
 */
export function useControlErrors(onIntervene: Intervene): ControlErrors {
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const set = useCallback(
    (key: string, error: string | undefined): void =>
      setErrors((prev) => {
        if (prev[key] === error) return prev;
        const next = { ...prev };
        if (error === undefined) delete next[key];
        else next[key] = error;
        return next;
      }),
    [],
  );
  return useMemo(
    () => ({
      run(key, iv) {
        const error = onIntervene(iv);
        set(key, error);
        return error === undefined;
      },
      set,
      error: (key) => errors[key],
    }),
    [errors, onIntervene, set],
  );
}

/** An error shown next to its control. */
export function ControlError({ id, text }: { id?: string; text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <span id={id} className="rl-panel-error" role="alert" data-testid="control-error">
      {text}
    </span>
  );
}

export interface ActionButtonProps {
  readonly label: string;
  readonly errorKey: string;
  readonly iv: Intervention;
  readonly controls: ControlErrors;
  readonly check?: Check;
  readonly testId?: string;
  readonly onDone?: () => void;
}

/** A button applying one intervention; disabled with the reason when `check` refuses it. */
export function ActionButton({ label, errorKey, iv, controls, check, testId, onDone }: ActionButtonProps) {
  const reasonId = useId();
  const reason = check?.(iv);
  const error = controls.error(errorKey);
  return (
    <span className="rl-action">
      <button
        type="button"
        className="rl-btn"
        disabled={reason !== undefined}
        title={reason}
        aria-describedby={reason !== undefined || error !== undefined ? reasonId : undefined}
        data-testid={testId}
        onClick={() => {
          if (controls.run(errorKey, iv)) onDone?.();
        }}
      >
        {label}
      </button>
      {reason !== undefined ? (
        <span id={reasonId} className="rl-reason">
          {reason}
        </span>
      ) : (
        <ControlError id={reasonId} text={error} />
      )}
    </span>
  );
}
