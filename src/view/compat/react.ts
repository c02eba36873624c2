/**
 * What `import … from 'react'` resolves to in the app (vite.config.ts aliases it, for the build, the
 * dev server and Vitest alike): preact/compat, plus four corrections so that the components, written
 * against React's API, behave as they do on React.
 *
 * onChange of a text field, textarea or range: React calls it on `input` AND on `change` events
 * (whichever reports a value it has not reported yet); preact/compat maps it to `input` only, so a
 * `change` event that no `input` event preceded (a script or a test setting the value and
 * dispatching `change`, as Testing Library's fireEvent.change does) would be lost. The handler
 * also listens to `change` and runs there unless `input` events already reported the edit (in a
 * browser a user's edit fires `input` events, then `change` once: that one is not reported twice).
 *
 * Two attributes React writes and preact would not:
 * - tabIndex on an SVG element (the ring's nodes and messages are focusable <g>s): React writes
 *   `tabindex`; preact calls setAttribute('tabIndex'), which lowercases the name only on HTML
 *   elements, so an SVG element gets an attribute the browser ignores and Tab skips it.
 * - spellCheck={false} (the command and scenario fields): React writes spellcheck="false"; preact
 *   removes an attribute whose value is false, leaving the browser's spell checker on.
 * tabIndex is renamed `tabindex`, which preact writes as it is on every element; spellCheck's
 * boolean becomes a string, which preact writes with setAttribute (HTML lowercases the name).
 *
 * useId: React's ids are unique on the page; preact numbers each render root from P0-0, so two
 * roots on one page (two visualizers) would share ids and one's <label for> would name the other's
 * field. Each root gets its own first number.
 *
 * @module
 */
import { options, type VNode } from 'preact';

// @ts-expect-error preact/compat's types are one `export =` namespace; the module itself is an ES
// module whose named exports are React's API, which is what the components import.
export * from 'preact/compat';
export { default } from 'preact/compat';

/** Fields whose `input` events reported an edit that their next `change` event ends. */
const editedByInput = new WeakSet<EventTarget>();

/** The input types whose onChange React and preact/compat both drive by `change` (or click). */
const CHANGE_DRIVEN_TYPES = /^(checkbox|radio|file)$/i;

type ChangeHandler = (event: Event) => unknown;
/** A vnode as this hook sees it: an element's tag (or a component) and props it may replace. */
interface DomOrComponentVNode {
  readonly type: VNode['type'];
  props: Record<string, unknown>;
}

/** `handler` for every `input` event, and for a `change` event no `input` event preceded. */
function alsoOnLoneChange(handler: ChangeHandler): ChangeHandler {
  return (event) => {
    const field = event.currentTarget;
    if (field === null) return handler(event);
    if (event.type === 'input') editedByInput.add(field);
    else if (editedByInput.delete(field)) return undefined;
    return handler(event);
  };
}

/** `props` with tabIndex and spellCheck written as React writes them (see above). */
function asReactWritesThem({ tabIndex, spellCheck, ...rest }: Record<string, unknown>): Record<string, unknown> {
  const props: Record<string, unknown> = rest;
  if (tabIndex !== undefined) props.tabindex = tabIndex;
  if (spellCheck !== undefined) props.spellCheck = typeof spellCheck === 'boolean' ? String(spellCheck) : spellCheck;
  return props;
}

function isInputDrivenField(vnode: DomOrComponentVNode): boolean {
  if (vnode.type === 'textarea') return true;
  return vnode.type === 'input' && !CHANGE_DRIVEN_TYPES.test(String(vnode.props.type ?? 'text'));
}

// Runs before preact/compat's own vnode hook (installed when 'preact/compat' was imported above),
// which then maps onChange to `input`; onChangeCapture keeps `change` (and no component uses it).
const compatVNodeHook = options.vnode;
options.vnode = (vnode) => {
  const element = vnode as unknown as DomOrComponentVNode;
  if (typeof element.type === 'string' && ('tabIndex' in element.props || 'spellCheck' in element.props)) {
    element.props = asReactWritesThem(element.props);
  }
  if (typeof element.props.onChange === 'function' && isInputDrivenField(element)) {
    const handler = alsoOnLoneChange(element.props.onChange as ChangeHandler);
    element.props = { ...element.props, onChange: handler, onChangeCapture: handler };
  }
  compatVNodeHook?.(vnode);
};

// preact's internals (mangled names, checked by test/view/compat): options.__ runs when a tree is
// rendered into a container; a vnode's `__m` is the [root, next] pair useId numbers its ids from
// (hooks set it on the topmost vnode, [0, 0], if no ancestor has one).
type RootHook = (vnode: unknown, container: unknown) => void;
const internals = options as typeof options & { __?: RootHook };
let roots = 0;
const previousRootHook = internals.__;
internals.__ = (vnode, container) => {
  previousRootHook?.(vnode, container);
  const root = vnode as { __m?: [number, number] } | null;
  if (root !== null && typeof root === 'object' && root.__m === undefined) root.__m = [roots++, 0];
};
