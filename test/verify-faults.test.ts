/**
 * `amperity-profiles verify` proven the other way: a proxy in front of the sandbox injects one fault per case,
 * and verify must fail exactly the check named after that fault, and no other.
 */
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import type { VerifyReport } from "../src/verify/run.js";
import { runCli } from "./cli-harness.js";
import { startMutatingProxy, type Fault } from "./support/mutating-proxy.js";

let sandbox: Sandbox;

beforeAll(async () => {
  // Eight profiles: four full pages of two, so a repeated page keeps the count.
  sandbox = await startSandbox({ profiles: 8, indexes: 2 });
});
afterAll(() => sandbox.close());

const isListProfiles = (url: string) => /^\/indexes\/[^/?]+\/profiles(\?|$)/.test(url);
const firstPages = new Map<string, unknown[]>();

const faults: Record<string, { fault: Fault; check: string }> = {
  "a server that ignores auth": {
    check: "ignored_auth",
    fault: { request: (r) => ({ ...r, headers: { ...r.headers, authorization: `Bearer ${sandbox.token}` } }) },
  },
  "a server that answers a wrong schema (an index without its required name)": {
    check: "response_schema_conformance",
    fault: {
      response: (res, req) => {
        if (res.status !== 200 || !/^\/indexes\/[^/?]+(\?|$)/.test(req.url)) return res;
        const { name: _name, ...rest } = JSON.parse(res.body) as Record<string, unknown>;
        return { ...res, body: JSON.stringify(rest) };
      },
    },
  },
  "a server that answers a wrong content type": {
    check: "content_type_conformance",
    fault: { response: (res) => ({ ...res, headers: { ...res.headers, "content-type": "text/plain; charset=utf-8" } }) },
  },
  "a server that repeats a page": {
    check: "no_duplicate_profiles",
    fault: {
      response: (res, req) => {
        if (res.status !== 200 || !isListProfiles(req.url) || req.url.includes("filter")) return res;
        const url = new URL(req.url, "http://x");
        const body = JSON.parse(res.body) as { data: unknown[] };
        const key = `${url.pathname} ${url.searchParams.get("limit")}`;
        if (!url.searchParams.has("next_token")) {
          firstPages.set(key, body.data);
          return res;
        }
        // Serve the first page's profiles again, as many as this page holds, with the real cursor.
        return { ...res, body: JSON.stringify({ ...body, data: (firstPages.get(key) ?? []).slice(0, body.data.length) }) };
      },
    },
  },
  "a server that lies in total": {
    check: "total_matches_count",
    fault: {
      response: (res) => {
        const body = res.status === 200 ? (JSON.parse(res.body) as { total?: number }) : {};
        return typeof body.total === "number" ? { ...res, body: JSON.stringify({ ...body, total: body.total + 1 }) } : res;
      },
    },
  },
  // The tenant is a security requirement, not a required parameter (DOC-31): verify still sends a request without it.
  "a server that serves a request without amperity-tenant": {
    check: "missing_required_header",
    fault: { request: (r) => ({ ...r, headers: { "amperity-tenant": sandbox.tenant, ...r.headers } }) },
  },
  "a server that answers a made-up id with 400 instead of its documented 404": {
    check: "unknown_id_not_found",
    fault: {
      response: (res, req) =>
        res.status === 404 && req.url.includes("verify-no-such-id")
          ? { ...res, status: 400, body: JSON.stringify({ status: 400, message: "Bad id." }) }
          : res,
    },
  },
  // 400 is a documented 4xx, so this passed while any 4xx did; the spec declares 401 for a missing credential header.
  "a server that answers a missing api-version with 400 instead of 401": {
    check: "missing_required_header",
    fault: {
      response: (res, req) =>
        res.status === 401 && req.headers["api-version"] === undefined && req.headers["authorization"] !== undefined
          ? { ...res, status: 400, body: JSON.stringify({ status: 400, message: "No version." }) }
          : res,
    },
  },
  "a server that refuses OPTIONS with 405 but no Allow header": {
    check: "unsupported_method",
    fault: { response: (res, req) => (req.method === "OPTIONS" ? { ...res, headers: Object.fromEntries(Object.entries(res.headers).filter(([k]) => k !== "allow")) } : res) },
  },
  "a server that answers OPTIONS with 204": {
    check: "unsupported_method",
    fault: { response: (res, req) => (req.method === "OPTIONS" ? { status: 204, headers: { allow: "GET, OPTIONS" }, body: "" } : res) },
  },
  "a server that accepts limit=0": {
    check: "negative_data_rejection",
    fault: { request: (r) => ({ ...r, url: r.url.replace(/([?&])limit=0(&|$)/, "$1limit=1$2") }) },
  },
};

describe.each(Object.entries(faults))("verify against %s", (_, { fault, check }) => {
  it(`fails ${check} and no other check`, async () => {
    const proxy = await startMutatingProxy(sandbox.url, fault);
    try {
      const env = { AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token, AMPERITY_BASE_URL: proxy.url };
      const result = await runCli(["verify", "--json", "--max-rps", "10000"], { env });
      const report = JSON.parse(result.stdout) as VerifyReport;
      expect(report.checks.filter((c) => c.outcome === "fail").map((c) => c.name)).toEqual([check]);
      const failed = report.checks.find((c) => c.name === check)!;
      expect(failed.failure?.violation).toEqual(expect.any(String));
      expect(failed.failure?.request.url).toContain(proxy.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`verify failed: ${check}`);
    } finally {
      await proxy.close();
    }
  });
});
