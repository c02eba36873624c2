/**
 * Locating and launching a Chromium for the browser tests and `npm run bench:ui`.
 *
 * Order: `$CHROMIUM_PATH` (must exist), then the system candidates (`/usr/bin/chromium`, …), then
 * the headless Chromium that the devDependency `@sparticuz/chromium` ships inside the npm package,
 * unpacked once into `node_modules/.cache/` (≈ 10 s the first time). So `npm install && npm test`
 * needs no apt step. There is deliberately no skip: if none of the three exists, the tests fail
 * with instructions, so a green run always means "checked in Chromium".
 *
 * `CHROMIUM_CANDIDATES_OVERRIDE` (colon-separated paths; empty = none) replaces the system
 * candidates, e.g. to check the bundled fallback on a machine that has a system Chromium.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { withDirLock } from './dir-lock.js';

/** Where Debian and Ubuntu install Chromium, in order of preference. */
export const CHROMIUM_CANDIDATES: readonly string[] = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags for a quiet, self-contained headless run (no sandbox: CI containers run as root). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const INSTALL_HINT =
  'Run `npm install` (it installs the devDependency @sparticuz/chromium, whose Chromium is used when no other is found), ' +
  'or install one with `apt-get install chromium` (Debian; `chromium-browser` on Ubuntu), ' +
  'or point CHROMIUM_PATH at a Chromium/Chrome executable.';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const BUNDLED_PACKAGE = '@sparticuz/chromium';

/** A Chromium to launch, where it was found, and the environment it needs (fonts for the bundled one). */
export interface FoundChromium {
  readonly executablePath: string;
  readonly source: 'CHROMIUM_PATH' | 'system' | 'bundled';
  readonly env?: Readonly<Record<string, string>>;
}

/** How to get the bundled Chromium; injectable so a test can simulate a machine without it. */
export type BundledChromium = () => Promise<FoundChromium | undefined>;

export interface FindOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** System paths to try; defaults to `CHROMIUM_CANDIDATES_OVERRIDE` if set, else CHROMIUM_CANDIDATES. */
  readonly candidates?: readonly string[];
  readonly bundled?: BundledChromium;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function candidatesFrom(env: Readonly<Record<string, string | undefined>>): readonly string[] {
  const override = env['CHROMIUM_CANDIDATES_OVERRIDE'];
  if (override === undefined) return CHROMIUM_CANDIDATES;
  return override.split(':').filter((p) => p !== '');
}

/**
 * The Chromium to launch: `$CHROMIUM_PATH` if set (it must be executable), else the first of the
 * system candidates that is an executable file, else the bundled one. Rejects, saying how to
 * install one, if there is none.
 */
export async function findChromium(options: FindOptions = {}): Promise<FoundChromium> {
  const env = options.env ?? process.env;
  const fromEnv = env['CHROMIUM_PATH'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (isExecutableFile(fromEnv)) return { executablePath: fromEnv, source: 'CHROMIUM_PATH' };
    throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file. ${INSTALL_HINT}`);
  }
  const candidates = options.candidates ?? candidatesFrom(env);
  const found = candidates.find(isExecutableFile);
  if (found !== undefined) return { executablePath: found, source: 'system' };
  const bundled = await (options.bundled ?? bundledChromium)();
  if (bundled !== undefined) return bundled;
  const looked = ['$CHROMIUM_PATH', ...candidates, `the npm package ${BUNDLED_PACKAGE}`].join(', ');
  throw new Error(`No Chromium found (looked at ${looked}); the browser tests cannot run. ${INSTALL_HINT}`);
}

/** Launches a headless Chromium found by `findChromium`, with the standard flags plus `extraArgs`. */
export async function launchChromium(extraArgs: readonly string[] = [], timeout = 60_000): Promise<Browser> {
  const found = await findChromium();
  const options: LaunchOptions = { executablePath: found.executablePath, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs], timeout };
  if (found.env !== undefined) options.env = { ...process.env, ...found.env };
  return chromium.launch(options);
}

// ---- The bundled Chromium --------------------------------------------------------------------

const UNPACK_TIMEOUT_MS = 180_000;
const READY_FILE = 'ready.json';

function bundledPackageEntry(): string | undefined {
  try {
    return createRequire(join(REPO_ROOT, 'package.json')).resolve(BUNDLED_PACKAGE);
  } catch {
    return undefined;
  }
}

/** The bundled package's version (the cache key), from its package.json next to its build/ folder. */
function bundledVersion(entry: string): string {
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

/**
 * A fontconfig file listing the system's font folders and the fonts shipped with the package
 * (the package's own fonts.conf points at /tmp/fonts, which this cache does not use).
 */
function fontsConf(dir: string): string {
  const dirs = ['/usr/share/fonts', '/usr/local/share/fonts', join(dir, 'fonts', 'fonts')];
  return `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n${dirs.map((d) => `  <dir>${d}</dir>`).join('\n')}\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`;
}

function readyChromium(dir: string): FoundChromium | undefined {
  const ready = join(dir, READY_FILE);
  if (!existsSync(ready)) return undefined;
  const { binary } = JSON.parse(readFileSync(ready, 'utf8')) as { binary: string };
  const executablePath = join(dir, binary);
  if (!isExecutableFile(executablePath)) return undefined;
  return { executablePath, source: 'bundled', env: { FONTCONFIG_PATH: join(dir, 'fontconfig') } };
}

/**
 * Unpacks the package's Chromium into `partial` (renamed to `finalDir` afterwards) in a child process whose TMPDIR is `partial`
 * (the package inflates into the temporary directory, and skips files that already exist, so a
 * private, fresh directory keeps concurrent or interrupted runs from sharing a half-written binary).
 */
async function unpackInto(partial: string, finalDir: string, entry: string): Promise<void> {
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const script = `import(${JSON.stringify(pathToFileURL(entry).href)}).then((m) => m.default.executablePath()).then((p) => process.stdout.write(p))`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    env: { ...process.env, TMPDIR: partial },
    timeout: UNPACK_TIMEOUT_MS,
  });
  const binary = stdout.trim();
  if (!isExecutableFile(binary)) throw new Error(`${BUNDLED_PACKAGE} unpacked no executable (got "${binary}")`);
  mkdirSync(join(partial, 'fontconfig'));
  writeFileSync(join(partial, 'fontconfig', 'fonts.conf'), fontsConf(finalDir));
  writeFileSync(join(partial, READY_FILE), JSON.stringify({ binary: relative(partial, binary) }));
}


/**
 * The Chromium inside the npm package `@sparticuz/chromium`, unpacked once per version into
 * `node_modules/.cache/raftlab-chromium-<version>/` (its paths are absolute, so the cache must stay
 * put). Undefined if the package is not installed.
 */
export async function bundledChromium(): Promise<FoundChromium | undefined> {
  const entry = bundledPackageEntry();
  if (entry === undefined) return undefined;
  const dir = join(REPO_ROOT, 'node_modules', '.cache', `raftlab-chromium-${bundledVersion(entry)}`);
  const existing = readyChromium(dir);
  if (existing !== undefined) return existing;
  mkdirSync(dirname(dir), { recursive: true });
  return withDirLock(`${dir}.lock`, UNPACK_TIMEOUT_MS, async () => {
    const raced = readyChromium(dir);
    if (raced !== undefined) return raced;
    const partial = `${dir}.partial-${process.pid}`;
    await unpackInto(partial, dir, entry);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    return readyChromium(dir);
  });
}
