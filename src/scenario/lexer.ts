/**
 * Tokens of the scenario language, one line at a time, each with its 1-based line and column, and
 * the located error every stage reports (parse, validate, run).
 *
 * @module
 */

/** A place in the script, 1-based. */
export interface Loc {
  readonly line: number;
  readonly column: number;
}

export type TokenKind = 'word' | 'number' | 'string' | 'punct';

export interface Token extends Loc {
  readonly kind: TokenKind;
  /** The text as written (strings: the unquoted, unescaped content). */
  readonly text: string;
  /** For numbers: the value and unit (`ms`, `s`, `%` or ''). */
  readonly value?: number;
  readonly unit?: string;
  /** Columns after the last character (for spans). */
  readonly end: number;
}

/** A problem with a script, located at line:column. Its message is plain text. */
export class ScenarioError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${line}:${column}: ${reason}`);
    this.name = 'ScenarioError';
  }
}

const PUNCT = ['<->', '->', '..', '>=', '<=', '!=', '{', '}', '=', '>', '<'] as const;
const NUMBER = /^-?\d+(?:\.\d+)?(ms|s|%)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_-]*/;

function readString(source: string, start: number, line: number): { text: string; next: number } {
  let text = '';
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '"') return { text, next: i + 1 };
    if (c === '\\') {
      const escaped = source[i + 1];
      if (escaped !== '"' && escaped !== '\\') throw new ScenarioError(line, i + 1, 'in a string, only \\" and \\\\ are escapes');
      text += escaped;
      i++;
      continue;
    }
    text += c;
  }
  throw new ScenarioError(line, start + 1, 'this string has no closing quote (")');
}

/** The tokens of one line; `#` starts a comment outside strings. Throws `ScenarioError`. */
export function tokenizeLine(source: string, line: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') break;
    const column = i + 1;
    if (c === '"') {
      const { text, next } = readString(source, i, line);
      tokens.push({ kind: 'string', text, line, column, end: next + 1 });
      i = next;
      continue;
    }
    const rest = source.slice(i);
    const number = NUMBER.exec(rest);
    if (number !== null && !(c === '-' && rest.startsWith('->'))) {
      const unit = number[1] ?? '';
      const raw = number[0];
      tokens.push({ kind: 'number', text: raw, value: Number(raw.slice(0, raw.length - unit.length)), unit, line, column, end: column + raw.length });
      i += raw.length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word !== null) {
      tokens.push({ kind: 'word', text: word[0], line, column, end: column + word[0].length });
      i += word[0].length;
      continue;
    }
    const punct = PUNCT.find((p) => rest.startsWith(p));
    if (punct === undefined) throw new ScenarioError(line, column, `unexpected character ${JSON.stringify(c)}`);
    tokens.push({ kind: 'punct', text: punct, line, column, end: column + punct.length });
    i += punct.length;
  }
  return tokens;
}

/** Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The closest known word within a third of its length (at least 1, at most 3 edits), if any. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance && d <= limit) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or ''. */
export function didYouMean(word: string, known: readonly string[]): string {
  const guess = nearest(word, known);
  return guess === undefined ? '' : ` (did you mean "${guess}"?)`;
}

/** How a token reads in an error message. */
export function shown(token: Token | undefined): string {
  if (token === undefined) return 'the end of the line';
  return token.kind === 'string' ? JSON.stringify(token.text) : `"${token.text}"`;
}
