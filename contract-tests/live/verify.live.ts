// The proxy checks against a live tenant: `prism proxy generated/openapi.json <real host> --errors`, read-only.
// Run only by scripts/verify-live.mjs (`npm run verify:live`), which sets the environment; the file name does not
// match the contract project's `*.test.ts`, so `npm test` never picks it up.
import { writeFileSync } from "node:fs";
import { resolveConfig } from "../../src/config.js";
import type { Region } from "../../src/index.js";
import { defineProxyChecks, type ProxyReport } from "../support/proxy-checks.js";
import { startPrism, type PrismServer } from "../support/prism.js";

const tenant = process.env["AMPERITY_TENANT"] ?? "";
const token = process.env["AMPERITY_TOKEN"] ?? "";
const region = (process.env["AMPERITY_REGION"] || "aws") as Region;
const reportPath = process.env["AMPERITY_LIVE_REPORT"];

const baseUrl = process.env["AMPERITY_BASE_URL"];

/**
 * The real host of AMPERITY_REGION, or AMPERITY_BASE_URL, resolved and checked exactly as the client does it
 * (a valid tenant; plain http only for a loopback host, since Prism forwards the bearer token upstream).
 */
function upstream(): string {
  return resolveConfig({ tenant, token, region, ...(baseUrl && { baseUrl }) }).baseUrl;
}

let prism: PrismServer;

beforeAll(async () => {
  if (token === "") throw new Error("AMPERITY_TOKEN is not set");
  prism = await startPrism({ kind: "proxy", upstream: upstream(), errors: true });
}, 60_000);

afterAll(async () => {
  await prism?.close();
});

defineProxyChecks(() => ({ prism, tenant, token, directUrl: upstream(), maxPages: 3 }), {
  report: (report: ProxyReport) => {
    if (reportPath !== undefined) writeFileSync(reportPath, JSON.stringify({ upstream: upstream(), ...report }));
  },
});
