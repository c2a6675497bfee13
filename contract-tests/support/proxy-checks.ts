// The read-only script run through `prism proxy --errors` in front of the sandbox in `npm test` (a live tenant is
// checked by `amperity-profiles verify`). Every request the spec allows must cross the proxy without a single
// request or response violation; every request the spec forbids must be refused by Prism, and the server's own
// answer to it (sent directly) must still match the spec.
import { apiVersions } from "../../generated/constraints.js";
import { ApiError, type AmperityClient, type ClientOptions, type TokenAuth, type Profile, type ProfileList } from "../../src/index.js";
import { strictClient } from "./client.js";
import type { Violation } from "./conformance.js";
import type { PrismServer } from "./prism.js";
import { answeredByPrism, logFindings, proxyFindings, refusedByPrism } from "./proxy-findings.js";
import { recorder, send, violationsOf, type Exchange, type Recorder } from "./recorder.js";

export interface ProxyTarget {
  prism: PrismServer;
  tenant: string;
  token: string;
  /** The server's base URL, for requests that must bypass Prism (its own answer to what the spec forbids). */
  directUrl: string;
  /** Caps pagination (a live tenant can hold millions of profiles). */
  maxPages: number;
  clientOptions?: Partial<ClientOptions & TokenAuth>;
}

/** What a sandbox is known to hold. A live tenant's data, page maximum and filter fields are unknown. */
export interface KnownData {
  indexes: number;
  profiles: number;
  pageMax: number;
  filterFields: readonly string[];
}

export interface ProxyReport {
  /** Requests sent through the proxy and directly, with what Prism or the checker found wrong. */
  exchanges: number;
  findings: string[];
}

const pageLimit = 10;
const unknownId = "contract-no-such-id";

/**
 * Defines the tests; `target` is read when they run (after `beforeAll` started the servers). The checks that need
 * `known` data exist only when it is given: a live tenant's page maximum and filter fields cannot be discovered
 * through the API.
 */
export function defineProxyChecks(
  target: () => ProxyTarget,
  options: { known?: KnownData; report?: (r: ProxyReport) => void } = {},
): void {
  const { known, report } = options;
  /** Forwarded requests, which must be clean; requests Prism must refuse; requests sent around Prism. */
  const forwarded: Recorder[] = [];
  const refused: Exchange[] = [];
  const direct: Array<{ name: string; rec: Recorder }> = [];
  /** Filled by the first tests, read by the later ones (Jest runs a file's tests in order). */
  let indexId = "";
  let profilePages: ProfileList[] = [];
  let profiles: Profile[] = [];

  function client(overrides: Partial<ClientOptions & TokenAuth> = {}): { client: AmperityClient; rec: Recorder } {
    const t = target();
    const made = strictClient(t.prism.url, { tenant: t.tenant, token: t.token, ...t.clientOptions, ...overrides });
    forwarded.push(made.rec);
    return made;
  }

  // Where Prism answered itself, its own findings say why; the checker would only add that its answer is not the API's.
  const checked = (rec: Recorder): Violation[] =>
    rec.exchanges.filter((e) => !answeredByPrism(e)).flatMap((e) => violationsOf(e));
  const clean = (rec: Recorder): { proxy: string[]; checker: Violation[] } => ({
    proxy: rec.exchanges.flatMap(proxyFindings),
    checker: checked(rec),
  });
  const nothing = { proxy: [], checker: [] };

  async function apiError(promise: Promise<unknown>): Promise<ApiError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ApiError) return error;
      throw error;
    }
    throw new Error("expected an ApiError, got a value");
  }

  afterAll(() => {
    const findings = [
      ...forwarded.flatMap((rec) => [...rec.exchanges.flatMap(proxyFindings), ...checked(rec).map((v) => `${v.check}: ${v.message}`)]),
      ...direct.flatMap(({ name, rec }) => rec.violations().map((v) => `${v.check} (sent directly, ${name}): ${v.message}`)),
    ];
    const exchanges = [...forwarded, ...direct.map((d) => d.rec)].reduce((n, rec) => n + rec.exchanges.length, 0) + refused.length;
    report?.({ exchanges, findings });
  });

  describe("positive_data_acceptance: valid requests cross the validating proxy without a violation", () => {
    test("listIndexes and getIndex: every listed index can be fetched, with_total counts them", async () => {
      const { client: c, rec } = client();
      const listed = [];
      for await (const index of c.indexes.items({ limit: 1 }, { maxPages: target().maxPages })) listed.push(index);
      expect(listed.length).toBeGreaterThan(0);
      indexId = listed[0]!.id;
      for (const index of listed.slice(0, 3)) expect(await c.indexes.get(index.id)).toEqual(index);
      const counted = await c.indexes.list({ with_total: true });
      expect(counted.total).toBeGreaterThanOrEqual(counted.data.length);
      if (known) expect([listed.length, counted.total]).toEqual([known.indexes, known.indexes]);
      expect(clean(rec)).toEqual(nothing);
    });

    test(`listProfiles: pages() with limit=${pageLimit} and with_total follows next_token to the end (DOC-10, DOC-17, DOC-19)`, async () => {
      const { client: c, rec } = client();
      const pages: ProfileList[] = [];
      for await (const page of c.profiles.pages(indexId, { limit: pageLimit, with_total: true }, { maxPages: target().maxPages })) {
        pages.push(page);
      }
      profilePages = pages;
      profiles = pages.flatMap((p) => p.data);
      expect(pages.every((p) => p.data.length <= pageLimit)).toBe(true);
      expect(new Set(profiles.map((p) => p.id)).size).toBe(profiles.length);
      if (known) {
        expect(profiles).toHaveLength(known.profiles);
        expect(pages).toHaveLength(Math.ceil(known.profiles / pageLimit));
        expect(pages[0]?.total).toBe(known.profiles);
      }
      expect(clean(rec)).toEqual(nothing);
    });

    test("listProfiles: items() with another limit yields the same profiles in the same order", async () => {
      const { client: c, rec } = client();
      const ids: string[] = [];
      for await (const p of c.profiles.items(indexId, { limit: 7 }, { maxItems: Math.max(profiles.length, 1) })) ids.push(p.id);
      expect(ids).toEqual(profiles.map((p) => p.id));
      expect(clean(rec)).toEqual(nothing);
    });

    test("listProfiles: a resumed next_token continues where the iteration was", async () => {
      const { client: c, rec } = client();
      const [page1, page2] = profilePages;
      if (page1?.next_token && page2) {
        const resumed = await c.profiles.list(indexId, { limit: pageLimit, next_token: page1.next_token });
        expect(resumed.data).toEqual(page2.data);
      } else {
        expect(profilePages).toHaveLength(1); // a single page leaves nothing to resume
      }
      expect(clean(rec)).toEqual(nothing);
    });

    test("getProfile returns each listed profile unchanged", async () => {
      const { client: c, rec } = client();
      for (const profile of profiles.slice(0, 3)) expect(await c.profiles.get(indexId, profile.id)).toEqual(profile);
      expect(clean(rec)).toEqual(nothing);
    });

    if (known) {
      test("DOC-24: filter[field]=value returns only matching profiles", async () => {
        const { client: c, rec } = client();
        const sample = profiles.find((p) => known.filterFields.some((f) => typeof p.attributes?.[f] === "string"));
        const field = known.filterFields.find((f) => typeof sample?.attributes?.[f] === "string")!;
        const value = String(sample!.attributes![field]);
        const matches = await c.profiles.list(indexId, { filter: { [field]: value }, limit: 100 });
        expect(matches.data.map((p) => p.id)).toContain(sample!.id);
        expect(matches.data.every((p) => p.attributes?.[field] === value)).toBe(true);
        expect(clean(rec)).toEqual(nothing);
      });
    }
  });

  describe("requests the spec allows but the server must refuse: forwarded, answered with a declared error", () => {
    test("DOC-12 DOC-22: an unknown index or profile → 404 ApiError", async () => {
      const { client: c, rec } = client();
      expect((await apiError(c.indexes.get(unknownId))).status).toBe(404);
      expect((await apiError(c.profiles.list(unknownId))).status).toBe(404);
      expect((await apiError(c.profiles.get(indexId, unknownId))).status).toBe(404);
      expect(clean(rec)).toEqual(nothing);
    });

    test("DOC-17: a tampered next_token → 400 ApiError", async () => {
      const { client: c, rec } = client();
      const token = profilePages[0]?.next_token || "contract-not-a-cursor";
      const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
      expect((await apiError(c.profiles.list(indexId, { next_token: tampered }))).status).toBe(400);
      expect(clean(rec)).toEqual(nothing);
    });

    test("ignored_auth: a bearer token the server did not issue → 401 ApiError", async () => {
      const { client: c, rec } = client({ token: "contract-not-the-token" });
      expect((await apiError(c.indexes.list())).status).toBe(401);
      expect(clean(rec)).toEqual(nothing);
    });

    test("DOC-21: a tenant the token is not for → 403 (or 401) ApiError", async () => {
      const { client: c, rec } = client({ tenant: "contract-other-tenant" });
      expect([401, 403]).toContain((await apiError(c.indexes.list())).status);
      expect(clean(rec)).toEqual(nothing);
    });

    if (known) {
      test("DOC-15: a limit above the server's maximum → 400 ApiError", async () => {
        const { client: c, rec } = client();
        expect((await apiError(c.indexes.list({ limit: known.pageMax + 1 }))).status).toBe(400);
        expect(clean(rec)).toEqual(nothing);
      });

      // The client cannot send these (it refuses unknown parameters), so they go out raw. A live tenant's answer
      // to an undeclared key is undocumented; the sandbox's is a declared 400 naming the key.
      test("a query key the operation does not declare (LIMIT=5, filter[city=x) → 400 naming it", async () => {
        const rec = recorder();
        forwarded.push(rec);
        for (const [path, key] of [["/indexes?LIMIT=5", "LIMIT"], [`/indexes/${indexId}/profiles?filter[city=x`, "filter[city"]]) {
          const answer = await send(rec, target().prism.url + path!, { headers: headers() });
          expect(answer.status).toBe(400);
          expect((JSON.parse(answer.body) as { message: string }).message).toContain(JSON.stringify(key));
        }
        expect(clean(rec)).toEqual(nothing);
      });
    }
  });

  describe("negative_data_rejection / missing_required_header: requests the spec forbids", () => {
    const cases: Array<{ name: string; query?: string; headers?: Record<string, string | undefined>; status: number }> = [
      { name: "limit=0", query: "limit=0", status: 400 },
      { name: "limit=abc", query: "limit=abc", status: 400 },
      { name: "DOC-32: missing api-version", headers: { "api-version": undefined }, status: 401 },
      { name: "DOC-23: unsupported api-version", headers: { "api-version": "2024-01-01" }, status: 400 },
      { name: "ignored_auth: missing Authorization", headers: { authorization: undefined }, status: 401 },
    ];

    test.each(cases)("$name: Prism refuses it; the server's own answer is a declared $status", async (c) => {
      const t = target();
      const path = `/indexes${c.query ? `?${c.query}` : ""}`;
      const init = { headers: { ...headers(), ...c.headers } };
      const viaPrism = await send(recorder(), t.prism.url + path, init);
      refused.push(viaPrism);
      expect(refusedByPrism(viaPrism)).toBe(true);
      const rec = recorder({ basePath: new URL(t.directUrl).pathname });
      direct.push({ name: c.name, rec });
      const answer = await send(rec, t.directUrl + path, init);
      expect(answer.status).toBe(c.status);
      expect(rec.violations()).toEqual([]);
    });
  });

  describe("the proxy's verdict over the whole run", () => {
    test("no request or response violation on any forwarded request (sl-violations, Prism errors, conformance)", () => {
      const exchanges = forwarded.flatMap((rec) => rec.exchanges);
      expect(exchanges.length).toBeGreaterThan(10);
      expect(exchanges.flatMap(proxyFindings)).toEqual([]);
      expect(forwarded.flatMap(checked)).toEqual([]);
    });

    test("not_a_server_error: no forwarded request got a 5xx", () => {
      const errors = forwarded.flatMap((rec) => rec.exchanges).filter((e) => e.status >= 500);
      expect(errors.map((e) => `${e.method} ${e.url.pathname} → ${e.status}`)).toEqual([]);
    });

    test("Prism's log holds exactly one refusal per forbidden request and no other violation", async () => {
      const t = target();
      const marker = `contract-sentinel-${Date.now()}`;
      const lines = await logFindings(t.prism, async () => {
        const sentinel = await send(recorder(), `${t.prism.url}/indexes/${marker}`, { headers: headers() });
        expect(sentinel.status).toBe(404);
        return marker;
      });
      expect(lines.filter((l) => !/UNPROCESSABLE_ENTITY|UNAUTHORIZED/.test(l))).toEqual([]);
      expect(lines).toHaveLength(refused.length);
    });
  });

  function headers(): Record<string, string> {
    return { authorization: `Bearer ${target().token}`, "api-version": apiVersions[0], "amperity-tenant": target().tenant };
  }
}
