// Repetition, timing summary and number formatting for the benchmark.

/** One timed run: the seconds measured by the workload itself, plus what it reports. */
export interface Timed<R> {
  readonly seconds: number;
  readonly result: R;
}

export interface Summary {
  readonly best: number;
  readonly median: number;
  readonly worst: number;
}

/** Runs `run` once untimed (warm-up), then `runs` times; returns the timed runs in order. */
export function repeat<R>(runs: number, run: () => Timed<R>): Timed<R>[] {
  run();
  const out: Timed<R>[] = [];
  for (let i = 0; i < runs; i++) out.push(run());
  return out;
}

export function summarize(seconds: readonly number[]): Summary {
  const sorted = [...seconds].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = n >> 1;
  const median = n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { best: sorted[0] as number, median, worst: sorted[n - 1] as number };
}

/** `1.23M`, `456k`, `789`. */
export function rate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)}k`;
  return perSecond.toFixed(0);
}

export function secs(s: number): string {
  return s.toFixed(3);
}

export function int(n: number): string {
  return n.toLocaleString('en-US');
}
