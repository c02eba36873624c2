// The app build's size: every .js and .css file of the production build (`vite build`, the same
// build the browser tests and bench:ui serve), raw and gzipped (zlib, level 9), summed.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BuildSize {
  readonly files: readonly { readonly path: string; readonly raw: number; readonly gzip: number }[];
  readonly raw: number;
  readonly gzip: number;
}

export function measureBuildSize(dir: string): BuildSize {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && (extname(e.name) === '.js' || extname(e.name) === '.css'))
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((path) => {
      const bytes = readFileSync(path);
      return { path: relative(dir, path), raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
    });
  return {
    files,
    raw: files.reduce((sum, f) => sum + f.raw, 0),
    gzip: files.reduce((sum, f) => sum + f.gzip, 0),
  };
}
