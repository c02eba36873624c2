// FNV-1a 64 (offset 0xcbf29ce484222325, prime 0x100000001b3) over u64 little-endian values, in
// BigInt: used once per run, on the end state, so speed does not matter.

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/** FNV-1a-64 of the little-endian bytes of each value (as u64), in order; 16 hex digits. */
export function fnv1a64(values: readonly (number | bigint)[]): string {
  let hash = OFFSET;
  for (const value of values) {
    let v = BigInt.asUintN(64, BigInt(value));
    for (let byte = 0; byte < 8; byte++) {
      hash ^= v & 0xffn;
      hash = (hash * PRIME) & MASK;
      v >>= 8n;
    }
  }
  return hash.toString(16).padStart(16, '0');
}
