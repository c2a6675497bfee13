// The proxy checks against a live tenant: `prism proxy generated/openapi.json <real host> --errors`, read-only.
// Run only by scripts/verify-live.mjs (`npm run verify:live`), which sets the environment; the file name does not
// match the contract project's `*.test.ts`, so `npm test` never picks it up.
import { writeFileSync } from "node:fs";
import { servers, tenantPattern } from "../../generated/constraints.js";
import type { Region } from "../../src/index.js";
import { defineProxyChecks, type ProxyReport } from "../support/proxy-checks.js";
import { startPrism, type PrismServer } from "../support/prism.js";

const tenant = process.env["AMPERITY_TENANT"] ?? "";
const token = process.env["AMPERITY_TOKEN"] ?? "";
const region = (process.env["AMPERITY_REGION"] || "aws") as Region;
const reportPath = process.env["AMPERITY_LIVE_REPORT"];

const baseUrl = process.env["AMPERITY_BASE_URL"];

/**
 * The real host of a region, as the spec's servers list them (AWS, Azure with the tenant in the host, Sydney), or
 * AMPERITY_BASE_URL. Plain http is accepted only for a loopback host: Prism forwards the bearer token upstream.
 */
function upstream(): string {
  if (!new RegExp(tenantPattern).test(tenant)) throw new Error("AMPERITY_TENANT is not a valid tenant id");
  if (baseUrl) {
    const url = new URL(baseUrl);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))) {
      throw new Error("AMPERITY_BASE_URL must use https: (http: only for a loopback host)");
    }
    return url.href.replace(/\/+$/, "");
  }
  const [aws, azure, apse2] = servers;
  const hosts: Record<Region, string> = { aws, azure: azure.replace("{tenant}", tenant), "aws-apse2": apse2 };
  const host = hosts[region];
  if (host === undefined) throw new Error(`AMPERITY_REGION must be one of ${Object.keys(hosts).join(", ")}`);
  return host;
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
