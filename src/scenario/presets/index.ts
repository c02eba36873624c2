/**
 * The preset library, in the order the picker shows it.
 *
 * @module
 */
import { ELECTION_PRESETS } from './elections.js';
import { LOG_PRESETS } from './logs.js';
import { MEMBERSHIP_PRESETS } from './membership.js';
import { STORAGE_PRESETS } from './storage.js';
import type { Preset } from './types.js';

export type { Preset } from './types.js';

export const PRESETS: readonly Preset[] = [...ELECTION_PRESETS, ...LOG_PRESETS, ...MEMBERSHIP_PRESETS, ...STORAGE_PRESETS];

/** The preset called `name`, if any. */
export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
