/**
 * Small, fast, deterministic randomness. Everything the sandbox serves is a pure function of (seed, index,
 * position), so these helpers work on 32-bit integers and keep no state beyond a closure.
 */

/** FNV-1a over the UTF-16 code units, then a murmur3 finaliser so that similar strings land far apart. */
export function hashString(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return finalize(h);
}

/** Combines two 32-bit values into one well-mixed 32-bit value. */
export function mix(a: number, b: number): number {
  return finalize(Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35));
}

function finalize(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: a one-word PRNG, plenty for fake data and fault draws; returns floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A keyed permutation of the 32-bit integers (a 4-round Feistel network on two 16-bit halves). It turns
 * positions into ids that look random yet are unique and can be turned back into positions without a table.
 */
export function permute(value: number, key: number): number {
  let left = value >>> 16;
  let right = value & 0xffff;
  for (let round = 0; round < 4; round++) {
    const next = left ^ (mix(right, key + round) & 0xffff);
    left = right;
    right = next;
  }
  return ((left << 16) | right) >>> 0;
}

/** The inverse of {@link permute} for the same key. */
export function unpermute(value: number, key: number): number {
  let left = value >>> 16;
  let right = value & 0xffff;
  for (let round = 3; round >= 0; round--) {
    const previous = right ^ (mix(left, key + round) & 0xffff);
    right = left;
    left = previous;
  }
  return ((left << 16) | right) >>> 0;
}

export function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, "0");
}
