// The data-driven test driver: runs the blocks of one file in order and prints each result.
//   parse               input: a script; output: "ok: N statements" or its located errors
//   run                 input: scenario lines, continuing the file's cluster; output: the steps
//                       and the cluster state afterwards
//   preset NAME         output: the preset's whole run (steps and outcome)
import { describeCluster, formatErrors, ScenarioRunner, validateScenario } from '../../../src/scenario/index.js';
import type { Block } from '../../../src/scenario/datadriven.js';
import { findPreset } from '../../../src/scenario/presets/index.js';
import { describeOutcome, describeStep } from '../../../src/scenario/report.js';

export class Driver {
  /** The scenario so far: every `run` block's lines at their own line numbers. */
  private script: string[] = [];
  private runner: ScenarioRunner | undefined;
  private lastLine = 0;

  handle(block: Block): string {
    switch (block.directive) {
      case 'parse':
        return this.parse(block);
      case 'run':
        return this.run(block);
      case 'preset':
        return this.preset(block.args[0] ?? '');
      default:
        return `unknown directive "${block.directive}"`;
    }
  }

  private parse(block: Block): string {
    const v = validateScenario(block.input.join('\n'), block.inputLine);
    return v.ok ? `ok: ${v.program.statements.length} statements; ${v.program.params.nodes} nodes, seed ${v.program.params.seed}` : formatErrors(v.errors);
  }

  private run(block: Block): string {
    const script = [...this.script];
    block.input.forEach((line, k) => (script[block.inputLine - 1 + k] = line));
    const v = validateScenario(Array.from(script, (l) => l ?? '').join('\n'));
    if (!v.ok) return formatErrors(v.errors);
    this.script = script;
    this.runner ??= new ScenarioRunner(v.program);
    const out: string[] = [];
    for (const s of v.program.statements.filter((x) => x.loc.line > this.lastLine)) {
      out.push(...describeStep(this.runner.execute(s), this.runner.sim));
    }
    this.lastLine = block.inputLine + block.input.length;
    out.push(describeCluster(this.runner.sim.view()));
    return out.join('\n');
  }

  private preset(name: string): string {
    const preset = findPreset(name);
    if (preset === undefined) return `no preset "${name}"`;
    const v = validateScenario(preset.text);
    if (!v.ok) return formatErrors(v.errors);
    const runner = new ScenarioRunner(v.program);
    const result = runner.run();
    return [...result.steps.flatMap((s) => describeStep(s, result.sim)), ...describeOutcome(result)].join('\n');
  }
}
