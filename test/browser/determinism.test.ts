/**
 * Same seed + same interventions ⇒ byte-identical trace and identical hash, in Node and in
 * Chromium (main thread and a dedicated Web Worker), and simulations sharing a realm do not affect
 * each other.
 *
 * The fixed scenarios live in ./fixtures/determinism-entry.ts. This process imports that file
 * directly (Node, through Vitest's transform); esbuild bundles the same file for the browser
 * (platform browser, in memory), an in-process HTTP server on 127.0.0.1 serves it, and a headless
 * Chromium runs it on the page and in a Worker created from a Blob URL of the bundle.
 *
 * There is no skip: without a Chromium these tests fail, saying how to install one.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build, type Metafile } from 'esbuild';
import { Linter } from 'eslint';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/sim/index.js';
import { launchChromium } from './chromium.js';
import { hashVectors, runInterleaved, runScenarios, type InterleaveResult, type ScenarioResult } from './fixtures/determinism-entry.js';

const TIMEOUT = 60_000;
const ENTRY = 'test/browser/fixtures/determinism-entry.ts';
const GLOBAL_NAME = 'RaftlabDeterminism';
/** Globals the simulator may use beyond ECMAScript 2022's built-ins: present in Node, pages and workers alike. */
const ALLOWED_GLOBALS: ReadonlySet<string> = new Set(['TextEncoder']);

/** The entry's exports that a realm can be asked to run, in a chosen order. */
type RunName = 'runScenarios' | 'runInterleaved' | 'hashVectors';
interface RunOutput {
  runScenarios?: ScenarioResult[];
  runInterleaved?: InterleaveResult;
  hashVectors?: Record<string, string>;
}
interface RealmReport {
  readonly ok: boolean;
  readonly error?: string;
  readonly out: RunOutput;
  readonly realm: { readonly isWorker: boolean; readonly hasDocument: boolean; readonly userAgent: string };
}
interface Harness {
  runHere(names: RunName[]): RealmReport;
  runInWorker(names: RunName[]): Promise<RealmReport>;
}

/**
 * Plain JavaScript shared by the page and the worker: runs the named exports of the bundle's
 * global in order and reports the results (or the error) as structured-clone-able data.
 */
const RUNNER = `
function runNames(names) {
  const realm = {
    isWorker: typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope,
    hasDocument: typeof document !== 'undefined',
    userAgent: navigator.userAgent,
  };
  try {
    const out = {};
    for (const name of names) out[name] = ${GLOBAL_NAME}[name]();
    return { ok: true, out, realm };
  } catch (error) {
    return { ok: false, error: String((error && error.stack) || error), out: {}, realm };
  }
}`;

const WORKER_GLUE = `
;${RUNNER}
self.onmessage = (event) => self.postMessage(runNames(event.data));
`;

const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>raftlab determinism</title><link rel="icon" href="data:,"></head>
<body>
<script src="/determinism.js"></script>
<script>
${RUNNER}
window.runHere = runNames;
window.runInWorker = async (names) => {
  const source = await (await fetch('/determinism.js', { cache: 'no-store' })).text();
  const url = URL.createObjectURL(new Blob([source, ${JSON.stringify(WORKER_GLUE)}], { type: 'text/javascript' }));
  const worker = new Worker(url);
  try {
    return await new Promise((resolve, reject) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => reject(new Error('worker error: ' + event.message + ' at ' + event.filename + ':' + event.lineno));
      worker.onmessageerror = () => reject(new Error('worker message could not be deserialized'));
      worker.postMessage(names);
    });
  } finally {
    worker.terminate();
    URL.revokeObjectURL(url);
  }
};
</script>
</body></html>`;

// ---- Helpers ---------------------------------------------------------------------------------

/** Reference FNV-1a-64 with BigInt over UTF-8 bytes, independent of the simulator's 16-bit-limb version. */
function fnv1a64Reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/** Undefined if equal; otherwise where and how two texts first differ (short enough to read). */
function textDifference(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  let i = 0;
  while (i < actual.length && i < expected.length && actual.charCodeAt(i) === expected.charCodeAt(i)) i++;
  const around = (s: string): string => JSON.stringify(s.slice(Math.max(0, i - 120), i + 120));
  return `texts differ at offset ${i} (lengths ${actual.length} vs ${expected.length})\n  got:      ${around(actual)}\n  expected: ${around(expected)}`;
}

/** Asserts that `got` (from some runtime) is byte-for-byte the run Node computed. */
function expectSameRun(got: ScenarioResult | undefined, want: ScenarioResult, where: string): void {
  expect(got, `${where}: ${want.name} missing`).toBeDefined();
  const g = got as ScenarioResult;
  expect(g.name).toBe(want.name);
  // The text first: if the runs diverged, this shows where.
  expect(textDifference(g.json, want.json), `${where}: trace JSON of ${want.name}`).toBeUndefined();
  expect(g.hash, `${where}: hash of ${want.name}`).toBe(want.hash);
  expect(g.rehash, `${where}: recomputed hash of ${want.name}`).toBe(want.hash);
  expect(g.jsonHash, `${where}: FNV-1a-64 of ${want.name}'s JSON text as produced there`).toBe(want.jsonHash);
  expect(textDifference(g.view, want.view), `${where}: final view of ${want.name}`).toBeUndefined();
  expect([g.events, g.time, g.interventions, g.violations]).toEqual([want.events, want.time, want.interventions, want.violations]);
}

function expectSameRuns(got: readonly ScenarioResult[] | undefined, want: readonly ScenarioResult[], where: string): void {
  expect(got?.map((r) => r.name), `${where}: scenarios`).toEqual(want.map((r) => r.name));
  want.forEach((w, i) => expectSameRun(got?.[i], w, where));
}

/** The interleaved runs equal the separate runs (within the realm) and Node's separate runs. */
function expectIndependent(got: InterleaveResult | undefined, node: InterleaveResult, where: string): void {
  expect(got, `${where}: interleaving result missing`).toBeDefined();
  const g = got as InterleaveResult;
  expect(g.switches, `${where}: the two simulations alternated`).toBe(node.switches);
  expectSameRuns(g.interleaved, g.separate, `${where} (interleaved vs separate)`);
  expectSameRuns(g.separate, node.separate, `${where} (vs Node)`);
}

/** The source file a line of an unminified esbuild bundle came from (esbuild heads each module with `// path`). */
function bundleSourceOf(code: string, line: number): string {
  const lines = code.split('\n');
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^\s*\/\/ ((?:src|test)\/\S+\.ts)$/.exec(lines[i] ?? '');
    if (m?.[1] !== undefined) return m[1];
  }
  return '(unknown module)';
}

/** `file:line` of the first use of `name` in `file`, to point at the source rather than the bundle. */
function sourceLineOf(file: string, name: string): string {
  const re = new RegExp(`(?<![.\\w$])${name}\\b`);
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((l) => re.test(l) && !/^\s*(\/\/|\*)/.test(l));
  return index < 0 ? file : `${file}:${index + 1}`;
}

/** Free identifiers of a script beyond ECMAScript 2022's built-ins, each with where it comes from. */
function freeGlobals(code: string): { name: string; where: string }[] {
  const messages = new Linter().verify(code, [{ languageOptions: { ecmaVersion: 2022, sourceType: 'script', globals: {} }, rules: { 'no-undef': 'error' } }]);
  const fatal = messages.filter((m) => m.fatal === true);
  if (fatal.length > 0) throw new Error(`could not parse the bundle: ${fatal.map((m) => `${m.line}:${m.column} ${m.message}`).join('; ')}`);
  return messages.map((m) => {
    const name = /'([^']+)' is not defined/.exec(m.message)?.[1] ?? m.message;
    const file = bundleSourceOf(code, m.line);
    return { name, where: `${file === '(unknown module)' ? file : sourceLineOf(file, name)} (bundle line ${m.line})` };
  });
}

// ---- Fixture -----------------------------------------------------------------------------------

let bundle = '';
let metafile: Metafile | undefined;
let node: { scenarios: ScenarioResult[]; interleave: InterleaveResult; vectors: Record<string, string> } | undefined;
let server: Server | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
let origin = '';
const pageProblems: string[] = [];

function startServer(): Promise<Server> {
  const routes = new Map<string, { type: string; body: string }>([
    ['/', { type: 'text/html; charset=utf-8', body: PAGE_HTML }],
    ['/determinism.js', { type: 'text/javascript; charset=utf-8', body: bundle }],
  ]);
  const s = createServer((req, res) => {
    const route = routes.get(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' }).end(route.body);
  });
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

function harnessPage(): Page {
  if (page === undefined) throw new Error('the page did not load (see the beforeAll failure)');
  return page;
}

/** Memoized runs per realm, so each test can be run alone (`-t`) and the browser work happens once. */
const runs = new Map<string, Promise<RealmReport>>();
function runIn(realm: 'page' | 'worker', names: RunName[]): Promise<RealmReport> {
  const key = `${realm}:${names.join(',')}`;
  let run = runs.get(key);
  if (run === undefined) {
    const p = harnessPage();
    run = realm === 'page'
      ? p.evaluate((n) => (window as unknown as Harness).runHere(n), names)
      : p.evaluate((n) => (window as unknown as Harness).runInWorker(n), names);
    runs.set(key, run);
  }
  return run;
}

/** The main thread runs scenarios first; the worker runs the interleaving first: the order must not matter. */
const PAGE_ORDER: RunName[] = ['runScenarios', 'runInterleaved', 'hashVectors'];
const WORKER_ORDER: RunName[] = ['runInterleaved', 'runScenarios', 'hashVectors'];

async function report(realm: 'page' | 'worker'): Promise<RealmReport> {
  const r = await runIn(realm, realm === 'page' ? PAGE_ORDER : WORKER_ORDER);
  expect(r.error, `${realm} threw`).toBeUndefined();
  expect(r.ok).toBe(true);
  expect(pageProblems, 'page errors and console errors').toEqual([]);
  return r;
}

describe('determinism across Node and Chromium (main thread and Web Worker)', () => {
  beforeAll(async () => {
    const built = await build({
      entryPoints: [ENTRY],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: GLOBAL_NAME,
      platform: 'browser',
      target: 'es2022',
      metafile: true,
      logLevel: 'silent',
    });
    bundle = built.outputFiles[0]?.text ?? '';
    metafile = built.metafile;

    node = { scenarios: runScenarios(), interleave: runInterleaved(), vectors: hashVectors() };

    server = await startServer();
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Fails (does not skip) with install instructions if there is no Chromium. launch() gives
    // every run a fresh temporary profile (user data dir), removed on close.
    browser = await launchChromium([], TIMEOUT);
    const p = await browser.newPage();
    p.setDefaultTimeout(TIMEOUT);
    p.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
    p.on('console', (message) => {
      if (message.type() === 'error') pageProblems.push(`console.error: ${message.text()}`);
    });
    await p.goto(`${origin}/`);
    page = p;
  }, 2 * TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    if (server !== undefined) {
      const s = server;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }, TIMEOUT);

  it('the bundle comes from src/sim and src/raft only and uses no global beyond ES2022 and TextEncoder', () => {
    const inputs = Object.keys(metafile?.inputs ?? {});
    expect(inputs).toContain('src/sim/index.ts');
    expect(inputs.filter((f) => f !== ENTRY && !/^src\/(sim|raft)\/[\w-]+\.ts$/.test(f)), 'bundle inputs outside src/sim and src/raft').toEqual([]);
    const extra = freeGlobals(bundle).filter((g) => !ALLOWED_GLOBALS.has(g.name));
    expect(extra.map((g) => `${g.name} at ${g.where}`), 'globals (Node-only or host APIs) used by the simulator').toEqual([]);
  }, TIMEOUT);

  it('in Node, the scenarios are substantial and each hash is FNV-1a-64 of the canonical trace JSON', () => {
    const n = node as NonNullable<typeof node>;
    for (const [input, hash] of Object.entries(n.vectors)) expect(hash, `fnv1a64(${JSON.stringify(input)})`).toBe(fnv1a64Reference(input));
    expect(n.vectors['foobar']).toBe('85944171f73967e8'); // published FNV-1a-64 test vector
    const all = [...n.scenarios, ...n.interleave.separate];
    for (const r of all) {
      expect(r.events, `${r.name} events`).toBeGreaterThan(500);
      expect(r.interventions, `${r.name} interventions`).toBeGreaterThan(1);
      const { hash, ...body } = JSON.parse(r.json) as Record<string, unknown>;
      expect(hash).toBe(r.hash);
      expect(canonicalJson({ ...body, hash }), `${r.name}: the JSON is canonical`).toBe(r.json);
      expect(fnv1a64Reference(canonicalJson(body)), `${r.name}: reference FNV-1a-64`).toBe(r.hash);
      expect(fnv1a64Reference(r.json)).toBe(r.jsonHash);
    }
    // The scenarios exercise what they claim to.
    const kinds = new Set(all.flatMap((r) => (JSON.parse(r.json) as { events: { kind: string }[] }).events.map((e) => e.kind)));
    for (const kind of ['crash', 'restart', 'partition', 'heal', 'globalFault', 'linkFault', 'hold', 'drop', 'release', 'snapshot', 'membership', 'timeout', 'timing']) {
      expect(kinds.has(kind), `some scenario has a ${kind} event`).toBe(true);
    }
    const reasons = n.scenarios.flatMap((r) => (JSON.parse(r.json) as { events: { why: string[] }[] }).events.flatMap((e) => e.why));
    expect(reasons.some((l) => /installed a snapshot/.test(l)), 'a follower installs a snapshot').toBe(true);
    // Distinct scenarios, distinct traces.
    expect(new Set(all.map((r) => r.hash)).size).toBe(all.length);
  });

  it('on Chromium\'s main thread, every trace is byte-identical and has the same hash as in Node', async () => {
    const r = await report('page');
    expect(r.realm.isWorker).toBe(false);
    expect(r.realm.hasDocument).toBe(true);
    expect(r.realm.userAgent).toMatch(/Chrome\/\d+/);
    const n = node as NonNullable<typeof node>;
    expect(r.out.hashVectors).toEqual(n.vectors);
    expectSameRuns(r.out.runScenarios, n.scenarios, 'main thread');
  }, TIMEOUT);

  it('in a dedicated Web Worker (from a Blob URL of the bundle), every trace is byte-identical and has the same hash as in Node', async () => {
    const r = await report('worker');
    expect(r.realm.isWorker).toBe(true);
    expect(r.realm.hasDocument).toBe(false);
    const n = node as NonNullable<typeof node>;
    expect(r.out.hashVectors).toEqual(n.vectors);
    expectSameRuns(r.out.runScenarios, n.scenarios, 'worker');
  }, TIMEOUT);

  it('two simulations driven alternately, step by step, do not affect each other (Node, page, worker)', async () => {
    const n = node as NonNullable<typeof node>;
    expect(n.interleave.switches).toBeGreaterThan(500);
    expectIndependent(n.interleave, n.interleave, 'Node');
    expectIndependent((await report('page')).out.runInterleaved, n.interleave, 'main thread');
    expectIndependent((await report('worker')).out.runInterleaved, n.interleave, 'worker');
  }, TIMEOUT);
});
