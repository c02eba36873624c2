/**
 * "The next message matching a pattern": hold, drop and duplicate wait for the first matching
 * message sent after the command, and act on it as soon as it is on the wire (before it can
 * arrive). `message N` names one message in flight; release acts at once on held messages.
 *
 * @module
 */
import { type Intervention, type MessageView, type Simulation } from '../sim/index.js';
import type { Action, Statement } from './ast.js';
import { matches, patternText, resolvePattern, type ResolvedPattern } from './actions.js';
import { ScenarioError } from './lexer.js';

type MessageAction = Extract<Action, { kind: 'message' }>;

interface Watcher {
  readonly action: MessageAction['action'];
  readonly pattern: ResolvedPattern;
  readonly statement: Statement;
  /** Only messages sent after the command count: ids above every id in flight then. */
  readonly after: number;
}

const PAST = { hold: 'held', drop: 'dropped', duplicate: 'duplicated', release: 'released' } as const;

export class Watchers {
  private list: Watcher[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly report: (text: string) => void,
  ) {}

  /** Registers (or, for release and `message N`, performs) a message action. */
  add(a: MessageAction, s: Statement): void {
    const pattern = resolvePattern(a.pattern, this.sim.view(0));
    if (a.action === 'release' || pattern.id !== undefined) return this.now(a, pattern, s);
    const after = Math.max(0, ...this.sim.view(0).inFlight.map((m) => m.id));
    this.list.push({ action: a.action, pattern, statement: s, after });
    this.report(`the next ${patternText(pattern)} sent will be ${PAST[a.action]}`);
  }

  private now(a: MessageAction, pattern: ResolvedPattern, s: Statement): void {
    const candidates = this.sim.view(0).inFlight.filter((m) => matches(m, pattern) && (a.action !== 'release' || m.held));
    const chosen = a.all ? candidates : candidates.slice(0, 1);
    if (chosen.length === 0) {
      const what = a.action === 'release' ? `no held ${patternText(pattern)}` : `no ${patternText(pattern)} in flight`;
      throw new ScenarioError(s.loc.line, s.loc.column, `${a.action}: ${what}`);
    }
    for (const m of chosen) this.act(a.action, m, s);
  }

  private act(action: MessageAction['action'], m: MessageView, s: Statement): void {
    const iv = { kind: action, message: m.id } as Intervention;
    const refusal = this.sim.check(iv);
    if (refusal !== undefined) throw new ScenarioError(s.loc.line, s.loc.column, `${action}: ${refusal}`);
    this.sim.apply(iv);
    this.report(`${s.source} (line ${s.loc.line}): ${PAST[action]} message ${m.id} ${m.text} n${m.from} -> n${m.to}`);
  }

  /** Acts for every watcher whose pattern matches a message in flight; true if any did. */
  fire(): boolean {
    if (this.list.length === 0) return false;
    let fired = false;
    for (const w of [...this.list]) {
      const m = this.sim.view(0).inFlight.find((x) => x.id > w.after && !x.held && matches(x, w.pattern));
      if (m === undefined) continue;
      this.list = this.list.filter((x) => x !== w);
      this.act(w.action, m, w.statement);
      fired = true;
    }
    return fired;
  }

  /** The patterns still waiting, for the final report. */
  pending(): string[] {
    return this.list.map((w) => `${w.statement.loc.line}:${w.statement.loc.column}: ${w.statement.source} never matched a message`);
  }
}
