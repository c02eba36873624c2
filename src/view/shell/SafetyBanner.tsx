/** The safety banner: which property a violation broke, where, and a way to look at it. */
import type { Violation } from '../../sim/index.js';
import { propertyName } from '../../store/index.js';

export interface SafetyBannerProps {
  readonly violation: Violation | undefined;
  /** Violations recorded so far (shown when the banner was dismissed but some exist). */
  readonly count: number;
  readonly onShow: (eventIndex: number) => void;
  readonly onDismiss: () => void;
}

export function SafetyBanner({ violation, count, onShow, onDismiss }: SafetyBannerProps) {
  if (violation === undefined) {
    return (
      <p className={count > 0 ? 'rl-safety rl-safety-quiet rl-safety-bad' : 'rl-safety rl-safety-quiet'} data-testid="safety-status">
        {count > 0 ? `⚠ ${count} safety violation${count === 1 ? '' : 's'} recorded` : '✓ All safety checks hold'}
      </p>
    );
  }
  const nodes = violation.nodes.map((n) => `n${n}`).join(', ');
  return (
    <div className="rl-banner" role="alert" data-testid="safety-banner">
      <strong>⚠ Safety violated: {propertyName(violation)}</strong>{' '}
      <span>
        ({violation.invariant}) after event #{violation.eventIndex}
        {nodes === '' ? '' : ` · nodes ${nodes}`}
      </span>
      <p>{violation.message}</p>
      <p className="rl-banner-note">The run paused. The nodes and log entries involved are outlined in red.</p>
      <button type="button" onClick={() => onShow(violation.eventIndex)} data-testid="banner-show">
        Show event #{violation.eventIndex}
      </button>
      <button type="button" onClick={onDismiss} data-testid="banner-dismiss">
        Dismiss
      </button>
    </div>
  );
}
