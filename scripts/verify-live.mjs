#!/usr/bin/env node
// `npm run verify:live [-- verify's flags]`: a thin wrapper over the built `amperity-profiles verify`, for someone
// who has cloned the repository. It adds one thing: without AMPERITY_TENANT and a token it says what to set and
// exits 0 as skipped (nothing verified), so it can sit in a pipeline that has no credentials. The token stays in
// the environment, never on a command line.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "dist", "src", "cli", "bin.js");
const { AMPERITY_TENANT: tenant, AMPERITY_TOKEN: token, AMPERITY_TOKEN_FILE: tokenFile } = process.env;

if (!tenant || (!token && !tokenFile)) {
  console.log(
    "verify:live SKIPPED (nothing verified): set AMPERITY_TENANT and AMPERITY_TOKEN or AMPERITY_TOKEN_FILE " +
      "(and AMPERITY_REGION or AMPERITY_BASE_URL) to check the spec against a live tenant.",
  );
  process.exit(0);
}
if (!existsSync(bin)) {
  console.error("verify:live: dist/ is missing: run `npm run build` (or `npm ci`, which builds it) first.");
  process.exit(2);
}
const result = spawnSync(process.execPath, [bin, "verify", ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
