#!/usr/bin/env node
// Compiles src/ and generated/ to ESM + .d.ts in dist/, and copies the generated files tsc does not emit:
// the Ajv validators (plain JS), the declaration files the emitted .d.ts import, and the bundled spec.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")], {
  stdio: "inherit",
});
for (const file of ["validators.js", "validators.d.ts", "schema.d.ts", "openapi.json"]) {
  cpSync(join(root, "generated", file), join(dist, "generated", file));
}
// tsc writes 0644: the CLI is run as dist/src/cli/bin.js (npx in this repository, the tarball's bin) and must be executable.
chmodSync(join(dist, "src", "cli", "bin.js"), 0o755);
