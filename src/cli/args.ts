/**
 * Strict command-line parsing shared by the CLIs: `--name value` or `--name=value`, flags without
 * values, and clear errors for unknown options, missing values and malformed numbers or durations.
 *
 * @module
 */

/** A command-line mistake; the CLIs print the message and the usage, then exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** True for options that take a value (`--seed 7`), false for flags (`--no-liveness`). */
  readonly value: boolean;
}

/** Parses `argv` against `spec`; returns option values (flags map to 'true'). Repeats are errors. */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}" (options start with --)`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const option = spec[name];
    if (option === undefined) throw new UsageError(`unknown option --${name}; known: ${Object.keys(spec).map((k) => `--${k}`).join(', ')}`);
    if (out.has(name)) throw new UsageError(`--${name} given twice`);
    if (!option.value) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.set(name, 'true');
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    out.set(name, value);
  }
  return out;
}

/** An integer in [lo, hi]. */
export function parseInteger(name: string, text: string, lo: number, hi: number): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`--${name}: expected an integer, got "${text}"`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < lo || n > hi) throw new UsageError(`--${name}: expected an integer in [${lo}, ${hi}], got ${text}`);
  return n;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

/** A duration such as `60s`, `1500ms`, `2m` or `1.5s`, as whole milliseconds (> 0 unless `allowZero`). */
export function parseDuration(name: string, text: string, allowZero = false): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
  if (m === null) {
    const hint = /^\d+(\.\d+)?$/.test(text) ? ` (add a unit: ${text}s, ${text}ms or ${text}m)` : '';
    throw new UsageError(`--${name}: expected a duration like 60s, 1500ms or 2m, got "${text}"${hint}`);
  }
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  if (!Number.isInteger(ms)) throw new UsageError(`--${name}: ${text} is not a whole number of milliseconds`);
  if (ms === 0 && !allowZero) throw new UsageError(`--${name}: the duration must be positive`);
  if (ms > 86_400_000) throw new UsageError(`--${name}: at most 24 hours of simulated time`);
  return ms;
}

/** `12.3 s` / `850 ms` for reports. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 100_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

/** Ends quietly when stdout is closed early (`npm run sim … | head`), keeping the exit status. */
export function exitQuietlyOnEpipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

/**
 * Parses the command line with `parse`; on a usage error prints it with the usage text and
 * returns 2 (the exit status), on `--help` prints the usage and returns 0.
 */
export function parseOrExit<T>(command: string, usage: string, parse: (argv: readonly string[]) => T | 'help', argv: readonly string[]): T | number {
  let args: T | 'help';
  try {
    args = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${command}: ${e.message}\n${usage}`);
    return 2;
  }
  if (args === 'help') {
    console.log(usage);
    return 0;
  }
  return args;
}
