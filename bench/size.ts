// The Raft core's size: src/raft/index.ts bundled and minified by esbuild (ESM, platform neutral,
// in memory), raw and gzipped at level 9. `npm run bench:size`; `npm run bench` prints it too.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface CoreSize {
  readonly minified: number;
  readonly gzipped: number;
}

export async function measureCoreSize(): Promise<CoreSize> {
  const entry = fileURLToPath(new URL('../src/raft/index.ts', import.meta.url));
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
  const code = result.outputFiles[0]?.contents;
  if (code === undefined) throw new Error('esbuild produced no output');
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

export async function printCoreSize(): Promise<void> {
  const { minified, gzipped } = await measureCoreSize();
  console.log(`size   src/raft (esbuild esm, minified, bundled): ${minified.toLocaleString('en-US')} bytes, ${gzipped.toLocaleString('en-US')} bytes gzip -9`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await printCoreSize();
}
