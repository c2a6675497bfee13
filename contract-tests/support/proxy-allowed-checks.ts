// The requests the spec allows, sent through `prism proxy --errors` by defineProxyChecks (proxy-checks.ts): valid ones
// must cross it without a violation, and those the server must refuse must come back as the declared error.
import { ApiError, type Profile, type ProfileList } from "../../src/index.js";
import type { KnownData, ProxyRun } from "./proxy-run.js";
import { recorder, send } from "./recorder.js";

const pageLimit = 10;
const unknownId = "contract-no-such-id";

export function defineAllowedChecks(run: ProxyRun, known: KnownData | undefined): void {
  const { target, forwarded, client, clean, nothing, headers } = run;
  /** Filled by the first tests, read by the later ones (Jest runs a file's tests in order). */
  let indexId = "";
  let profilePages: ProfileList[] = [];
  let profiles: Profile[] = [];

  async function apiError(promise: Promise<unknown>): Promise<ApiError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ApiError) return error;
      throw error;
    }
    throw new Error("expected an ApiError, got a value");
  }

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
}
