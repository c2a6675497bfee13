// The client's contract cases against a second, independent mock: Steady (@stdy/cli, pinned), beside Prism. Steady
// judges what it can: the parameters of each request the client sends (reported in X-Steady-* headers, a 400 for an
// SDK error) and the bodies it generates from the schemas, which the strict client must accept.
// Its limits, held by the last describe so that a new Steady that lifts them is noticed, not papered over:
// - it enforces no security scheme: a request without a token, tenant or version still gets a 200;
// - it treats ranges (`minimum`) and patterns as notes: `limit=0` or a malformed filter name is a warning
//   (E4xxx) on a 200, not a refusal.
import { apiVersions } from "../generated/constraints.js";
import { createAmperityClient } from "../src/index.js";
import { ResponseValidationError } from "../src/index.js";
import { calls, indexId, samplePaths, strictClient, tenant, validHeaders } from "./support/client.js";
import { checkResponse } from "./support/conformance.js";
import { recorder, send, type Exchange } from "./support/recorder.js";
import { operations } from "./support/spec.js";
import { startSteady, type SteadyServer } from "./support/steady.js";

let steady: SteadyServer;

beforeAll(async () => {
  steady = await startSteady();
}, 60_000);
afterAll(() => steady?.close());

/** Steady's diagnostics for one request, as `CODE path: message`. */
function diagnostics(e: Exchange): string[] {
  const count = Number(e.headers.get("x-steady-error-count") ?? 0);
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return `${e.headers.get(`x-steady-error-${n}-code`)} ${e.headers.get(`x-steady-error-${n}-path`)}: ${e.headers.get(`x-steady-error-${n}-message`)}`;
  });
}

const ids = operations.map((o) => o.operationId);

describe("the strict client against Steady", () => {
  test.each(ids)("%s: the request is valid to Steady and its generated 200 is accepted", async (op) => {
    const { client, rec } = strictClient(steady.url);
    await calls[op](client);
    const [exchange] = rec.exchanges;
    expect(exchange?.status).toBe(200);
    expect(exchange?.headers.get("x-steady-matched-path")).toBe(operations.find((o) => o.operationId === op)!.template);
    expect(exchange?.headers.get("x-steady-request-valid")).toBe("true");
    expect(diagnostics(exchange!)).toEqual([]);
  });

  test.each(ids)("%s: 25 seeds of Steady's generator: the strict client accepts exactly the bodies the checker finds valid", async (op) => {
    const wrong: string[] = [];
    let valid = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const { client, rec } = strictClient(steady.url, { headers: { "x-steady-seed": String(seed) } });
      const outcome = await calls[op](client).then(() => "accepted", (e: unknown) => (e instanceof ResponseValidationError ? "refused" : String(e)));
      const e = rec.exchanges[0]!;
      const conforms = checkResponse({ ...e, path: e.url.pathname }).length === 0;
      if (conforms) valid++;
      if (outcome !== (conforms ? "accepted" : "refused")) wrong.push(`seed ${seed}: ${outcome}, the checker says ${conforms ? "valid" : "invalid"}: ${e.body.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(valid).toBeGreaterThan(0);
  });

  test("DOC-24 DOC-34: every query parameter the client sends (limit, with_total, next_token, filter) is valid to Steady", async () => {
    const { client, rec } = strictClient(steady.url);
    await client.profiles.list(indexId, { limit: 3, with_total: true, next_token: "ABCa1bcdDEe2f3G", filter: { given_name: "Daniel", surname: "Young" } });
    await client.profiles.list(indexId, { next_token: null });
    await client.indexes.list({ limit: 1, with_total: false });
    expect(rec.exchanges.map((e) => [e.status, ...diagnostics(e)])).toEqual([[200], [200], [200]]);
    expect(rec.exchanges[0]!.url.searchParams.get("filter[surname]")).toBe("Young");
  });

  test("DOC-28: client credentials: the token request is valid to Steady, its generated token is used", async () => {
    const rec = recorder();
    const client = createAmperityClient({ tenant, clientId: "client-1", clientSecret: "steady-secret-1", baseUrl: steady.url, validateResponses: true, retry: false, fetch: rec.fetch });
    await client.indexes.list();
    expect(rec.exchanges.map((e) => `${e.method} ${e.url.pathname} ${e.status} ${diagnostics(e).join(", ")}`.trim())).toEqual([
      "POST /v0/oauth2/token 200",
      "GET /indexes 200",
    ]);
    const token = (JSON.parse(rec.exchanges[0]!.body) as { access_token: string }).access_token;
    expect(rec.exchanges[1]!.requestHeaders.get("authorization")).toBe(`Bearer ${token}`);
  });
});

describe("requests Steady refuses (types and enums)", () => {
  test.each([
    ["with_total=maybe", "query.with_total"],
    ["limit=abc", "query.limit"],
    ["api_version=1999-12-31", "query.api_version"],
  ])("DOC-15 DOC-19 DOC-38: listProfiles?%s → 400 naming %s", async (query, where) => {
    const e = await send(recorder(), `${steady.url}${samplePaths.listProfiles}?${query}`, { headers: validHeaders() });
    expect(e.status).toBe(400);
    expect(diagnostics(e).join("\n")).toContain(where);
  });

  test("DOC-37: api-version: unstable → 400 naming the header", async () => {
    const e = await send(recorder(), steady.url + samplePaths.listIndexes, { headers: { ...validHeaders(), "api-version": "unstable" } });
    expect(e.status).toBe(400);
    expect(diagnostics(e).join("\n")).toContain("header.api-version");
  });

  test("DOC-40: a token request with scope → 400 (Steady applies additionalProperties to the form, Prism does not)", async () => {
    const body = new URLSearchParams({ grant_type: "client_credentials", client_id: "c", client_secret: "s", scope: "profiles" }).toString();
    const e = await send(recorder(), `${steady.url}/v0/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-amperity-tenant": tenant }, body });
    expect(e.status).toBe(400);
    expect(diagnostics(e).join("\n")).toContain("scope");
  });
});

describe("Steady's limits (what it cannot judge; Prism and the sandbox judge these)", () => {
  test("no security scheme is enforced: no token, tenant or version still gets a 200", async () => {
    const e = await send(recorder(), steady.url + samplePaths.listIndexes, { headers: { "api-version": apiVersions[0] } });
    expect(e.status).toBe(200);
    const bare = await send(recorder(), steady.url + samplePaths.getIndex);
    expect(bare.status).toBe(200);
  });

  test("ranges and patterns are notes: limit=0 and a malformed filter name are warnings on a 200", async () => {
    const e = await send(recorder(), `${steady.url}${samplePaths.listProfiles}?limit=0&filter%5B1bad%20name%5D=x`, { headers: validHeaders() });
    expect(e.status).toBe(200);
    expect(e.headers.get("x-steady-request-valid")).toBe("true");
    expect(diagnostics(e).join("\n")).toContain("query.limit");
  });
});
