/**
 * What 'react/jsx-runtime' and 'react/jsx-dev-runtime' resolve to (vite.config.ts): preact's JSX
 * runtime, after ./react.js has installed preact/compat and its onChange correction, so a module
 * that only uses JSX (and imports nothing from 'react') still renders through compat.
 *
 * @module
 */
import './react.js';

export * from 'preact/jsx-runtime';
