// @vitest-environment happy-dom
// The components import React's API; vite.config.ts makes it preact/compat everywhere (build, dev,
// Vitest). These tests pin that down and the two things src/view/compat and its test twin add.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Component as PreactComponent } from 'preact';
import { Component, lazy, Suspense, useId, type ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PanelBoundary } from '../../../src/view/shell/PanelBoundary.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("'react' under Vitest", () => {
  it('is preact/compat, as in the build (one renderer, the one that ships)', () => {
    expect(Component).toBe(PreactComponent);
  });
});

describe('onChange of text fields and ranges, as on React', () => {
  function field(type: string, onChange: (value: string) => void) {
    render(<input aria-label="f" type={type} defaultValue="" onChange={(e) => onChange(e.target.value)} />);
    return screen.getByLabelText('f') as HTMLInputElement;
  }

  it('runs on each input event, and not again on the change event that ends the edit', () => {
    const seen = vi.fn();
    const input = field('text', seen);
    fireEvent.input(input, { target: { value: 'a' } });
    fireEvent.input(input, { target: { value: 'ab' } });
    fireEvent.change(input, { target: { value: 'ab' } });
    expect(seen.mock.calls).toEqual([['a'], ['ab']]);
  });

  it('runs on a change event that no input event preceded (a range set by script or test)', () => {
    const seen = vi.fn();
    const range = field('range', seen);
    fireEvent.change(range, { target: { value: '30' } });
    fireEvent.change(range, { target: { value: '70' } });
    expect(seen.mock.calls).toEqual([['30'], ['70']]);
  });

  it('leaves checkboxes to their change event, called once', () => {
    const seen = vi.fn();
    render(<input aria-label="c" type="checkbox" onChange={(e) => seen(e.target.checked)} />);
    fireEvent.click(screen.getByLabelText('c'));
    expect(seen.mock.calls).toEqual([[true]]);
  });
});

describe('attributes React writes and preact would not', () => {
  it('makes an SVG element focusable (the tabindex attribute), and an HTML one', () => {
    render(
      <div>
        <svg>
          <g tabIndex={0} data-testid="g" />
        </svg>
        <span tabIndex={-1} data-testid="span" />
      </div>,
    );
    const g = screen.getByTestId('g');
    expect(g.getAttribute('tabindex')).toBe('0');
    expect(g.getAttributeNames()).not.toContain('tabIndex');
    expect(screen.getByTestId('span').tabIndex).toBe(-1);
  });

  it('writes spellcheck="false" for spellCheck={false}', () => {
    render(<textarea aria-label="t" spellCheck={false} />);
    expect(screen.getByLabelText('t').getAttribute('spellcheck')).toBe('false');
  });
});

describe('what the app relies on from compat', () => {
  it('an error boundary (PanelBoundary) contains a failing panel, keeps its siblings and retries', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let fail = true;
    function Fragile() {
      if (fail) throw new Error('boom');
      return <p>recovered</p>;
    }
    render(
      <div>
        <PanelBoundary name="Cluster">
          <Fragile />
        </PanelBoundary>
        <p>sibling</p>
      </div>,
    );
    expect(screen.getByTestId('panel-error-cluster').textContent).toContain('boom');
    expect(screen.getByText('sibling')).toBeDefined();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry the Cluster panel' }));
    return vi.waitFor(() => expect(screen.getByText('recovered')).toBeDefined());
  });

  it('lazy + Suspense show the fallback, then the loaded component', async () => {
    let load = (): void => undefined;
    const Later = lazy(() => new Promise<{ default: () => ReactElement }>((resolve) => (load = () => resolve({ default: () => <p>loaded</p> }))));
    render(
      <Suspense fallback={<p>loading</p>}>
        <Later />
      </Suspense>,
    );
    expect(screen.getByText('loading')).toBeDefined();
    await act(async () => load());
    expect(screen.getByText('loaded')).toBeDefined();
    expect(screen.queryByText('loading')).toBeNull();
  });
});

describe('useId, as on React', () => {
  it('is unique across roots on one page (two visualizers must not share label targets)', () => {
    function Field() {
      const id = useId();
      return (
        <>
          <label htmlFor={id}>name</label>
          <input id={id} />
        </>
      );
    }
    render(<Field />);
    render(<Field />);
    const ids = [...document.querySelectorAll('input')].map((i) => i.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });
});
