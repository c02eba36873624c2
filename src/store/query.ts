/**
 * The start-up parameters of the page: `?seed=7&nodes=5&speed=100`. A bad value is reported in
 * words and replaced by its default; the page always starts.
 *
 * @module
 */
import { DEFAULT_SPEED, MAX_SPEED, MIN_SPEED } from './speed.js';

export interface StartParams {
  readonly seed: number;
  readonly nodes: number;
  readonly speed: number;
  /** One sentence per rejected parameter. */
  readonly problems: readonly string[];
}

function intParam(search: URLSearchParams, name: string, lo: number, hi: number, fallback: number, problems: string[]): number {
  const raw = search.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < lo || value > hi) {
    problems.push(`“${name}=${raw}” is not a whole number from ${lo} to ${hi}; using ${name}=${fallback}.`);
    return fallback;
  }
  return value;
}

/** Reads seed (0–4294967295, default 1), nodes (1–9, default 5) and speed (ms/s, default 100). */
export function readStartParams(query: string): StartParams {
  const search = new URLSearchParams(query);
  const problems: string[] = [];
  const seed = intParam(search, 'seed', 0, 0xffffffff, 1, problems);
  const nodes = intParam(search, 'nodes', 1, 9, 5, problems);
  const speed = intParam(search, 'speed', MIN_SPEED, MAX_SPEED, DEFAULT_SPEED, problems);
  return { seed, nodes, speed, problems };
}
