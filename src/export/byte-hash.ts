/**
 * FNV-1a over `b[start, end)`: a hash of a value's bytes without decoding them. Kept a signed 32-bit integer, which
 * V8 holds unboxed; an unsigned one above 2^31 would be a heap number, one allocation per call.
 */
export function byteHash(b: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ b[i]!, 0x01000193);
  return hash;
}
