import { describe, expect, it } from 'vitest';
import { scrollTopFor, visibleRows } from '../../../src/view/panels/fixed-rows.js';

describe('fixed-height rows', () => {
  it('renders the rows meeting the viewport plus the overscan, within the list', () => {
    expect(visibleRows(1000, 44, 0, 440, 6)).toEqual({ first: 0, end: 16 });
    expect(visibleRows(1000, 44, 4400, 440, 6)).toEqual({ first: 94, end: 116 });
    expect(visibleRows(100, 44, 4200, 440, 6)).toEqual({ first: 89, end: 100 });
    expect(visibleRows(0, 44, 0, 440, 6)).toEqual({ first: 0, end: 0 });
  });

  it('leaves the scroll alone when the row is in view, else scrolls to the nearest edge or the middle', () => {
    expect(scrollTopFor(5, 1000, 44, 0, 440, 'auto')).toBe(0);
    expect(scrollTopFor(10, 1000, 44, 0, 440, 'auto')).toBe(44); // row 10 ends at 484: align its bottom
    expect(scrollTopFor(2, 1000, 44, 440, 440, 'auto')).toBe(88);
    expect(scrollTopFor(100, 1000, 44, 0, 440, 'center')).toBe(4400 - 198);
    expect(scrollTopFor(999, 1000, 44, 0, 440, 'center')).toBe(44_000 - 440);
    expect(scrollTopFor(0, 1000, 44, 300, 440, 'center')).toBe(0);
  });
});
