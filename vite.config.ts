import react from '@vitejs/plugin-react';
import type { Alias, PluginOption } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Which runtime renders the components. They are written against React's API (imports from
 * 'react' and 'react-dom/client'); with 'preact' those imports resolve to preact/compat, which is
 * ~60 KB gzip smaller than react-dom + react + scheduler and keeps the app inside its 120 KB budget.
 * The aliases apply to the production build, the dev server and Vitest alike, so the component
 * tests and the browser journeys test what ships. Set to 'react' to switch back (nothing else to
 * change: react, react-dom and @vitejs/plugin-react stay installed).
 */
const RUNTIME = 'preact' as 'preact' | 'react';

/**
 * Exact-specifier aliases (a regex each, so 'react' matches neither 'react-dom' nor 'react/…').
 * 'react' and the JSX runtimes go through src/view/compat/, which is preact/compat plus React's
 * onChange semantics (see there).
 */
function preactAliases(): Alias[] {
  const compat = new URL('./src/view/compat/', import.meta.url).pathname;
  return [
    { find: /^react-dom\/test-utils$/, replacement: 'preact/test-utils' },
    { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
    { find: /^react-dom$/, replacement: 'preact/compat' },
    { find: /^react\/jsx-(dev-)?runtime$/, replacement: `${compat}jsx-runtime.ts` },
    { find: /^react$/, replacement: `${compat}react.ts` },
    // Testing Library's "main" is CommonJS, whose require('react') no alias reaches; its ES module
    // build imports 'react', 'react-dom', 'react-dom/client' and 'react-dom/test-utils' (for act,
    // which preact/compat does not export).
    { find: /^@testing-library\/react$/, replacement: '@testing-library/react/dist/@testing-library/react.esm.js' },
  ];
}

// Packages that import 'react' themselves. Vitest runs node_modules through Node, not Vite, so
// without inlining them their `import 'react'` would load real React next to preact (two
// renderers: hooks would break). Inlined, they go through the aliases above.
const INLINE_REACT_USERS = ['@testing-library/react', 'zustand'];

const preact = RUNTIME === 'preact';
// plugin-react's Fast Refresh hooks into React's renderer and does nothing for preact (an edit
// would leave a stale page); without it Vite's own JSX transform emits the automatic runtime
// (tsconfig's "jsx": "react-jsx", aliased above) and the dev server reloads the page on an edit.
const plugins: PluginOption[] = preact ? [] : [react()];

export default defineConfig(() => ({
  plugins,
  resolve: { alias: preact ? preactAliases() : [] },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    pool: 'forks',
    server: { deps: { inline: preact ? INLINE_REACT_USERS : [] } },
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'node_modules/.vitest/results.json' },
  },
}));
