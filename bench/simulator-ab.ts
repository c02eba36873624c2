// A/B throughput of two checkouts of raftlab's simulator, e.g. a baseline commit against the
// working tree: `node --expose-gc --import tsx bench/simulator-ab.ts /tmp/base . --rounds 5 --reps 6`.
// For each mode, each round is a fresh node process that loads both checkouts (two module graphs
// side by side), warms both up, then alternates runs of the bench:sim load (5 nodes, 5 % loss, a
// proposal every 40 ms, 100,000 events) between them, timing each in CPU time after a GC. On a
// shared machine both sides see the same neighbours; the medians over every run are compared.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const MODES = { explain: { checks: true, explain: true }, checks: { checks: true, explain: false }, off: { checks: false, explain: false } } as const;
type Mode = keyof typeof MODES;
const LABELS: Record<Mode, string> = { explain: 'checks + explanations', checks: 'checks on', off: 'checks off' };

interface SimLike {
  readonly end: number;
  runFor(ms: number): unknown;
  apply(iv: { kind: 'propose'; command: string }): unknown;
}
type SimClass = new (params: { seed: number; loss: number }, options: { checks: boolean; explain: boolean }) => SimLike;

function load(Sim: SimClass, events: number, mode: Mode): number {
  (globalThis as { gc?: () => void }).gc?.();
  const started = process.cpuUsage();
  const sim = new Sim({ seed: 42, loss: 0.05 }, MODES[mode]);
  for (let n = 0; sim.end < events; n++) {
    sim.runFor(40);
    sim.apply({ kind: 'propose', command: `set k${n % 8} ${n}` });
  }
  const used = process.cpuUsage(started);
  return sim.end / ((used.user + used.system) / 1e6);
}

/** One process: both checkouts, alternating; prints [[A rates], [B rates]] as JSON. */
async function child(mode: Mode, reps: number, roots: readonly string[]): Promise<void> {
  const sims: SimClass[] = [];
  for (const root of roots) sims.push(((await import(pathToFileURL(resolve(root, 'src/sim/index.ts')).href)) as { Simulation: SimClass }).Simulation);
  for (const Sim of sims) for (let i = 0; i < 2; i++) load(Sim, 100_000, mode); // warm-up
  const rates: number[][] = sims.map(() => []);
  for (let r = 0; r < reps; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const j of order) (rates[j] as number[]).push(load(sims[j] as SimClass, 100_000, mode));
  }
  console.log(JSON.stringify(rates));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function parent(a: string, b: string, rounds: number, reps: number, modes: readonly Mode[]): void {
  console.log(`events per CPU-second, medians of ${rounds} processes × ${reps} alternating runs of 100,000 events`);
  console.log(`${'mode'.padEnd(24)}${'A'.padStart(9)}${'B'.padStart(9)}   change   (per-process medians of B/A)`);
  for (const mode of modes) {
    const all: number[][] = [[], []];
    const ratios: string[] = [];
    for (let r = 0; r < rounds; r++) {
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', mode, String(reps), a, b], { encoding: 'utf8' });
      const rates = JSON.parse(out.trim().split('\n').at(-1) as string) as number[][];
      rates.forEach((xs, j) => (all[j] as number[]).push(...xs));
      ratios.push(`${((median(rates[1] as number[]) / median(rates[0] as number[]) - 1) * 100).toFixed(1)}`);
    }
    const ma = median(all[0] as number[]);
    const mb = median(all[1] as number[]);
    const change = `${(((mb - ma) / ma) * 100).toFixed(1)} %`;
    console.log(`${LABELS[mode].padEnd(24)}${Math.round(ma).toString().padStart(9)}${Math.round(mb).toString().padStart(9)}   ${change.padStart(7)}   (${ratios.join(', ')})`);
  }
  console.log(`A = ${resolve(a)}, B = ${resolve(b)}`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(args[1] as Mode, Number(args[2]), args.slice(3));
} else {
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args[i + 1];
  };
  const modes = (flag('--modes')?.split(',') ?? ['off', 'checks', 'explain']) as Mode[];
  const [a = '/tmp/base', b = '.'] = args.filter((x, i) => !x.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  parent(a, b, Number(flag('--rounds') ?? 4), Number(flag('--reps') ?? 5), modes);
}
