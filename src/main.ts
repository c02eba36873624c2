// A minimal page until the visualizer lands: step a simulated cluster forwards and back, and read
// why each event happened. Everything is written with textContent (no HTML from data).
import { fmtNode, Simulation, type ClusterView } from './sim/index.js';

const params = new URLSearchParams(location.search);
const seed = Number(params.get('seed') ?? 1) >>> 0;
const nodes = Math.min(9, Math.max(1, Number(params.get('nodes') ?? 5) || 5));
const sim = new Simulation({ seed, nodes });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', className = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.textContent = text;
  if (className !== '') e.className = className;
  return e;
}

function nodeTable(view: ClusterView): HTMLTableElement {
  const table = el('table');
  const head = el('tr');
  for (const h of ['node', 'role', 'term', 'voted for', 'commit', 'log (last entries)', 'state']) head.append(el('th', h));
  table.append(head);
  for (const n of view.nodes) {
    const row = el('tr', '', n.up ? (n.role ?? '') : 'down');
    const log = n.log.slice(-6).map((e) => `${e.index}:t${e.term} ${e.text}`).join(' | ');
    const cells = [fmtNode(n.id), n.up ? String(n.role) : 'down', String(n.term), n.votedFor === undefined ? '–' : fmtNode(n.votedFor), String(n.commitIndex), log, n.kv.map(([k, v]) => `${k}=${v}`).join(' ')];
    for (const c of cells) row.append(el('td', c));
    table.append(row);
  }
  return table;
}

function render(): void {
  const view = sim.view();
  const status = document.getElementById('status');
  const cluster = document.getElementById('cluster');
  const why = document.getElementById('why');
  if (status === null || cluster === null || why === null) return;
  status.textContent = `seed ${seed} · event ${sim.position} of ${sim.end} · ${view.time} ms · ${view.inFlight.length} messages in flight · ${sim.violations().length} violations`;
  cluster.replaceChildren(nodeTable(view));
  const e = sim.lastExplanation();
  why.replaceChildren(el('h2', e === undefined ? 'Nothing has happened yet' : `Event ${e.index} at ${e.time} ms: ${e.kind}${e.node === undefined ? '' : ` on ${fmtNode(e.node)}`}`));
  for (const line of e?.lines ?? []) why.append(el('p', line.text));
}

function button(label: string, action: () => void): HTMLButtonElement {
  const b = el('button', label);
  b.addEventListener('click', () => {
    action();
    render();
  });
  return b;
}

const controls = document.getElementById('controls');
controls?.append(
  button('◀ back', () => sim.seek(sim.position - 1)),
  button('step ▶', () => sim.step()),
  button('run 500 ms', () => sim.runFor(500)),
  button('client: incr x', () => sim.apply({ kind: 'propose', command: 'incr x' })),
  button('crash the leader', () => {
    const leader = sim.view().leader;
    if (leader !== undefined) sim.apply({ kind: 'crash', node: leader });
  }),
  button('restart crashed nodes', () => {
    for (const n of sim.view().nodes) if (!n.up) sim.apply({ kind: 'restart', node: n.id });
  }),
);
render();
