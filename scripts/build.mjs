#!/usr/bin/env node
// Compiles src/ and generated/ to ESM + .d.ts in dist/, and copies the generated files tsc does not emit:
// the Ajv validators (plain JS), the declaration files the emitted .d.ts import, and the bundled spec.
//
// Declaration maps ("go to definition" lands in the TypeScript source) are kept for the declarations a user's
// editor can reach from the two entry points, and the sources they point to are shipped under dist/ts/; the
// CLI's, the export's and the sandbox's internals keep neither (their sources would nearly double the package).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { vendor } from "./vendor.mjs";

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
await vendor({ root, dist });
// tsc writes 0644: the CLI is run as dist/src/cli/bin.js (npx in this repository, the tarball's bin) and must be executable.
chmodSync(join(dist, "src", "cli", "bin.js"), 0o755);

/** Every declaration file the entry points' declarations import, directly or not. */
function publicDeclarations() {
  const reached = new Set();
  const queue = [join(dist, "src", "index.d.ts"), join(dist, "src", "sandbox", "index.d.ts")];
  while (queue.length) {
    const file = queue.pop();
    if (reached.has(file) || !existsSync(file)) continue;
    reached.add(file);
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(/(?:\bfrom |\bimport\()"(\.{1,2}\/[^"]+)\.js"/g)) {
      queue.push(join(dirname(file), `${specifier}.d.ts`));
    }
  }
  return reached;
}

const reached = publicDeclarations();
const shipped = join(dist, "ts");
for (const map of listFiles(dist).filter((file) => file.endsWith(".d.ts.map"))) {
  const declaration = map.slice(0, -".map".length);
  if (!reached.has(declaration)) {
    rmSync(map);
    writeFileSync(declaration, readFileSync(declaration, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\n?$/, "\n"));
    continue;
  }
  const parsed = JSON.parse(readFileSync(map, "utf8"));
  parsed.sources = parsed.sources.map((source) => {
    const file = join(dirname(map), source);
    const copy = join(shipped, relative(root, file));
    mkdirSync(dirname(copy), { recursive: true });
    cpSync(file, copy);
    return relative(dirname(map), copy);
  });
  writeFileSync(map, JSON.stringify(parsed));
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]);
}
