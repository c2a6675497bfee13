#!/usr/bin/env node
// `npm start`: the embedded default. Starts a local sandbox on a free port, exports its 10,000 profiles to
// ./profiles.csv with the built CLI (progress visible), says where the file and its manifest are and how many
// profiles the file holds, and stops the sandbox. Runs from dist/, which `npm ci` builds through `prepare`. Both
// files (and an interrupted run's part file, checkpoint and lock) match .gitignore's profiles.csv patterns, so a
// checkout stays clean.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "dist", "src", "cli", "bin.js");
const sandboxModule = join(root, "dist", "src", "sandbox", "index.js");
if (!existsSync(bin) || !existsSync(sandboxModule)) {
  console.error("dist/ is missing: run `npm run build` (or `npm ci`, which builds it) first.");
  process.exit(1);
}

/** Records in a CSV file, header excluded: newlines outside quoted fields (a quoted field may hold newlines). */
async function csvRecords(path) {
  let quoted = false;
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    for (const byte of chunk) {
      if (byte === 0x22) quoted = !quoted;
      else if (byte === 0x0a && !quoted) lines++;
    }
  }
  return Math.max(0, lines - 1);
}

const { startSandbox } = await import(sandboxModule);
const sandbox = await startSandbox({ profiles: 10_000 });
const out = resolve("profiles.csv");
// Ctrl-C reaches the export too; it stops cleanly, and then the sandbox is closed below.
process.on("SIGINT", () => undefined);
let code = 1;
try {
  console.error(`sandbox running at ${sandbox.url} (tenant ${sandbox.tenant}, index ${sandbox.indexes[0]})`);
  console.error(`$ amperity-profiles export ${sandbox.indexes[0]} --out profiles.csv`);
  // The token goes to the CLI through its environment, never its command line.
  const child = spawn(process.execPath, [bin, "export", sandbox.indexes[0], "--out", out], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      AMPERITY_TENANT: sandbox.tenant,
      AMPERITY_TOKEN: sandbox.token,
      AMPERITY_BASE_URL: sandbox.url,
      AMPERITY_TOKEN_FILE: "",
      AMPERITY_REGION: "",
    },
  });
  [code] = await once(child, "close");
  if (code === 0) console.log(`${out} holds ${(await csvRecords(out)).toLocaleString("en-US")} profiles; its manifest is ${out}.manifest.json`);
} finally {
  await sandbox.close();
}
process.exitCode = code ?? 1;
