#!/usr/bin/env node
// `npm run verify:live`: the contract suite's proxy checks, read-only, through `prism proxy --errors` in front of a
// live tenant. Needs AMPERITY_TENANT and AMPERITY_TOKEN (AMPERITY_REGION optional; AMPERITY_BASE_URL replaces the
// region's host, e.g. with a sandbox's URL). Without them it says what to set and exits 0 as skipped. The token reaches the test process through the environment only: never argv, never
// printed (the report is scrubbed of it as well).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { AMPERITY_TENANT: tenant, AMPERITY_TOKEN: token, AMPERITY_REGION: region } = process.env;

const regions = JSON.parse(readFileSync(join(root, "generated", "openapi.json"), "utf8")).servers.map((s) => s["x-region"]);

if (!tenant || !token) {
  console.log(
    `verify:live SKIPPED (nothing verified): set AMPERITY_TENANT and AMPERITY_TOKEN (and AMPERITY_REGION=${regions.join("|")} if not ${regions[0]}) to check the spec against a live tenant.`,
  );
  process.exit(0);
}
if (region && !regions.includes(region)) {
  console.error(`verify:live: AMPERITY_REGION must be one of ${regions.join(", ")}, not ${JSON.stringify(region)}`);
  process.exit(2);
}

// The contract project's transform and module mapping, pointed at the live checks only.
const { default: jestConfig } = await import("../jest.config.js");
const contract = jestConfig.projects.find((p) => p.displayName === "contract");
const config = {
  ...contract,
  rootDir: root,
  displayName: "live",
  testMatch: ["<rootDir>/contract-tests/live/**/*.live.ts"],
  testTimeout: 60_000,
};
const dir = mkdtempSync(join(tmpdir(), "amperity-live-"));
const reportPath = join(dir, "report.json");
const jest = spawnSync(
  process.execPath,
  [join(root, "node_modules", "jest", "bin", "jest.js"), "--config", JSON.stringify(config), "--runInBand", "--ci"],
  { cwd: root, stdio: "inherit", env: { ...process.env, AMPERITY_LIVE_REPORT: reportPath } },
);

const scrub = (text) => text.split(token).join("<token>");
let report;
try {
  report = JSON.parse(readFileSync(reportPath, "utf8"));
} catch {
  report = undefined;
}
rmSync(dir, { recursive: true, force: true });

if (report === undefined) {
  console.log("verify:live FAILED: the live checks did not run to the end (see the Jest output above).");
} else {
  const verdict = report.findings.length === 0 && jest.status === 0 ? "PASSED" : "FAILED";
  console.log(
    scrub(`verify:live ${verdict}: ${report.exchanges} requests to ${report.upstream} (tenant ${tenant}), ${report.findings.length} violation(s)`),
  );
  for (const finding of report.findings) console.log(scrub(`  - ${finding}`));
}
process.exit(jest.status === 0 && report?.findings.length === 0 ? 0 : 1);
