// @vitest-environment happy-dom
// The scenario panel's pieces: pure components fed by props (real scenario values), callbacks out.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareScenario } from '../../../src/scenario/compare.js';
import { findPreset, PRESETS, validateScenario } from '../../../src/scenario/index.js';
import { ScenarioSession } from '../../../src/scenario/session.js';
import { CompareView } from '../../../src/view/scenario/CompareView.js';
import { PresetPicker } from '../../../src/view/scenario/PresetPicker.js';
import { ScenarioEditor } from '../../../src/view/scenario/ScenarioEditor.js';
import { ScenarioPlayer } from '../../../src/view/scenario/ScenarioPlayer.js';
import { ShareControls } from '../../../src/view/scenario/ShareControls.js';

afterEach(cleanup);

function errorsOf(text: string) {
  const v = validateScenario(text);
  return v.ok ? [] : v.errors.map((e) => ({ line: e.line, column: e.column, message: e.message }));
}

describe('ScenarioEditor', () => {
  it('numbers the lines, marks the lines with errors and lists the errors as text', () => {
    const text = 'nodes 3\npartiton {n1} {n2 n3}\nsay <b>hi</b>';
    const onChange = vi.fn();
    const { container } = render(<ScenarioEditor text={text} errors={errorsOf(text)} onChange={onChange} />);
    expect(screen.getByTestId('gutter-3').textContent).toBe('3');
    expect(screen.getByTestId('gutter-2').className).toBe('rl-error-line');
    expect(screen.getByTestId('gutter-1').className).toBe('');
    const listed = [...screen.getByTestId('scenario-errors').querySelectorAll('li')].map((li) => li.textContent);
    expect(listed).toEqual(['2:1: unknown command "partiton" (did you mean "partition"?)', '3:11: unexpected character "/"']);
    expect(container.querySelector('b')).toBeNull();
    fireEvent.change(screen.getByLabelText('Scenario script'), { target: { value: 'nodes 5' } });
    expect(onChange).toHaveBeenCalledWith('nodes 5');
  });

  it('puts the caret on an error when it is clicked', () => {
    const text = 'nodes 3\ncrash n4';
    render(<ScenarioEditor text={text} errors={errorsOf(text)} onChange={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: /there is no node n4/ }));
    expect((screen.getByLabelText('Scenario script') as HTMLTextAreaElement).selectionStart).toBe(14);
  });
});

describe('PresetPicker', () => {
  it('lists every preset with its description and offers compare for pairs', () => {
    const onPick = vi.fn();
    const onCompare = vi.fn();
    const items = PRESETS.map((p) => ({ name: p.name, title: p.title, description: p.description, comparable: p.compare !== undefined }));
    render(<PresetPicker presets={items} selected="figure-8" onPick={onPick} onCompare={onCompare} />);
    expect(screen.getByTestId('presets').querySelectorAll('li')).toHaveLength(PRESETS.length);
    expect(screen.getByTestId('preset-figure-8').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByTestId('preset-split-vote'));
    expect(onPick).toHaveBeenCalledWith('split-vote');
    fireEvent.click(screen.getByTestId('compare-figure-8'));
    expect(onCompare).toHaveBeenCalledWith('figure-8');
    expect(screen.queryByTestId('compare-split-vote')).toBeNull();
  });
});

describe('ScenarioPlayer', () => {
  it('steps a real session caption by caption and shows the expectations', () => {
    const session = new ScenarioSession(findPreset('first-election')?.text ?? '');
    const props = () => {
      const s = session.state();
      return { caption: s.caption, expectations: s.expectations, failure: s.failure, done: s.done, runnable: s.errors.length === 0 };
    };
    const { rerender } = render(<ScenarioPlayer {...props()} onStep={() => session.nextCaption()} onRun={() => session.runToEnd()} onRestart={() => undefined} />);
    expect(screen.queryByTestId('scenario-caption')).toBeNull();
    fireEvent.click(screen.getByTestId('scenario-step'));
    rerender(<ScenarioPlayer {...props()} onStep={() => session.nextCaption()} onRun={() => session.runToEnd()} onRestart={() => undefined} />);
    expect(screen.getByTestId('scenario-caption').textContent).toMatch(/^Five servers boot as followers/);
    fireEvent.click(screen.getByTestId('scenario-run'));
    rerender(<ScenarioPlayer {...props()} onStep={() => session.nextCaption()} onRun={() => session.runToEnd()} onRestart={() => undefined} />);
    expect(screen.getByTestId('expectations').querySelector('p')?.textContent).toBe('All 4 expectations hold');
    expect((screen.getByTestId('scenario-step') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a failure as text and a failed expectation with what it saw', () => {
    render(<ScenarioPlayer caption={undefined} expectations={[{ line: 4, source: 'expect no leader', ok: false, saw: 'n2 leads term 1' }]} failure={'5:1: refused: <i>n1</i> is already down'} done runnable onStep={() => undefined} onRun={() => undefined} onRestart={() => undefined} />);
    expect(screen.getByTestId('expectation-4').textContent).toBe('✗ line 4: expect no leader — saw n2 leads term 1');
    expect(screen.getByTestId('scenario-failure').textContent).toBe('5:1: refused: <i>n1</i> is already down');
    expect(screen.getByTestId('scenario-failure').querySelector('i')).toBeNull();
  });
});

describe('CompareView', () => {
  it('shows where Figure 8 parts with commit-by-counting, both sides, and opens either', () => {
    const v = validateScenario(findPreset('figure-8')?.text ?? '');
    if (!v.ok) throw new Error('invalid preset');
    const comparison = compareScenario(v.program, { mutation: 'commitOldTermByCounting' });
    const onShow = vi.fn();
    render(<CompareView comparison={comparison} onShow={onShow} />);
    const index = comparison.divergence?.index ?? -1;
    expect(screen.getByTestId('compare-summary').textContent).toBe(`The runs part at event #${index}: as written versus with commitOldTermByCounting.`);
    expect(screen.getByTestId('compare-a').textContent).toMatch(/does not commit/);
    expect(screen.getByTestId('compare-b').textContent).toMatch(/counting replicas of an old-term entry/);
    fireEvent.click(screen.getByRole('button', { name: 'Open with commitOldTermByCounting there' }));
    expect(onShow).toHaveBeenCalledWith('b', index);
  });
});

describe('ShareControls', () => {
  const base = { makeLink: () => '#rl=abc', onFile: () => undefined, onExport: () => undefined, notice: undefined };

  it('copies the link, or shows it when the clipboard refuses', async () => {
    const copy = vi.fn(() => Promise.resolve());
    render(<ShareControls {...base} copy={copy} />);
    fireEvent.click(screen.getByTestId('copy-link'));
    expect(copy).toHaveBeenCalledWith('#rl=abc');
    await waitFor(() => expect(screen.getByTestId('share-status').textContent).toBe('Link copied'));
    cleanup();
    render(<ShareControls {...base} copy={() => Promise.reject(new Error('denied'))} />);
    fireEvent.click(screen.getByTestId('copy-link'));
    await waitFor(() => expect(screen.getByTestId('share-status').textContent).toBe('Copy this link: #rl=abc'));
  });

  it('hands a dropped file over as text, exports on request, and shows notices as text', async () => {
    const onFile = vi.fn();
    const onExport = vi.fn();
    render(<ShareControls {...base} copy={() => Promise.resolve()} onFile={onFile} onExport={onExport} notice={'v: unknown link version 2 <img src=x>'} />);
    const file = new File(['nodes 3\n'], 'demo.raft', { type: 'text/plain' });
    fireEvent.drop(screen.getByTestId('share'), { dataTransfer: { files: [file] } });
    await waitFor(() => expect(onFile).toHaveBeenCalledWith('demo.raft', 'nodes 3\n'));
    fireEvent.click(screen.getByTestId('export-scenario'));
    expect(onExport).toHaveBeenCalledWith('scenario');
    expect(screen.getByTestId('share-notice').textContent).toBe('v: unknown link version 2 <img src=x>');
    expect(screen.getByTestId('share').querySelector('img')).toBeNull();
  });
});
