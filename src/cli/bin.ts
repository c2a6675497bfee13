#!/usr/bin/env node
// The `amperity-profiles` executable: wires the process to `run`. SIGINT, SIGTERM and SIGHUP stop the running
// command cleanly (an export keeps its checkpoint; exit 128 + the signal's number); a second one exits at once.
import { readFileSync } from "node:fs";
import { exitCodeForSignal, InterruptedError } from "./handle-error.js";
import { run } from "./program.js";
import { tuneHeap } from "./tune-heap.js";

// Before any request: one of the flags applies when undici's parser is compiled, on the first fetch.
tuneHeap();

function packageVersion(): string | undefined {
  // bin.js sits at dist/src/cli/; package.json three levels up.
  for (const path of ["../../../package.json", "../../package.json"]) {
    try {
      return (JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as { version?: string }).version;
    } catch {
      // Try the next layout.
    }
  }
  return undefined;
}

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(exitCodeForSignal(signal));
    controller.abort(new InterruptedError(`interrupted by ${signal}`, signal));
  });
}

process.exitCode = await run(
  process.argv.slice(2),
  { env: process.env, stdout: process.stdout, stderr: process.stderr, signal: controller.signal },
  packageVersion(),
);
