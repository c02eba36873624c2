/**
 * The store of the visualizer instance a component belongs to. Each instance provides its own
 * store, so two visualizers on a page never share state.
 *
 * @module
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Frame, RaftState, RaftStore } from '../../store/index.js';

export const StoreContext = createContext<RaftStore | undefined>(undefined);

/** The instance's store (throws outside a provider: a wiring mistake, not a user error). */
export function useRaftStore(): RaftStore {
  const store = useContext(StoreContext);
  if (store === undefined) throw new Error('useRaftStore: no StoreContext provider above this component');
  return store;
}

/** Subscribes to one slice of the instance's state (re-renders when the slice's identity changes). */
export function useRaft<T>(selector: (s: RaftState) => T): T {
  return useStore(useRaftStore(), selector);
}

/**
 * Subscribes to one slice of the paced present: the store's `paced` frame, republished at most
 * 10 times a second while playing and at once on every step, seek, intervention and pause.
 */
export function usePaced<T>(select: (frame: Frame) => T): T {
  return useRaft((s) => select(s.paced));
}
