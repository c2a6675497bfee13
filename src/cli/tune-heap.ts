/**
 * V8 settings for a process that streams: many short-lived pages, a small live heap (8–10 MB throughout an
 * export). Applied by bin.ts only, before the first request, never by `run()` (tests call that in-process).
 *
 * Node calls flag changes after start-up unsupported: a flag may be ignored, or misbehave if V8 has already
 * used it. These are read afresh each time they matter (the heap limit after every full GC; the WebAssembly
 * tiers when undici compiles its parser, on the first fetch), and each was measured effective when set here.
 * None is a cap: the heap still grows to whatever a large page needs. Only on Node 20, where they were
 * measured: on another V8 an unknown flag would print an error and make V8 ignore the rest.
 */
import { setFlagsFromString } from "node:v8";

export const heapFlags = [
  // The old generation's next limit is 1.2 × what survived the last full GC. V8 picks 1.1–4 itself and, on a
  // long export, drifts to the top as each page's large strings are promoted and die (peak RSS ≈160 MB at
  // 1,000,000 profiles against ≈120 MB at 100,000). V8 still adds at least 8 MB per step: at 65,000
  // profiles/s that is about 8 full GCs a second, each ≈5 ms of pause plus ≈8 ms of incremental marking
  // (measured CPU per export: unchanged to +9 %, wall time unchanged).
  "--heap-growing-percent=20",
  // undici's HTTP parser is WebAssembly; recompiling it with TurboFan after start costs ≈30 MB of peak memory
  // and ≈0.15 s of CPU for nothing measurable (it parses headers; bodies pass through). Liftoff code only,
  // TurboFan kept for what Liftoff cannot compile (--liftoff-only would crash the process there instead).
  "--no-wasm-dynamic-tiering",
  "--no-wasm-tier-up",
];

export function tuneHeap(): void {
  if (!process.versions.node.startsWith("20.")) return;
  setFlagsFromString(heapFlags.join(" "));
}
