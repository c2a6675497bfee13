// The sandbox's profiles (their shape, their values, getProfile, 404s) and its filters, through plain fetch with
// every body checked against the spec (test/support/sandbox-http.ts).
import { attributeNames, filterFields, type Sandbox } from "../src/sandbox/index.js";
import { call, startSuiteSandboxes, walk, type Json } from "./support/sandbox-http.js";

let sb: Sandbox, other: Sandbox, index: string, all: Json[], close: () => Promise<unknown>;
beforeAll(async () => ({ sb, other, index, all, close } = await startSuiteSandboxes()));
afterAll(() => close?.());

describe("profiles", () => {
  test("DOC-07: every profile is {id, index_id, attributes} with the same attribute keys", () => {
    for (const profile of all) {
      expect(Object.keys(profile)).toEqual(["id", "index_id", "attributes"]);
      expect(profile["id"]).toMatch(/^cl-[0-9a-f]{8}$/);
      expect(profile["index_id"]).toBe(index);
      expect(Object.keys(profile["attributes"])).toEqual([...attributeNames]);
      expect(Object.values(profile["attributes"]).every((v) => typeof v === "string")).toBe(true);
    }
  });

  test("values exercise CSV quoting: commas, double quotes and non-ASCII letters occur", async () => {
    const values = (await call(other, `/indexes/${other.indexes[0]}/profiles?limit=600`)).body["data"]
      .flatMap((p: Json) => Object.values(p["attributes"]) as string[]);
    expect(values.some((v: string) => v.includes(","))).toBe(true);
    expect(values.some((v: string) => v.includes('"'))).toBe(true);
    expect(values.some((v: string) => /[^\x00-\x7f]/.test(v))).toBe(true);
  });

  test("each listed profile can be fetched alone, identical to its list entry", async () => {
    for (const profile of [all[0]!, all[68]!, all.at(-1)!]) {
      const { status, body } = await call(sb, `/indexes/${index}/profiles/${encodeURIComponent(profile["id"])}`);
      expect(status).toBe(200);
      expect(body).toEqual(profile);
    }
  });

  test("404 for an unknown index or a profile the index does not hold", async () => {
    const beyond = (await call(other, `/indexes/${index}/profiles?limit=1&next_token=${encodeURIComponent(
      (await call(other, `/indexes/${index}/profiles?limit=550`)).body["next_token"])}`)).body["data"][0]["id"];
    for (const path of [
      "/indexes/idx-nope", "/indexes/idx-nope/profiles", `/indexes/idx-nope/profiles/${all[0]!["id"]}`,
      `/indexes/${index}/profiles/cl-nope`, `/indexes/${index}/profiles/${beyond}`, `/indexes/${encodeURIComponent(`${index}/x`)}`,
    ]) {
      const { status, body } = await call(sb, path);
      expect([path, status]).toEqual([path, 404]);
      expect(body["message"]).toMatch(/not found/);
    }
  });
});

describe("filters (DOC-24)", () => {
  const matching = (pairs: Record<string, string>) =>
    all.filter((p) => Object.entries(pairs).every(([k, v]) => p["attributes"][k] === v)).map((p) => p["id"]);
  const query = (pairs: Record<string, string>) =>
    Object.entries(pairs).map(([k, v]) => `filter[${k}]=${encodeURIComponent(v)}`).join("&");

  test("one filter matches exactly, across pages, with the filtered total", async () => {
    const city = all[3]!["attributes"]["city"];
    const expected = matching({ city });
    expect(expected.length).toBeGreaterThan(1);
    const { ids, pages } = await walk(sb, `/indexes/${index}/profiles`, `${query({ city })}&with_total=true`, 2);
    expect(ids).toEqual(expected);
    expect(pages[0]!["total"]).toBe(expected.length);
    expect("next_token" in pages.at(-1)!).toBe(false);
  });

  test("several filters narrow the result (AND)", async () => {
    const { state, given_name } = all[5]!["attributes"];
    const { ids } = await walk(sb, `/indexes/${index}/profiles`, query({ state, given_name }), 3);
    expect(ids).toEqual(matching({ state, given_name }));
    expect(ids.length).toBeLessThan(matching({ state }).length);
  });

  test("matching is exact and case-sensitive", async () => {
    const email = all[7]!["attributes"]["email"];
    expect((await walk(sb, `/indexes/${index}/profiles`, query({ email }))).ids).toEqual([all[7]!["id"]]);
    expect((await walk(sb, `/indexes/${index}/profiles`, query({ email: email.toUpperCase() }))).ids).toEqual([]);
    expect((await walk(sb, `/indexes/${index}/profiles`, query({ email: email.slice(0, -1) }))).ids).toEqual([]);
  });

  test("a field that is not a filter field is a 400 naming the allowed ones", async () => {
    const { status, body } = await call(sb, `/indexes/${index}/profiles?filter[phone]=1`);
    expect(status).toBe(400);
    expect(body["message"]).toContain("filter[phone]");
    for (const field of filterFields) expect(body["message"]).toContain(field);
  });

  test.each(["filter[bad-name]=x", "filter=Seattle", "filter[city]=A&filter[city]=B"])("%s is a 400 naming the filter", async (q) => {
    const { status, body } = await call(sb, `/indexes/${index}/profiles?${q}`);
    expect(status).toBe(400);
    expect(body["message"]).toContain("filter");
  });
});
