/**
 * A preset: a scenario file with captions and expectations, shipped with raftlab (as a string
 * module, so the page bundles it and the command line reads it alike).
 *
 * @module
 */
import type { Mutation, ParamsInput } from '../../sim/index.js';

export interface Preset {
  /** Kebab-case, used on the command line and in links. */
  readonly name: string;
  readonly title: string;
  /** One line for the picker. */
  readonly description: string;
  readonly text: string;
  /**
   * Presets that come in pairs open in compare mode: the same script run again with this
   * mutation toggled, or with these parameters changed.
   */
  readonly compare?: { readonly mutation: Mutation } | { readonly params: ParamsInput; readonly label: string };
}
