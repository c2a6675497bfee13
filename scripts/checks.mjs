#!/usr/bin/env node
// The static checks of `npm test`, run side by side rather than one after another (each is a few seconds of one
// core): the spec's lint, the generated code's drift, and the type check. Each one's output is printed whole when
// it ends, under its name, so two outputs never interleave; the exit code is 1 if any failed.
import { spawn } from "node:child_process";

const checks = [
  ["lint", ["run", "-s", "lint"]],
  ["generated code up to date", ["run", "-s", "generate:check"]],
  ["typecheck", ["run", "-s", "typecheck"]],
];

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const results = await Promise.all(
  checks.map(
    ([name, args]) =>
      new Promise((resolve) => {
        const started = performance.now();
        const child = spawn(npm, args, { stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        child.on("close", (code) => {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          process.stdout.write(`> ${name}: ${code === 0 ? "ok" : `FAILED (exit ${code})`} in ${seconds} s\n${code === 0 ? "" : output}`);
          resolve(code === 0);
        });
      }),
  ),
);
process.exitCode = results.every(Boolean) ? 0 : 1;
