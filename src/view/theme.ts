/**
 * The one vocabulary for colour across every panel: a term's colour is the same on a node, a log
 * cell, a message and a space-time arrow. Colours are CSS custom properties (see theme.css), so
 * light and dark themes swap them without re-rendering. Thin marks drawn in a term's colour alone
 * (timer arcs, space-time arrows) get a darker variant of it in the light theme, through the same
 * variable: theme.css redefines --rl-term-N inside them (WCAG 1.4.11's 3:1 for graphics).
 *
 * @module
 */

/** How many term colours the palette has (Okabe–Ito, colour-blind safe); term t uses t mod 8. */
export const TERM_COLOURS = 8;

/** The palette slot of `term`. */
export function termSlot(term: number): number {
  return ((term % TERM_COLOURS) + TERM_COLOURS) % TERM_COLOURS;
}

/** A CSS colour for `term`, always shown next to the term's number (never colour alone). */
export function termColour(term: number): string {
  return `var(--rl-term-${termSlot(term)})`;
}

/** The stroke variant of `term`'s colour (darker in the light theme), for an outline beside a fill in {@link termColour}. */
export function termStroke(term: number): string {
  return `var(--rl-term-stroke-${termSlot(term)})`;
}
