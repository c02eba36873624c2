// The space-time window that follows the present spans a dozen heartbeat rounds (400 ms to 3 s).
import { describe, expect, it } from 'vitest';
import { followSpanMs } from '../../../src/view/shell/Panels.js';

describe('followSpanMs', () => {
  it('shows about twelve heartbeat rounds at the default 50 ms heartbeat', () => {
    expect(followSpanMs(50)).toBe(600);
  });
  it('keeps at least 400 ms (an election at the default timing) and at most 3 s', () => {
    expect(followSpanMs(10)).toBe(400);
    expect(followSpanMs(1000)).toBe(3000);
  });
  it('rounds to whole 100 ms, the step the following window moves by', () => {
    expect(followSpanMs(73) % 100).toBe(0);
  });
});
