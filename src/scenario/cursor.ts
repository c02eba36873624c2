/**
 * A cursor over one line's tokens with the small readers every command is built from: words from
 * a list (with "did you mean"), whole numbers, durations, probabilities and node selectors. Each
 * reader throws a located `ScenarioError` saying what was expected and what it found.
 *
 * @module
 */
import type { Selector } from './ast.js';
import { didYouMean, ScenarioError, shown, type Loc, type Token } from './lexer.js';

const NODE = /^n([1-9])$/;
export const SELECTOR_WORDS = ['leader', 'followers', 'all'] as const;
const SELECTOR_HELP = 'a node (n1, n2, …), leader, followers, all or a set like {n1 n2}';

export class Cursor {
  private i = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly line: number,
    private readonly lineLength: number,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }
  /** Where the next token is, or just after the line. */
  here(): Loc {
    const t = this.peek();
    return t ?? { line: this.line, column: this.lineLength + 1 };
  }
  fail(message: string, at: Loc = this.here()): never {
    throw new ScenarioError(at.line, at.column, message);
  }
  /** True (and consumed) if the next token is the word or punctuation `text`. */
  accept(text: string): boolean {
    const t = this.peek();
    if (t === undefined || (t.kind !== 'word' && t.kind !== 'punct') || t.text !== text) return false;
    this.i++;
    return true;
  }
  expectText(text: string, what = `"${text}"`): void {
    if (!this.accept(text)) this.fail(`expected ${what}, got ${shown(this.peek())}${this.guess([text])}`);
  }
  expectEnd(): void {
    const t = this.peek();
    if (t !== undefined) this.fail(`unexpected ${shown(t)} at the end of the command`, t);
  }
  private guess(known: readonly string[]): string {
    const t = this.peek();
    return t?.kind === 'word' ? didYouMean(t.text, known) : '';
  }

  /** One of `known` (words), or an error listing them. */
  oneOf<T extends string>(known: readonly T[], what: string): T {
    const t = this.peek();
    if (t?.kind === 'word' && (known as readonly string[]).includes(t.text)) {
      this.i++;
      return t.text as T;
    }
    return this.fail(`expected ${what} (${known.join(', ')}), got ${shown(t)}${this.guess(known)}`);
  }

  /** A whole number in [lo, hi], without a unit. */
  int(what: string, lo: number, hi: number): number {
    const t = this.peek();
    if (t?.kind !== 'number' || t.unit !== '' || !Number.isInteger(t.value) || (t.value as number) < lo || (t.value as number) > hi) {
      return this.fail(`expected ${what}, a whole number from ${lo} to ${hi}, got ${shown(t)}`);
    }
    this.i++;
    return t.value as number;
  }

  /** A duration such as `300ms` or `1.2s`, in whole milliseconds. */
  duration(what = 'a duration'): number {
    const t = this.peek();
    if (t?.kind !== 'number' || (t.unit !== 'ms' && t.unit !== 's')) {
      const hint = t?.kind === 'number' && t.unit === '' ? ` (add a unit: ${t.text}ms or ${t.text}s)` : '';
      return this.fail(`expected ${what} such as 300ms or 1.2s, got ${shown(t)}${hint}`);
    }
    const ms = (t.value as number) * (t.unit === 's' ? 1000 : 1);
    const rounded = Math.round(ms);
    if (Math.abs(ms - rounded) > 1e-9) this.fail(`${t.text} is not a whole number of milliseconds`, t);
    if (rounded < 0 || rounded > 86_400_000) this.fail(`${t.text} is out of range (0 to 24 hours)`, t);
    this.i++;
    return rounded;
  }

  /** `lo..hi` durations. */
  range(what: string): [number, number] {
    const lo = this.duration(what);
    this.expectText('..', `".." and the upper bound of ${what}`);
    return [lo, this.duration(`the upper bound of ${what}`)];
  }

  /** `10%` or `0.1`: a probability in [0, 1]. */
  probability(what: string): number {
    const t = this.peek();
    const p = t?.kind === 'number' ? (t.unit === '%' ? (t.value as number) / 100 : t.unit === '' ? (t.value as number) : NaN) : NaN;
    if (!(p >= 0 && p <= 1)) return this.fail(`expected ${what} as a percentage (10%) or a fraction (0.1) between 0 and 1, got ${shown(t)}`);
    this.i++;
    return p;
  }

  /** A quoted string. */
  string(what: string): string {
    const t = this.peek();
    if (t?.kind !== 'string') return this.fail(`expected ${what} in double quotes, got ${shown(t)}`);
    this.i++;
    return t.text;
  }

  /** True if the next token starts a selector. */
  atSelector(): boolean {
    const t = this.peek();
    return (t?.kind === 'punct' && t.text === '{') || (t?.kind === 'word' && (NODE.test(t.text) || (SELECTOR_WORDS as readonly string[]).includes(t.text)));
  }

  /** One node `n3`. */
  node(what = 'a node (n1, n2, …)'): Selector & { kind: 'node' } {
    const t = this.peek();
    const m = t?.kind === 'word' ? NODE.exec(t.text) : null;
    if (t === undefined || m === null) return this.fail(`expected ${what}, got ${shown(t)}`);
    this.i++;
    return { kind: 'node', id: Number(m[1]), loc: t };
  }

  /** `n3`, `leader`, `followers`, `all` or `{n1 n2}`. */
  selector(): Selector {
    const t = this.peek();
    if (t === undefined) return this.fail(`expected ${SELECTOR_HELP}, got the end of the line`);
    if (t.kind === 'punct' && t.text === '{') {
      this.i++;
      const ids: number[] = [];
      while (!this.accept('}')) {
        if (this.atEnd()) this.fail('this set has no closing "}"', t);
        const n = this.node('a node (n1, n2, …) or "}"');
        if (ids.includes(n.id)) this.fail(`n${n.id} appears twice in this set`, n.loc);
        ids.push(n.id);
      }
      if (ids.length === 0) this.fail('an empty set names no node', t);
      return { kind: 'set', ids, loc: t };
    }
    if (t.kind === 'word' && (SELECTOR_WORDS as readonly string[]).includes(t.text)) {
      this.i++;
      return { kind: t.text as 'leader' | 'followers' | 'all', loc: t };
    }
    if (t.kind === 'word' && NODE.test(t.text)) return this.node();
    const hint = t.kind === 'word' && /^n\d+$/.test(t.text) ? ' (node ids run from 1 to 9)' : this.guess(SELECTOR_WORDS);
    return this.fail(`expected ${SELECTOR_HELP}, got ${shown(t)}${hint}`);
  }

  /** The rest of the line as written (for client commands), with the column it starts at. */
  rest(source: string): { text: string; loc: Loc } | undefined {
    const first = this.peek();
    const last = this.tokens.at(-1);
    if (first === undefined || last === undefined) return undefined;
    this.i = this.tokens.length;
    return { text: source.slice(first.column - 1, last.end - 1), loc: first };
  }
}
