/**
 * Data-driven test files in the style of etcd-io/raft's `datadriven` package: blocks of
 *
 * ```
 * directive args
 * input line
 * ----
 * expected output
 * ```
 *
 * separated by blank lines. Output that itself contains blank lines is fenced by a doubled
 * separator (`----` `----` … `----` `----`). Rewriting keeps everything but the outputs.
 *
 * @module
 */

export interface Block {
  /** 1-based line of the directive. */
  readonly line: number;
  readonly directive: string;
  readonly args: readonly string[];
  readonly input: readonly string[];
  /** 1-based line of the first input line. */
  readonly inputLine: number;
  readonly expected: string;
  /** Lines [outputStart, outputEnd) of the file hold the output, separators included after `----`. */
  readonly outputStart: number;
  readonly outputEnd: number;
}

export class DataDrivenError extends Error {}

const SEP = '----';

function readOutput(lines: readonly string[], from: number): { text: string; end: number } {
  if (lines[from] === SEP) {
    let i = from + 1;
    while (i < lines.length && !(lines[i] === SEP && lines[i + 1] === SEP)) i++;
    if (i >= lines.length) throw new DataDrivenError(`line ${from + 1}: the output fenced by "----" "----" is not closed`);
    return { text: lines.slice(from + 1, i).join('\n'), end: i + 2 };
  }
  let i = from;
  while (i < lines.length && lines[i] !== '') i++;
  return { text: lines.slice(from, i).join('\n'), end: i };
}

/** The blocks of a data-driven file. */
export function parseDataDriven(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === '' || line.startsWith('#')) {
      i++;
      continue;
    }
    const start = i;
    const [directive, ...args] = line.trim().split(/\s+/);
    i++;
    while (i < lines.length && lines[i] !== SEP) i++;
    if (i >= lines.length) throw new DataDrivenError(`line ${start + 1}: "${line}" has no "----" line after its input`);
    const input = lines.slice(start + 1, i);
    const output = readOutput(lines, i + 1);
    blocks.push({ line: start + 1, directive: directive as string, args, input, inputLine: start + 2, expected: output.text, outputStart: i + 1, outputEnd: output.end });
    i = output.end;
  }
  return blocks;
}

/** `text` with each block's output replaced by `outputs[k]`. */
export function rewriteDataDriven(text: string, outputs: readonly string[]): string {
  const lines = text.split('\n');
  const blocks = parseDataDriven(text);
  const out: string[] = [];
  let at = 0;
  blocks.forEach((b, k) => {
    out.push(...lines.slice(at, b.outputStart));
    const output = outputs[k] ?? b.expected;
    if (output.split('\n').includes('')) out.push(SEP, output, SEP, SEP);
    else out.push(output);
    at = b.outputEnd;
  });
  out.push(...lines.slice(at));
  return out.join('\n');
}
