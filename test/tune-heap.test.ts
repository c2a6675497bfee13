// The CLI's V8 flags, checked on the Node that runs the suite (.ci/run runs it on every Node of the matrix):
// an unknown flag would print an error on every run and make V8 ignore the flags after it.
import { spawnSync } from "node:child_process";
import { heapFlags } from "../src/cli/tune-heap.js";

/** Runs `script` in a child of this Node, with the flags applied as tuneHeap() applies them, one per call. */
function child(flags: string[], script = "") {
  const code = `const v8 = require("node:v8"); for (const f of JSON.parse(process.argv[1])) v8.setFlagsFromString(f); ${script}`;
  const result = spawnSync(process.execPath, ["-e", code, JSON.stringify(flags)], { encoding: "utf8" });
  expect(result.status).toBe(0);
  return result;
}

/** The young generation's size after a few hundred thousand short-lived strings, as an export allocates. */
const youngGeneration =
  'let keep = []; for (let i = 0; i < 400000; i++) { keep.push("x".repeat(50) + i); if (keep.length > 1000) keep = []; }' +
  'console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size);';

const name = (flag: string) => flag.replace(/^--(no-)?/, "").replace(/=.*$/, "");

test(`unknown-V8-flag: this Node's V8 (${process.versions.v8}) lists every flag the CLI sets`, () => {
  const options = spawnSync(process.execPath, ["--v8-options"], { encoding: "utf8" }).stdout;
  const listed = new Set([...options.matchAll(/^\s+--([a-z0-9-]+) \(/gm)].map((m) => m[1]));
  expect(listed.size).toBeGreaterThan(100);
  expect(heapFlags.map(name).filter((flag) => !listed.has(flag))).toEqual([]);
});

test(`unknown-V8-flag: V8 ${process.versions.v8} accepts each flag without a word on stderr`, () => {
  expect(child(heapFlags).stderr).toBe("");
  // The control: a flag V8 does not know is reported on stderr, so the check above can fail.
  expect(child(["--no-such-flag-for-amperity"]).stderr).toMatch(/no-such-flag-for-amperity/);
});

test("memory-growth: set after start-up, the flags keep the young generation at its initial size", () => {
  const untuned = Number(child([], youngGeneration).stdout);
  const tuned = Number(child(heapFlags, youngGeneration).stdout);
  // Untuned, V8 grows it by doubling (16 MB here); tuned it stays at the 1–2 MB it started with.
  expect(untuned).toBeGreaterThanOrEqual(4 * tuned);
  expect(tuned).toBeLessThanOrEqual(4 * 2 ** 20);
});
