/**
 * The keyboard shortcuts of one visualizer instance. The instance's root element listens, so keys
 * act only on the focused instance, and never while the user types in a field.
 *
 * @module
 */
import type { Intervention } from '../sim/index.js';
import type { NodeId } from '../raft/index.js';
import { selectedNode, type RaftStore } from '../store/index.js';

/** Every key, in the order the help overlay lists them. */
export const KEYMAP: readonly { readonly keys: string; readonly does: string }[] = [
  { keys: 'Space', does: 'play / pause' },
  { keys: '→', does: 'step one event' },
  { keys: '←', does: 'step back one event' },
  { keys: '.', does: 'next event of the selected kind' },
  { keys: ',', does: 'previous event of the selected kind' },
  { keys: 'c', does: 'client command (incr x) to the leader' },
  { keys: 'r', does: 'restart the leader (crash, then restart)' },
  { keys: 't', does: 'time out the selected node (a follower or candidate campaigns; a leader sends heartbeats)' },
  { keys: 'x', does: 'crash / restart the selected node' },
  { keys: 'p', does: 'isolate the selected node' },
  { keys: 'h', does: 'heal every link' },
  { keys: '1 – 9', does: 'select node n1 … n9' },
  { keys: '?', does: 'show / hide this help' },
  { keys: 'Esc', does: 'close help, clear the selection' },
];

/** True when keys belong to a field the user is typing in. */
export function isTyping(target: EventTarget | null): boolean {
  if (target === null || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const field = el.closest('input, textarea, select, [contenteditable="true"]');
  if (field === null) return false;
  // Range sliders and buttons take arrow keys themselves but are not "typing" for letters.
  return !(field instanceof HTMLInputElement && (field.type === 'range' || field.type === 'checkbox' || field.type === 'radio'));
}

const CONTROL = 'keyboard';

function needSelected(store: RaftStore): NodeId | undefined {
  const id = selectedNode(store.getState());
  if (id === undefined) store.actions.setError(CONTROL, 'Select a node first (keys 1–9 or click it).');
  return id;
}

function act(store: RaftStore, iv: Intervention): void {
  store.actions.intervene(iv, CONTROL);
}

function nodeKeys(store: RaftStore, key: string): boolean {
  const frame = store.getState().frame;
  switch (key) {
    case 'c': {
      const leader = frame.view.leader;
      if (leader === undefined) store.actions.setError(CONTROL, 'No leader is known: a client command needs one.');
      else act(store, { kind: 'propose', command: 'incr x', node: leader });
      return true;
    }
    case 'r': {
      const leader = frame.view.leader;
      if (leader === undefined) store.actions.setError(CONTROL, 'No leader is known to restart.');
      else if (store.actions.intervene({ kind: 'crash', node: leader }, CONTROL) === undefined) act(store, { kind: 'restart', node: leader });
      return true;
    }
    case 't':
    case 'x':
    case 'p': {
      const id = needSelected(store);
      if (id === undefined) return true;
      if (key === 't') act(store, { kind: 'timeout', node: id });
      else if (key === 'x') act(store, { kind: frame.view.nodes.find((n) => n.id === id)?.up === false ? 'restart' : 'crash', node: id });
      else act(store, { kind: 'partition', groups: [[id], frame.view.nodes.map((n) => n.id).filter((n) => n !== id)] });
      return true;
    }
    case 'h':
      act(store, { kind: 'heal' });
      return true;
  }
  return false;
}

/** Handles one key press for `store`; true if it was a shortcut (the caller prevents the default). */
export function handleKey(store: RaftStore, e: Pick<KeyboardEvent, 'key' | 'target' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return false;
  const a = store.actions;
  // Space belongs to the focused control (press a button, tick a checkbox, open a select).
  const onControl = e.target instanceof HTMLElement && e.target.closest('button, [role="button"], input, select, summary, a[href]') !== null;
  switch (e.key) {
    case ' ':
      if (onControl) return false;
      a.togglePlay();
      return true;
    case 'ArrowRight':
    case 'ArrowLeft':
      if (e.target instanceof HTMLInputElement) return false; // the slider moves itself
      a.pause();
      if (e.key === 'ArrowRight') a.step();
      else a.stepBack();
      return true;
    case '.':
    case ',':
      a.pause();
      if (e.key === '.') a.stepToNext();
      else a.stepToPrevious();
      return true;
    case '?':
      a.setHelp(!store.getState().ui.helpOpen);
      return true;
    case 'Escape':
      if (store.getState().ui.helpOpen) a.setHelp(false);
      else a.select(undefined);
      return true;
  }
  if (/^[1-9]$/.test(e.key)) {
    const id = Number(e.key) as NodeId;
    if (store.getState().frame.view.nodes.some((n) => n.id === id)) a.select({ kind: 'node', id });
    else a.setError(CONTROL, `There is no node n${e.key}.`);
    return true;
  }
  return nodeKeys(store, e.key);
}
