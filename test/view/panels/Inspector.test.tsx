// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/sim/index.js';
import { Inspector } from '../../../src/view/panels/Inspector.js';
import { compactedSim, intervener, n, replicatingSim } from './fixtures.js';

afterEach(cleanup);

function fields(testId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of screen.getByTestId(testId).querySelectorAll('.rl-field-row')) {
    out[row.querySelector('dt')?.textContent ?? ''] = row.querySelector('dd')?.textContent ?? '';
  }
  return out;
}

describe('Inspector', () => {
  it("shows a leader's fields, durable and volatile state, and each follower's progress", () => {
    const sim = replicatingSim();
    const view = sim.view();
    render(<Inspector view={view} selection={{ kind: 'node', id: n(2) }} onIntervene={intervener(sim)} />);
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('n2 · leader · term 1');
    expect(fields('inspector-config')).toEqual({ configuration: '{1,2,3,4,5}' });
    expect(fields('inspector-durable')).toEqual({ 'current term': '1', 'voted for': 'n2', 'log ends at': '(t1, i4)', snapshot: 'none' });
    const vol = fields('inspector-volatile');
    expect(vol).toMatchObject({ role: 'leader', leader: 'n2', 'commit index': '2', 'applied index': '2' });
    expect(vol.timer).toMatch(/^heartbeat at \d+ ms \(in \d+ ms, armed at \d+ ms\)$/);
    expect(vol.membership).toBe('voter');
    const progress = screen.getByTestId('inspector-progress');
    expect(within(progress).getAllByRole('row')).toHaveLength(5);
    expect(within(progress).getByRole('row', { name: 'n5 2 5' })).toBeTruthy();
  });

  it('tells what storage holds from what memory holds under storage latency, and a candidate\'s votes', () => {
    const sim = new Simulation({ nodes: 3, seed: 3, timing: { storageLatencyMs: 30 } });
    sim.runUntilCondition((s) => s.position >= 2);
    const view = sim.view();
    expect(view.nodes[1]?.role).toBe('Candidate');
    render(<Inspector view={view} selection={{ kind: 'node', id: n(2) }} onIntervene={intervener(sim)} />);
    expect(fields('inspector-durable')).toEqual({ 'current term': '0', 'voted for': 'nobody', 'log ends at': '(t0, i1)', snapshot: 'none', 'not yet durable': 'term 1; vote n2' });
    expect(fields('inspector-volatile')).toMatchObject({ role: 'candidate', 'term in memory': '1', 'vote in memory': 'n2', 'votes granted': '{2}', 'votes refused': '{}' });
  });

  it('crashes the node from its button, then offers a restart; a down node keeps its durable state', () => {
    const sim = replicatingSim();
    const onIntervene = intervener(sim);
    const check = (iv: Parameters<typeof sim.check>[0]) => sim.check(iv);
    const { rerender } = render(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(3) }} onIntervene={onIntervene} check={check} />);
    fireEvent.click(screen.getByRole('button', { name: 'Crash n3' }));
    expect(sim.view().nodes[2]?.up).toBe(false);
    rerender(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(3) }} onIntervene={onIntervene} check={check} />);
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('n3 · down · term 1');
    expect(fields('inspector-durable')).toMatchObject({ 'current term': '1', 'voted for': 'n2' });
    for (const action of ['Time out n3 now', 'Snapshot n3 now']) {
      const button = screen.getByRole('button', { name: action }) as HTMLButtonElement;
      expect(button.disabled, action).toBe(true);
      expect(button.title).toBe('n3 is down');
      expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toBe('n3 is down');
    }
    fireEvent.click(screen.getByRole('button', { name: 'Restart n3' }));
    expect(sim.view().nodes[2]?.up).toBe(true);
  });

  it("shows a down node's state machine and commit and applied indexes as lost, not their pre-crash values", () => {
    const sim = replicatingSim();
    sim.runFor(200);
    sim.apply({ kind: 'crash', node: n(3) });
    const view = sim.view();
    // The simulator keeps the old values until the restart: the view carries them, the node has none.
    expect(view.nodes[2]?.kv).toEqual([['x', '3'], ['y', '1']]);
    render(<Inspector view={view} selection={{ kind: 'node', id: n(3) }} onIntervene={intervener(sim)} />);
    expect(fields('inspector-volatile')).toEqual({
      state: 'down: only the durable state above remains',
      'commit index': 'lost in the crash; restarts at i0, then learnt from a leader',
      'applied index': 'lost in the crash; rebuilt with the key-value state',
    });
    expect(fields('inspector-kv')).toEqual({ state: 'lost in the crash; rebuilt on restart by re-applying committed entries' });
    expect(fields('inspector-durable')).toMatchObject({ 'current term': '1', 'log ends at': '(t1, i4)' });
  });

  it('names the snapshot a down node rebuilds its state machine from', () => {
    const sim = compactedSim();
    sim.apply({ kind: 'crash', node: n(1) });
    const snap = sim.view().nodes[0]?.durable.snapshot.index ?? 0;
    expect(snap).toBeGreaterThan(0);
    render(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(1) }} onIntervene={intervener(sim)} />);
    expect(fields('inspector-kv').state).toBe(`lost in the crash; rebuilt on restart from the snapshot (up to i${snap}), then by re-applying committed entries`);
    expect(fields('inspector-volatile')['commit index']).toBe(`lost in the crash; restarts at i${snap} (the snapshot), then learnt from a leader`);
  });

  it('disables membership changes, with the reason, while there is no leader', () => {
    const sim = replicatingSim();
    sim.apply({ kind: 'crash', node: n(2) });
    expect(sim.view().leader).toBeUndefined();
    render(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(2) }} onIntervene={intervener(sim)} check={(iv) => sim.check(iv)} />);
    const remove = screen.getByRole('button', { name: 'Remove voter n2' }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    expect(remove.title).toBe('membership changes go through the leader, and there is none now');
  });

  it('sends a command to the selected leader, even an old one cut off in a minority, naming it and its term', () => {
    const sim = new Simulation({ nodes: 5, seed: 3 }).runFor(2000);
    sim.apply({ kind: 'partition', groups: [[n(1), n(2)], [n(3), n(4), n(5)]] });
    sim.runFor(1500);
    const view = sim.view();
    expect(view.nodes.filter((x) => x.role === 'Leader').map((x) => [x.id, x.term])).toEqual([[2, 1], [5, 2]]);
    expect(view.leader).toBe(5);
    const onIntervene = intervener(sim);
    const { rerender } = render(<Inspector view={view} selection={{ kind: 'node', id: n(2) }} onIntervene={onIntervene} />);
    fireEvent.change(screen.getByLabelText(/Client command/), { target: { value: 'set side minority' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send to leader n2 (term 1)' }));
    expect(sim.interventions().at(-1)?.intervention).toEqual({ kind: 'propose', command: 'set side minority', node: 2 });
    // The newest leader, selected, is named as such; a follower sends to it too.
    rerender(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(5) }} onIntervene={onIntervene} />);
    expect(screen.getByTestId('command-send').textContent).toBe('Send to leader n5');
    rerender(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(1) }} onIntervene={onIntervene} />);
    expect(screen.getByTestId('command-send').textContent).toBe('Send to leader n5');
  });

  it('validates a client command as typed and sends a good one to the leader', () => {
    const sim = replicatingSim();
    const before = sim.interventions().length;
    render(<Inspector view={sim.view()} selection={undefined} onIntervene={intervener(sim)} />);
    const input = screen.getByLabelText(/Client command/);
    fireEvent.change(input, { target: { value: 'set x' } });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toMatch(/^column \d+: /);
    fireEvent.click(screen.getByRole('button', { name: 'Send to leader n2' }));
    expect(sim.interventions().length).toBe(before);
    fireEvent.change(input, { target: { value: 'incr hits' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Send to leader n2' }));
    expect(sim.interventions().at(-1)?.intervention).toEqual({ kind: 'propose', command: 'incr hits', node: 2 });
  });

  it('lists every field of a message and holds, releases, duplicates and drops it', () => {
    const sim = replicatingSim();
    const onIntervene = intervener(sim);
    const msg = sim.view().inFlight.find((m) => m.kind === 'AppendEntriesCall');
    if (msg === undefined) throw new Error('fixture: expected an AppendEntries in flight');
    const sel = { kind: 'message', id: msg.id } as const;
    const { rerender } = render(<Inspector view={sim.view()} selection={sel} onIntervene={onIntervene} />);
    expect(fields('inspector-message-fields')).toMatchObject({
      kind: 'AppendEntries call',
      'from → to': `n${msg.from} → n${msg.to}`,
      sent: `${msg.sentAt} ms`,
      term: '1',
      seqno: String(msg.seqno),
      'prev log position': `(t${msg.prev?.term}, i${msg.prev?.index})`,
      entries: msg.entryCount === 0 ? '0 (heartbeat)' : String(msg.entryCount),
      'leader commit': String(msg.commit),
      content: msg.text,
    });
    fireEvent.click(screen.getByRole('button', { name: `Hold message #${msg.id}` }));
    rerender(<Inspector view={sim.view()} selection={sel} onIntervene={onIntervene} />);
    expect(fields('inspector-message-fields').arrives).toBe('held: it waits until released');
    fireEvent.click(screen.getByRole('button', { name: `Release message #${msg.id}` }));
    fireEvent.click(screen.getByRole('button', { name: `Duplicate message #${msg.id}` }));
    expect(sim.view().inFlight.length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: `Drop message #${msg.id}` }));
    rerender(<Inspector view={sim.view()} selection={sel} onIntervene={onIntervene} />);
    expect(screen.getByTestId('inspector-gone').textContent).toContain(`#${msg.id} is no longer in flight`);
  });

  it("lists the entries an AppendEntries call carries, each with its index, term and command", () => {
    const sim = replicatingSim();
    sim.apply({ kind: 'propose', command: 'set colour blue' });
    sim.runUntil(sim.time + 1);
    // The call that reaches furthest carries the new command last.
    const reach = (m: { prev?: { index: number }; entryCount?: number }) => (m.prev?.index ?? 0) + (m.entryCount ?? 0);
    const calls = sim.view().inFlight.filter((m) => m.kind === 'AppendEntriesCall' && (m.entryCount ?? 0) > 0);
    const msg = calls.reduce<(typeof calls)[number] | undefined>((best, m) => (best === undefined || reach(m) > reach(best) ? m : best), undefined);
    if (msg === undefined) throw new Error('fixture: expected an AppendEntries with entries in flight');
    render(<Inspector view={sim.view()} selection={{ kind: 'message', id: msg.id }} onIntervene={intervener(sim)} />);
    const rows = fields('inspector-message-fields');
    const listed = Object.keys(rows).filter((k) => k.startsWith('entry i'));
    expect(listed).toHaveLength(msg.entryCount ?? 0);
    // Each row says what the sender's log holds at that index.
    const senderLog = sim.view().nodes.find((x) => x.id === msg.from)?.log ?? [];
    for (const key of listed) {
      const e = senderLog.find((x) => `entry i${x.index}` === key);
      expect(rows[key]).toBe(`t${e?.term} ${e?.text}`);
    }
    expect(Object.values(rows)).toContain(`t${msg.term} set colour blue`);
  });

  it('shows the refusal next to the control that caused it, and disables controls check refuses', () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    const refuse = (): string => 'no leader now';
    render(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(1) }} onIntervene={refuse} />);
    fireEvent.click(screen.getByRole('button', { name: 'Snapshot n1 now' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('no leader now');
    expect(alert.parentElement?.querySelector('button')?.textContent).toBe('Snapshot n1 now');
    cleanup();
    render(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(1) }} onIntervene={refuse} check={(iv) => (iv.kind === 'membership' ? 'membership changes go through the leader, and there is none now' : undefined)} />);
    const remove = screen.getByRole('button', { name: 'Remove voter n1' }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);
    expect(remove.title).toMatch(/there is none now/);
    expect(screen.getByText(/there is none now/)).toBeTruthy();
  });

  it("disables what the simulator's check refuses, with its reason", () => {
    const sim = replicatingSim();
    sim.apply({ kind: 'crash', node: n(3) });
    render(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(3) }} onIntervene={intervener(sim)} check={(iv) => sim.check(iv)} />);
    const timeout = screen.getByRole('button', { name: 'Time out n3 now' }) as HTMLButtonElement;
    expect(timeout.disabled).toBe(true);
    expect(timeout.title).toBe('n3 is down');
    expect((screen.getByRole('button', { name: 'Restart n3' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('adds a new member (a free id) as a learner through the leader', () => {
    const sim = replicatingSim();
    sim.runFor(500);
    const onIntervene = intervener(sim);
    render(<Inspector view={sim.view()} selection={undefined} onIntervene={onIntervene} />);
    fireEvent.change(screen.getByTestId('add-member-id'), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add n7 as learner' }));
    sim.runFor(100);
    expect(sim.view().nodes.map((x) => x.id)).toContain(7);
    expect(sim.view().nodes.find((x) => x.id === 2)?.config.nonVoters).toEqual([7]);
  });

  it('draws a joint configuration as C_old,new and offers membership changes by role', () => {
    const sim = replicatingSim();
    sim.runFor(500);
    const onIntervene = intervener(sim);
    const { rerender } = render(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(6) }} onIntervene={onIntervene} />);
    expect(screen.getByText('There is no node n6.')).toBeTruthy();
    rerender(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(5) }} onIntervene={onIntervene} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove voter n5' }));
    sim.runFor(5);
    const joint = sim.view().nodes.find((x) => x.id === 2)?.config;
    expect(joint?.newVoters).toEqual([1, 2, 3, 4]);
    rerender(<Inspector view={sim.view()} selection={{ kind: 'node', id: n(2) }} onIntervene={onIntervene} />);
    expect(fields('inspector-config').configuration).toBe('C_old,new = {1,2,3,4,5} + {1,2,3,4}');
  });
});

describe('Inspector while playing', () => {
  it('rounds the time left on a timer when the present falls between milliseconds', () => {
    const sim = replicatingSim();
    const view = sim.view();
    const leader = view.nodes.find((x) => x.id === 2);
    const deadline = leader?.timer?.deadline ?? 0;
    render(<Inspector view={{ ...view, time: deadline - 33.68 }} selection={{ kind: 'node', id: n(2) }} onIntervene={intervener(sim)} />);
    expect(fields('inspector-volatile').timer).toBe(`heartbeat at ${deadline} ms (in 34 ms, armed at ${leader?.timer?.armedAt} ms)`);
  });
});
