/**
 * V8 settings for a process that streams: many short-lived pages, a small live heap (8–10 MB throughout an
 * export). Applied by bin.ts only, before the first request, never by `run()` (tests call that in-process).
 *
 * Node calls flag changes after start-up unsupported: a flag may be ignored, or misbehave if V8 has already
 * used it. Each flag here is read afresh each time it matters (the young generation's growth whenever it fills,
 * the old generation's limit after every full GC, the WebAssembly tiers when undici compiles its parser on the
 * first fetch), and each was measured effective when set here on Node 20, 22, 24 and 26. Sizes fixed at heap
 * set-up (`--max-semi-space-size`) are not: set later they change nothing, hence the growth factor instead.
 * None is a cap: the heap still grows to whatever a large page needs.
 *
 * One flag set for every version, no table per version: each of these exists in V8 11.3 (Node 20) to 14.6
 * (Node 26), and test/tune-heap.test.ts proves on every Node of the CI matrix that V8 lists and accepts each.
 * They are applied one per call because V8 stops at an unknown flag and ignores the rest of the string: on a
 * future V8 that dropped one, that one alone would be lost (with V8's one-line message), not the others.
 */
import { setFlagsFromString } from "node:v8";

export const heapFlags = [
  // The young generation starts at 1 MB per semi-space and V8 doubles it whenever a scavenge finds it busy, up
  // to a maximum that newer V8 versions raised: an export never stops allocating, so it ends at the top and
  // its pages stay resident. Factor 1 keeps it at its initial size, so the pages' garbage dies
  // in many small scavenges instead (peak RSS at 1,000,000 profiles on Node 24: 175 → 98 MB; throughput
  // within the machine's noise).
  "--semi-space-growth-factor=1",
  // The old generation's next limit is 1.2 × what survived the last full GC. V8 picks 1.1–4 itself and, on a
  // long export, drifts to the top as each page's large strings are promoted and die. V8 still adds at least
  // 8 MB per step (measured on Node 20: peak RSS ≈160 → ≈120 MB, CPU unchanged to +9 %, wall time unchanged).
  "--heap-growing-percent=20",
  // undici's HTTP parser is WebAssembly; recompiling it with TurboFan after start costs ≈30 MB of peak memory
  // and ≈0.15 s of CPU for nothing measurable (it parses headers; bodies pass through). Liftoff code only,
  // TurboFan kept for what Liftoff cannot compile (--liftoff-only would crash the process there instead).
  "--no-wasm-dynamic-tiering",
  "--no-wasm-tier-up",
];

export function tuneHeap(): void {
  for (const flag of heapFlags) setFlagsFromString(flag);
}
