/**
 * Locating a Chromium for the browser tests. There is deliberately no skip: a machine without a
 * browser fails these tests with instructions, so a green run always means "checked in Chromium".
 *
 * @module
 */
import { accessSync, constants, statSync } from 'node:fs';

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
  'Install one with `apt-get install chromium` (Debian; `chromium-browser` on Ubuntu) — CI\'s .ci/run does this — ' +
  'or point CHROMIUM_PATH at a Chromium/Chrome executable.';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium executable to launch: `$CHROMIUM_PATH` if set (it must exist), else the first of
 * `candidates` that is an executable file. Throws, with how to install one, if none is.
 */
export function chromiumExecutable(
  env: Readonly<Record<string, string | undefined>> = process.env,
  candidates: readonly string[] = CHROMIUM_CANDIDATES,
): string {
  const fromEnv = env['CHROMIUM_PATH'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (isExecutableFile(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file. ${INSTALL_HINT}`);
  }
  const found = candidates.find(isExecutableFile);
  if (found !== undefined) return found;
  throw new Error(`No Chromium found (looked at $CHROMIUM_PATH, ${candidates.join(', ')}); the browser tests cannot run. ${INSTALL_HINT}`);
}
