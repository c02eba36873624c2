/**
 * `npm run scenario -- <file.raft|preset> [--quiet] [--trace FILE]`: runs a scenario headless and
 * prints the explained run, each expectation's result and the trace hash. Exit status 0 when every
 * expectation holds, 1 when one fails (or the run stops), 2 when the script does not validate or
 * the command line is wrong. `--list` prints the presets, one name a line.
 *
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { exportTrace, traceToJson } from '../sim/index.js';
import { findPreset, PRESETS } from '../scenario/presets/index.js';
import { describeOutcome, describeStep } from '../scenario/report.js';
import { ScenarioRunner } from '../scenario/runner.js';
import { formatErrors, validateScenario } from '../scenario/validate.js';
import { exitQuietlyOnEpipe, parseArgs, parseOrExit, UsageError } from './args.js';

const USAGE = `usage: npm run scenario -- <file.raft | preset> [--quiet] [--trace FILE]
       npm run scenario -- --list
  <file.raft>    a scenario file; or the name of a preset (see --list)
  --quiet        print each step's summary instead of every explained event
  --trace FILE   write the run's trace JSON to FILE
  --list         print the preset names, one a line`;

interface CliArgs {
  readonly source: string | undefined;
  readonly quiet: boolean;
  readonly list: boolean;
  readonly trace: string | undefined;
}

/** Options (with `--trace`'s value) apart from the one positional argument. */
function split(argv: readonly string[]): { options: string[]; files: string[] } {
  const options: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) files.push(a);
    else {
      options.push(a);
      if (a === '--trace' && argv[i + 1] !== undefined) options.push(argv[++i] as string);
    }
  }
  return { options, files };
}

function parse(argv: readonly string[]): CliArgs | 'help' {
  const { options, files } = split(argv);
  const o = parseArgs(options, { quiet: { value: false }, list: { value: false }, trace: { value: true }, help: { value: false } });
  if (o.has('help')) return 'help';
  if (files.length > 1) throw new UsageError(`one scenario at a time (got ${files.join(', ')})`);
  if (!o.has('list') && files.length === 0) throw new UsageError('name a scenario file or a preset');
  return { source: files[0], quiet: o.has('quiet'), list: o.has('list'), trace: o.get('trace') };
}

function load(source: string): { name: string; text: string } | undefined {
  const preset = findPreset(source);
  if (preset !== undefined) return { name: `preset ${preset.name}`, text: preset.text };
  if (existsSync(source)) return { name: source, text: readFileSync(source, 'utf8') };
  return undefined;
}

function main(argv: readonly string[]): number {
  const args = parseOrExit('scenario', USAGE, parse, argv);
  if (typeof args === 'number') return args;
  if (args.list) {
    for (const p of PRESETS) console.log(p.name);
    return 0;
  }
  const loaded = load(args.source as string);
  if (loaded === undefined) {
    console.error(`scenario: no file or preset named "${String(args.source)}" (presets: npm run scenario -- --list)`);
    return 2;
  }
  const v = validateScenario(loaded.text);
  if (!v.ok) {
    console.error(`${loaded.name}: the script does not validate:\n${formatErrors(v.errors).replace(/^/gm, `${loaded.name}:`)}`);
    return 2;
  }
  const runner = new ScenarioRunner(v.program);
  console.log(`scenario ${loaded.name}: ${v.program.params.nodes} nodes, seed ${v.program.params.seed}${v.program.params.mutations.length > 0 ? `, mutation ${v.program.params.mutations.join('+')}` : ''}`);
  const it = runner.steps();
  let r = it.next();
  for (; r.done !== true; r = it.next()) for (const line of describeStep(r.value, runner.sim, { events: !args.quiet })) console.log(line);
  const result = r.value;
  for (const line of describeOutcome(result, { details: true })) console.log(line);
  const trace = exportTrace(result.sim);
  console.log(`trace hash: ${trace.hash} (${trace.end.events} events, ${trace.end.time}ms)`);
  if (args.trace !== undefined) {
    writeFileSync(args.trace, traceToJson(trace));
    console.log(`trace: ${args.trace}`);
  }
  return result.passed ? 0 : 1;
}

exitQuietlyOnEpipe();
process.exitCode = main(process.argv.slice(2));
