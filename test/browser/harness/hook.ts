/**
 * The page's test hook: `src/main.tsx` publishes the page's store as `window.raftlab`, so a
 * browser test can read the published frame and compare it, or set up a state through the same
 * actions the controls call. Functions passed to `page.evaluate` run in the page, so they refer to
 * the hook through this type only.
 *
 * @module
 */
import type { RaftStore } from '../../../src/store/index.js';

export interface HookWindow extends Window {
  raftlab?: RaftStore;
}
