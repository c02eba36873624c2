/**
 * The production build of the app, made once per change of its sources: `vite build` (in a child
 * process with NODE_ENV=production, so React is its production build even under Vitest) into
 * `node_modules/.cache/raftlab-app/<hash of the sources>/`. Every browser test file and
 * `npm run bench:ui` share it; a second run with unchanged sources builds nothing.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { withDirLock } from '../dir-lock.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'raftlab-app');
/** What the build reads (besides node_modules, covered by the lock file). */
const INPUT_DIRS = ['src', 'public'];
const INPUT_FILES = ['index.html', 'vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];
const BUILD_TIMEOUT_MS = 300_000;
// Several worktrees may share one node_modules (and so this cache) and build at once.
const KEEP_BUILDS = 8;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** A hash of every input's path and content, in a fixed order. */
export function sourceHash(root = REPO_ROOT): string {
  const files = [...INPUT_DIRS.flatMap((d) => filesUnder(join(root, d))), ...INPUT_FILES.map((f) => join(root, f)).filter((f) => existsSync(f))];
  const hash = createHash('sha256');
  for (const file of files.map((f) => relative(root, f)).sort()) {
    hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}


/** Removes all but the most recent builds. */
function pruneOldBuilds(keep: string): void {
  const builds = readdirSync(CACHE, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== keep && /^[0-9a-f]{16}$/.test(e.name))
    .map((e) => ({ dir: join(CACHE, e.name), mtime: statSync(join(CACHE, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(KEEP_BUILDS - 1)) rmSync(old.dir, { recursive: true, force: true });
}

async function viteBuild(outDir: string): Promise<void> {
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  try {
    await promisify(execFile)(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      timeout: BUILD_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`vite build failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: error });
  }
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`vite build wrote no index.html into ${outDir}`);
}

/** The directory holding the production build of the current sources (built now if needed). */
export async function builtApp(): Promise<string> {
  const key = sourceHash();
  const dir = join(CACHE, key);
  if (existsSync(join(dir, 'index.html'))) return dir;
  mkdirSync(CACHE, { recursive: true });
  return withDirLock(join(CACHE, 'build.lock'), BUILD_TIMEOUT_MS, async () => {
    if (existsSync(join(dir, 'index.html'))) return dir;
    const partial = `${dir}.partial-${process.pid}`;
    await viteBuild(partial);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    pruneOldBuilds(key);
    return dir;
  });
}
