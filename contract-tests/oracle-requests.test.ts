// The oracle's request cases (support/oracle-requests.ts), written by hand, sent to Prism's mock and to the sandbox.
// Both build their request checks from the spec, so a loosened spec makes both accept what a case says they refuse;
// a case says what the documentation and the register decided, not what the spec happens to say today. Prism's known
// gaps (what it lets through although the spec forbids it) are cases of their own, so that a fix in Prism shows too.
import { apiVersions } from "../generated/constraints.js";
import { ConfigError, createAmperityClient } from "../src/index.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { fakeToken, indexId as mockIndex, profileId as mockProfile, tenant } from "./support/client.js";
import { oracleClient, requestCases, tokenCases, type RequestCase } from "./support/oracle-requests.js";
import { prismForFile } from "./support/prism.js";
import { answeredByPrism } from "./support/proxy-findings.js";
import { recorder, send, violationsOf, type Exchange } from "./support/recorder.js";

const prism = prismForFile({ kind: "mock" });
let sandbox: Sandbox;
let sandboxProfile: string;

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 5, indexes: 1, seed: "oracle", tenant, ...oracleClient });
  const listed = await send(recorder(), `${sandbox.url}/indexes/${sandbox.indexes[0]}/profiles`, { headers: headersFor(sandbox.token, {}) });
  sandboxProfile = (JSON.parse(listed.body) as { data: Array<{ id: string }> }).data[0]!.id;
}, 60_000);
afterAll(() => sandbox?.close());

function headersFor(token: string, overrides: RequestCase["headers"]): Record<string, string | undefined> {
  return { authorization: `Bearer ${token}`, "api-version": apiVersions[0], "amperity-tenant": tenant, "x-amperity-tenant": undefined, ...overrides };
}

async function sendCase(base: string, ids: { index: string; profile: string; token: string }, c: RequestCase): Promise<Exchange> {
  const path = c.path.replace("{index}", encodeURIComponent(ids.index)).replace("{profile}", encodeURIComponent(ids.profile));
  // The token endpoint names the tenant in X-Amperity-Tenant (DOC-27); a case may still remove it.
  const tokenHeaders = c.path.startsWith("/v0/") ? { "x-amperity-tenant": tenant } : {};
  return send(recorder(), `${base}${path}${c.query ? `?${c.query}` : ""}`, {
    method: c.method ?? "GET",
    headers: headersFor(ids.token, { ...tokenHeaders, ...c.headers }),
    ...(c.body !== undefined && { body: c.body }),
  });
}

const cases = [...requestCases, ...tokenCases];

function prismVerdict(c: RequestCase, e: Exchange): string | undefined {
  const ok = e.status >= 200 && e.status < 300;
  const refused = e.status >= 400 && e.status < 500 && (answeredByPrism(e) || e.headers.has("sl-violations"));
  const got = `${e.status}${e.headers.get("sl-violations") ? ` ${e.headers.get("sl-violations")!.slice(0, 160)}` : ""}`;
  if (typeof c.prism === "object") return e.status === c.prism.status ? undefined : `expected ${c.prism.status}, got ${got}`;
  if (c.prism === "refused") return refused ? undefined : `expected Prism to refuse it, got ${got}`;
  return ok ? undefined : `expected ${c.prism === "gap" ? "Prism's known gap (a 2xx)" : "a 2xx"}, got ${got}`;
}

describe("DOC-15 DOC-17 DOC-24 DOC-31 DOC-33 DOC-37 DOC-38 DOC-40: the oracle's requests against Prism's mock", () => {
  test.each(cases)("$name", async (c) => {
    const e = await sendCase(prism.url, { index: mockIndex, profile: mockProfile, token: fakeToken }, c);
    expect(prismVerdict(c, e)).toBeUndefined();
  });
});

describe("DOC-15 DOC-17 DOC-24 DOC-31 DOC-33 DOC-37 DOC-38 DOC-40: the oracle's requests against the sandbox", () => {
  test.each(cases)("$name → $sandbox", async (c) => {
    const e = await sendCase(sandbox.url, { index: sandbox.indexes[0]!, profile: sandboxProfile, token: sandbox.token }, c);
    const message = e.status >= 400 ? String((JSON.parse(e.body) as { message?: unknown }).message) : "";
    expect(`${e.status} ${message}`).toMatch(new RegExp(`^${c.sandbox} `));
    if (c.names !== undefined) expect(message).toContain(c.names);
    if (c.allow !== undefined) expect(e.headers.get("allow")).toBe(c.allow);
    // 405 answers a method the spec has no operation for, so there is nothing to check it against.
    if (e.status !== 405) expect(violationsOf(e, "/api")).toEqual([]);
  });
});

describe("what the client sends where the oracle refuses", () => {
  test("DOC-37: the client refuses apiVersion \"unstable\" and \"2024-04-01\" before any request", () => {
    for (const apiVersion of ["unstable", "2024-04-01"]) {
      expect(() => createAmperityClient({ tenant, token: fakeToken, baseUrl: sandbox.url, apiVersion: apiVersion as "2025-07-31" })).toThrow(ConfigError);
    }
  });

  test("DOC-40: the client's token request is the documented form, with no scope and no HTTP Basic authentication", async () => {
    const rec = recorder();
    const bodies: string[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.method === "POST") bodies.push(await request.clone().text());
      return rec.fetch(request);
    };
    const client = createAmperityClient({ tenant, ...oracleClient, baseUrl: sandbox.url, retry: false, fetch });
    await client.indexes.list();
    const [tokenRequest] = rec.exchanges;
    expect(tokenRequest?.status).toBe(200);
    expect(tokenRequest?.requestHeaders.get("authorization")).toBeNull();
    expect([...new URLSearchParams(bodies[0]).keys()].sort()).toEqual(["client_id", "client_secret", "grant_type"]);
  });
});
