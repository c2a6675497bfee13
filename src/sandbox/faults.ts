import { createRandom, hashString } from "./random.js";

/** The ways a request can be made to fail on purpose, each as a real server or network would fail. */
export const faultKinds = ["500", "503", "429", "reset", "truncate"] as const;
export type FaultKind = (typeof faultKinds)[number];

/**
 * Draws, for each request, whether it fails and how. The draws come from their own PRNG so that a test can seed
 * them and see the same sequence of faults every run.
 */
export function createFaultPicker(rate: number, seed: string) {
  const next = createRandom(hashString(seed, 0xfa17));
  return function pick(): FaultKind | undefined {
    if (rate <= 0 || next() >= rate) return undefined;
    return faultKinds[Math.floor(next() * faultKinds.length)];
  };
}
