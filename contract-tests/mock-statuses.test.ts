// Contract suite against Prism's static mock, status by status: every declared status and example of every
// operation as Prism serves it, each error status mapped to its class by the strict client, and every request the
// spec forbids refused (by Prism, or by the client where Prism lets it through). Test names carry the Schemathesis
// check they mirror, and the DOC id of the register entry whose decision they hold.
import { apiVersions } from "../generated/constraints.js";
import { ApiError, ConfigError, RateLimitError, createAmperityClient } from "../src/index.js";
import { calls, fakeToken, indexId, samplePaths, tenant, validHeaders } from "./support/client.js";
import type { Violation } from "./support/conformance.js";
import { errorStatuses, ids, mockClients, rejection, unaskedServerErrors } from "./support/mock-suite.js";
import { prismForFile } from "./support/prism.js";
import { send, type Exchange } from "./support/recorder.js";
import { examples, type OperationId } from "./support/spec.js";

const prism = prismForFile({ kind: "mock" });
const { recorders, strict, raw } = mockClients(prism);

describe("response conformance: every declared status and example of every operation, as Prism serves it", () => {
  const sweep: Array<{ op: OperationId; prefer: string; exchange: Exchange }> = [];
  let violations: Violation[] = [];

  beforeAll(async () => {
    const rec = raw();
    for (const op of ids) {
      const prefers = [
        ...Object.keys(examples(op, 200)).map((name) => `code=200, example=${name}`),
        ...errorStatuses(op).map((status) => `code=${status}`),
      ];
      for (const prefer of prefers) {
        const exchange = await send(rec, prism.url + samplePaths[op], { headers: { ...validHeaders(), prefer } });
        sweep.push({ op, prefer, exchange });
      }
    }
    violations = rec.violations();
  });

  test("the sweep covers every operation, every declared status and every 200 example", () => {
    const expected = ids.reduce((n, op) => n + Object.keys(examples(op, 200)).length + errorStatuses(op).length, 0);
    expect(sweep).toHaveLength(expected);
    expect(new Set(sweep.map((s) => s.op))).toEqual(new Set(ids));
  });

  test("status_code_conformance: each response has the requested, declared status", () => {
    for (const { prefer, exchange } of sweep) expect(`${prefer} → ${exchange.status}`).toBe(`${prefer} → ${/code=(\d+)/.exec(prefer)?.[1]}`);
    expect(violations.filter((v) => v.check === "status_code_conformance")).toEqual([]);
  });

  test("content_type_conformance: each body is served as the declared application/json", () => {
    expect(violations.filter((v) => v.check === "content_type_conformance")).toEqual([]);
  });

  test("response_headers_conformance: declared headers (Deprecation, Sunset, Retry-After) match their schemas", () => {
    // These headers are optional free-form strings in the spec, so only a malformed value or a spec change fails here.
    expect(violations.filter((v) => v.check === "response_headers_conformance")).toEqual([]);
  });

  test("response_schema_conformance: each body validates against its schema (JSON Schema 2020-12)", () => {
    expect(violations.filter((v) => v.check === "response_schema_conformance")).toEqual([]);
  });

  test("DOC-01 DOC-22: each served body is the spec's example, as valid JSON", () => {
    for (const { op, prefer, exchange } of sweep) {
      const name = /example=(\w+)/.exec(prefer)?.[1];
      if (name !== undefined) expect(JSON.parse(exchange.body)).toEqual(examples(op, 200)[name]);
      else expect(JSON.parse(exchange.body)).toMatchObject({ status: exchange.status });
    }
  });
});

describe("DOC-12 DOC-22: every error status maps to the right error class", () => {
  const cases = ids.flatMap((op) => errorStatuses(op).map((status) => [op, status] as const));

  test.each(cases)("%s, Prefer: code=%i", async (op, status) => {
    const { client, rec } = strict({ headers: { prefer: `code=${status}` } });
    const error = await rejection(calls[op](client));
    const body = JSON.parse(rec.exchanges[0]!.body) as { message: string; request_id: string; trace_id: string };
    expect(error).toBeInstanceOf(ApiError);
    expect(error instanceof RateLimitError).toBe(status === 429);
    const classes: Record<number, string> = { 400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError", 404: "NotFoundError", 429: "RateLimitError" };
    expect(error.name).toBe(classes[status] ?? (status >= 500 ? "ServerError" : "ApiError"));
    expect(error).toMatchObject({ status, message: `${op}: HTTP ${status}: ${body.message}`, operation: op, requestId: body.request_id, traceId: body.trace_id, attempts: 1 });
    expect(String(error)).not.toContain(fakeToken);
    expect(rec.exchanges).toHaveLength(1);
  });

  test("DOC-16: 429 and 503 are retried up to maxAttempts, then surface with the attempt count", async () => {
    for (const status of [429, 503]) {
      const { client, rec } = strict({ headers: { prefer: `code=${status}` }, retry: { maxAttempts: 3 }, sleep: async () => {} });
      const error = await rejection(client.profiles.list(indexId));
      expect(error).toMatchObject({ status, attempts: 3 });
      expect(error instanceof RateLimitError).toBe(status === 429);
      expect(rec.exchanges).toHaveLength(3);
    }
  });

  test("DOC-16: a 400 is not retried", async () => {
    const { client, rec } = strict({ headers: { prefer: "code=400" }, retry: { maxAttempts: 3 }, sleep: async () => {} });
    expect(await rejection(client.indexes.list())).toMatchObject({ status: 400, attempts: 1 });
    expect(rec.exchanges).toHaveLength(1);
  });
});

describe("negative_data_rejection: invalid requests are refused", () => {
  const invalidQueries = ["limit=0", "limit=-1", "limit=abc", "limit=1.5", "with_total=maybe", "api_version=2020-01-01"];

  test.each(invalidQueries)("DOC-15 DOC-18: listProfiles?%s → 400 from Prism's request validation", async (query) => {
    const rec = raw();
    const exchange = await send(rec, `${prism.url}${samplePaths.listProfiles}?${query}`, { headers: validHeaders() });
    expect(exchange.status).toBe(400);
    expect(exchange.headers.get("sl-violations")).toContain("query");
    expect(rec.violations()).toEqual([]);
  });

  test.each(ids)("DOC-23: %s with an unsupported api-version → 400", async (op) => {
    const rec = raw();
    const exchange = await send(rec, prism.url + samplePaths[op], { headers: { ...validHeaders(), "api-version": "2024-01-01" } });
    expect(exchange.status).toBe(400);
    expect(rec.violations()).toEqual([]);
  });

  test("a malformed amperity-tenant header → 400", async () => {
    const rec = raw();
    const exchange = await send(rec, prism.url + samplePaths.listIndexes, { headers: { ...validHeaders(), "amperity-tenant": "a.b" } });
    expect(exchange.status).toBe(400);
  });

  test.each([0, -1, 1.5, "abc", Number.NaN])("DOC-15: the client refuses limit=%p with ConfigError before any request", async (limit) => {
    const { client, rec } = strict();
    await expect(client.profiles.list(indexId, { limit: limit as number })).rejects.toThrow(ConfigError);
    await expect(client.indexes.list({ limit: limit as number })).rejects.toThrow(ConfigError);
    expect(rec.exchanges).toHaveLength(0);
  });

  test("DOC-24: Prism drops a malformed filter name silently; the client refuses it before any request", async () => {
    const rec = raw();
    const exchange = await send(rec, `${prism.url}${samplePaths.listProfiles}?filter%5B1bad%20name%5D=x`, { headers: validHeaders() });
    expect(exchange.status).toBe(200); // Prism's gap: this is why the check lives in the client
    const { client, rec: clientRec } = strict();
    await expect(client.profiles.list(indexId, { filter: { "1bad name": "x" } })).rejects.toThrow(ConfigError);
    expect(clientRec.exchanges).toHaveLength(0);
  });

  test("DOC-17: Prism accepts an empty next_token (its minLength is not applied to an empty query value); the client never sends one", async () => {
    const rec = raw();
    expect((await send(rec, `${prism.url}${samplePaths.listIndexes}?next_token=`, { headers: validHeaders() })).status).toBe(200);
    const { client, rec: clientRec } = strict();
    await client.profiles.list(indexId, { next_token: "" });
    expect(clientRec.exchanges[0]?.url.searchParams.has("next_token")).toBe(false);
  });

  test("DOC-23: the client refuses an unsupported apiVersion; DOC-14: and a tenant that is not a DNS label", () => {
    const base = { tenant, token: fakeToken, baseUrl: prism.url };
    expect(() => createAmperityClient({ ...base, apiVersion: "2024-01-01" as "2025-07-31" })).toThrow(ConfigError);
    for (const bad of ["a.b", "evil.com/", "x@y", "", "a b"]) {
      expect(() => createAmperityClient({ ...base, tenant: bad })).toThrow(ConfigError);
    }
  });
});

describe("missing_required_header: api-version and amperity-tenant are required on every operation", () => {
  // Security requirements, not required parameters: Prism refuses a request without either with 401.
  test.each(ids)("DOC-31 DOC-32 DOC-33: %s without either header, or with api_version in the query instead → 401", async (op) => {
    const rec = raw();
    for (const header of ["api-version", "amperity-tenant"]) {
      const exchange = await send(rec, prism.url + samplePaths[op], { headers: { ...validHeaders(), [header]: undefined } });
      expect(`${header}: ${exchange.status}`).toBe(`${header}: 401`);
      expect(exchange.headers.get("sl-violations")).toContain("security");
    }
    const queryOnly = `${prism.url}${samplePaths[op]}?api_version=${apiVersions[0]}`;
    expect((await send(rec, queryOnly, { headers: { ...validHeaders(), "api-version": undefined } })).status).toBe(401);
    expect(rec.violations()).toEqual([]);
  });
});

describe("ignored_auth: requests without valid bearer credentials → 401", () => {
  // Prism accepts any bearer token, so an invalid token cannot be detected by a mock; the sandbox and live runs check it.
  test.each(ids)("DOC-21: %s without Authorization, or with a Basic one", async (op) => {
    const rec = raw();
    const missing = await send(rec, prism.url + samplePaths[op], { headers: { ...validHeaders(), authorization: undefined } });
    const basic = await send(rec, prism.url + samplePaths[op], { headers: { ...validHeaders(), authorization: "Basic eDp5" } });
    expect([missing.status, basic.status]).toEqual([401, 401]);
    expect(rec.violations()).toEqual([]);
  });

  test("DOC-21: the client refuses an empty token before any request", async () => {
    const rec = raw();
    expect(() => createAmperityClient({ tenant, token: "", baseUrl: prism.url, fetch: rec.fetch })).toThrow(ConfigError);
    const client = createAmperityClient({ tenant, token: () => "", baseUrl: prism.url, fetch: rec.fetch, retry: false });
    await expect(client.indexes.list()).rejects.toThrow(ConfigError);
    expect(rec.exchanges).toHaveLength(0);
  });
});

describe("unsupported_method: every path answers only GET", () => {
  test.each(ids)("%s: POST, PUT, PATCH and DELETE → 405", async (op) => {
    const rec = raw();
    const statuses: string[] = [];
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      statuses.push(`${method} ${(await send(rec, prism.url + samplePaths[op], { method, headers: validHeaders() })).status}`);
    }
    expect(statuses).toEqual(["POST 405", "PUT 405", "PATCH 405", "DELETE 405"]);
  });

  test("the client exposes read operations only", () => {
    const { client } = strict();
    // rawPages() reads the same pages as bytes (main's raw-page export).
    expect(Object.keys(client.profiles).sort()).toEqual(["get", "items", "list", "pages", "rawPages"]);
    expect(Object.keys(client.indexes).sort()).toEqual(["get", "items", "list", "pages"]);
  });
});

test("not_a_server_error: no request of this suite got a 5xx unless it asked Prism for one", () => {
  const exchanges = recorders.flatMap((r) => r.exchanges);
  expect(exchanges.length).toBeGreaterThan(100);
  expect(unaskedServerErrors(exchanges)).toEqual([]);
});
