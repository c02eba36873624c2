// @vitest-environment happy-dom
// The scrubber: binned markers, and the shaded stretch whose detail a long run has forgotten.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MARKER, type Marker } from '../../../src/store/index.js';
import { binMarkers, Scrubber, scrubberText } from '../../../src/view/timeline/Scrubber.js';

afterEach(cleanup);

const marker = (index: number, flags: number): Marker => ({ index, time: index * 10, flags, node: undefined });

describe('binMarkers', () => {
  it('keeps one marker per bin, the most important one, in index order', () => {
    const shown = binMarkers([marker(1, MARKER.commit), marker(2, MARKER.violation), marker(60, MARKER.commit)], 100, 10);
    expect(shown.map((m) => m.index)).toEqual([2, 60]);
  });
});

describe('Scrubber', () => {
  it('draws no forgotten stretch while the whole history is kept', () => {
    render(<Scrubber position={5} end={100} markers={[]} historyStart={0} onSeek={() => {}} />);
    expect(screen.queryByTestId('forgotten')).toBeNull();
    expect(screen.getByTestId('scrubber').getAttribute('aria-valuetext')).toBe('event 5 of 100');
  });

  it('shades the events before historyStart, in proportion, and says so when the present is there', () => {
    render(<Scrubber position={10} end={400} markers={[]} historyStart={100} onSeek={() => {}} />);
    const band = screen.getByTestId('forgotten');
    expect(band.style.width).toBe('calc((100% - 16px) * 0.25)');
    expect(band.title).toContain('#100');
    expect(screen.getByTestId('scrubber').getAttribute('aria-valuetext')).toBe('event 10 of 400, before event 100: its detail is forgotten');
  });

  it('seeks where the input is moved, forgotten stretch included', () => {
    const onSeek = vi.fn();
    render(<Scrubber position={300} end={400} markers={[]} historyStart={100} onSeek={onSeek} />);
    fireEvent.change(screen.getByTestId('scrubber'), { target: { value: '50' } });
    expect(onSeek).toHaveBeenCalledWith(50);
  });
});

describe('scrubberText', () => {
  it('names forgotten detail only before historyStart', () => {
    // At position 100 the latest event is #99, whose detail is forgotten; at 101 it is #100, kept.
    expect(scrubberText(100, 400, 100)).toContain('forgotten');
    expect(scrubberText(101, 400, 100)).toBe('event 101 of 400');
    expect(scrubberText(0, 400, 0)).toBe('event 0 of 400');
  });
});
