// Paging the sandbox's profiles (limits, totals, the last page) and its next_token cursors, which must be opaque
// and tamper-evident, through plain fetch with every body checked against the spec (test/support/sandbox-http.ts).
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { call, profileCount, startSuiteSandboxes, walk, type Json } from "./support/sandbox-http.js";

let sb: Sandbox, other: Sandbox, index: string, all: Json[], close: () => Promise<unknown>;
beforeAll(async () => ({ sb, other, index, all, close } = await startSuiteSandboxes()));
afterAll(() => close?.());

describe("profile pagination", () => {
  test.each([1, 7, 25, 136, 137, 500])("limit %i walks every profile exactly once (DOC-17: the last page has no next_token)", async (limit) => {
    const { ids, pages } = await walk(sb, `/indexes/${index}/profiles`, "", limit);
    expect(ids).toHaveLength(profileCount);
    expect(new Set(ids).size).toBe(profileCount);
    expect(ids).toEqual(all.map((p) => p["id"]));
    expect(pages).toHaveLength(Math.ceil(profileCount / limit));
    expect("next_token" in pages.at(-1)!).toBe(false);
  });

  test("DOC-15: the default limit is 25", async () => {
    const { body } = await call(sb, `/indexes/${index}/profiles`);
    expect(body["data"]).toHaveLength(25);
    expect(typeof body["next_token"]).toBe("string");
  });

  test("DOC-19: total only with with_total=true, on every page", async () => {
    expect("total" in (await call(sb, `/indexes/${index}/profiles?limit=5`)).body).toBe(false);
    expect("total" in (await call(sb, `/indexes/${index}/profiles?limit=5&with_total=false`)).body).toBe(false);
    const { pages } = await walk(sb, `/indexes/${index}/profiles`, "with_total=true", 50);
    expect(pages.map((p) => p["total"])).toEqual([profileCount, profileCount, profileCount]);
  });

  test("DOC-15: a limit above the sandbox's maximum is refused with a message naming the maximum", async () => {
    const { status, body } = await call(sb, `/indexes/${index}/profiles?limit=501`);
    expect(status).toBe(400);
    expect(body["message"]).toMatch(/limit.*at most 500/);
    expect((await call(sb, `/indexes/${index}/profiles?limit=500`)).status).toBe(200);
  });

  test.each(["limit=0", "limit=-3", "limit=abc", "limit=1.5", "limit=", "limit=2&limit=3", "with_total=yes"])(
    "an invalid %s is a 400 naming the parameter",
    async (query) => {
      const { status, body } = await call(sb, `/indexes/${index}/profiles?${query}`);
      expect(status).toBe(400);
      expect(body["message"]).toContain(query.split("=")[0]);
    },
  );

  test("an empty index has one empty page", async () => {
    const empty = await startSandbox({ profiles: 0 });
    try {
      const { status, body } = await call(empty, `/indexes/${empty.indexes[0]}/profiles?with_total=true`);
      expect(status).toBe(200);
      expect(body).toEqual({ data: [], total: 0 });
    } finally {
      await empty.close();
    }
  });
});

describe("next_token is opaque and tamper-evident", () => {
  let token: string;
  beforeAll(async () => {
    token = (await call(sb, `/indexes/${index}/profiles?limit=10`)).body["next_token"];
  });

  const refused = async (path: string) => {
    const { status, body } = await call(sb, path);
    expect(status).toBe(400);
    expect(body["message"]).toContain("next_token");
    return body["message"] as string;
  };

  test("it resumes exactly after the page that issued it", async () => {
    const { body } = await call(sb, `/indexes/${index}/profiles?limit=10&next_token=${encodeURIComponent(token)}`);
    expect(body["data"].map((p: Json) => p["id"])).toEqual(all.slice(10, 20).map((p) => p["id"]));
  });

  test("a token with any character changed, cut short, or made up is refused", async () => {
    const flipped = token.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    for (const bad of [flipped, token.slice(0, -2), token.split(".")[0]!, "ABCd1fghIJk2l3M", `${token}.x`]) {
      await refused(`/indexes/${index}/profiles?next_token=${encodeURIComponent(bad)}`);
    }
  });

  test("DOC-17: an empty next_token is refused", async () => {
    await refused(`/indexes/${index}/profiles?next_token=`);
  });

  test("a token of another index, another listing or another sandbox is refused", async () => {
    expect(await refused(`/indexes/${sb.indexes[1]}/profiles?next_token=${encodeURIComponent(token)}`)).toContain(index);
    await refused(`/indexes?next_token=${encodeURIComponent(token)}`);
    const foreign = (await call(other, `/indexes/${index}/profiles?limit=10`)).body["next_token"];
    expect(other.indexes[0]).toBe(index); // same seed, same index id: only the signature tells them apart
    await refused(`/indexes/${index}/profiles?next_token=${encodeURIComponent(foreign)}`);
  });

  test("a token issued under one filter is refused under another filter or none", async () => {
    const city = all[0]!["attributes"]["city"];
    const filtered = (await call(sb, `/indexes/${index}/profiles?limit=1&filter[city]=${encodeURIComponent(city)}`)).body["next_token"];
    expect(await refused(`/indexes/${index}/profiles?next_token=${encodeURIComponent(filtered)}`)).toMatch(/filter/);
    await refused(`/indexes/${index}/profiles?filter[state]=WA&next_token=${encodeURIComponent(filtered)}`);
  });
});
