/**
 * What `import … from 'react'` resolves to under Vitest (vite.config.ts, mode "test"): exactly the
 * app's own 'react' (src/view/compat/react.ts, what ships) plus React's <Profiler>, which
 * preact/compat lacks and a component test uses to count the commits of a subtree. Production
 * React calls no onRender either, so the app loses nothing by not having it.
 *
 * @module
 */
import { options, type ComponentChildren, type VNode } from 'preact';
import type { ProfilerOnRenderCallback } from 'react';

export * from '../../../src/view/compat/react.js';
export { default } from '../../../src/view/compat/react.js';

interface ProfilerProps {
  readonly id: string;
  readonly onRender: ProfilerOnRenderCallback;
  readonly children?: ComponentChildren;
}

/** React's Profiler: calls onRender once per commit in which it or a descendant rendered. */
export function Profiler({ children }: ProfilerProps): ComponentChildren {
  return children;
}

// preact's internal (mangled) fields and hooks: a vnode's parent is `__`, its component `__c`;
// options.__c runs once per commit.
type Internal = VNode<ProfilerProps> & { __?: Internal | null; __c?: object | null };
type CommitHook = (root: VNode, queue: unknown[]) => void;
const hooks = options as typeof options & { __c?: CommitHook };

/** Profilers with work in the current commit, and the Profilers that have committed before. */
const touched = new Set<Internal>();
const mounted = new WeakSet<object>();

const previousDiffed = options.diffed;
options.diffed = (vnode) => {
  for (let v: Internal | null | undefined = vnode as Internal; v; v = v.__) if (v.type === Profiler) touched.add(v);
  previousDiffed?.(vnode);
};

const previousCommit = hooks.__c;
hooks.__c = (root, queue) => {
  previousCommit?.(root, queue);
  const now = performance.now();
  for (const profiler of touched) {
    const instance = profiler.__c ?? profiler;
    const phase = mounted.has(instance) ? 'update' : 'mount';
    mounted.add(instance);
    profiler.props.onRender(profiler.props.id, phase, 0, 0, now, now);
  }
  touched.clear();
};
