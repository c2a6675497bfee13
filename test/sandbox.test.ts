/**
 * The sandbox through plain fetch, as any HTTP client sees it. Every body it answers is checked against the
 * spec's generated validators (the 200 body of the operation, or the Error body), and every error body must
 * carry the request id that the x-request-id header names.
 */
import { errorBody, getIndex, getProfile, listIndexes, listProfiles } from "../generated/validators.js";
import { attributeNames, describeSandbox, filterFields, startSandbox, type Sandbox } from "../src/sandbox/index.js";

type Json = Record<string, any>;
interface Reply { status: number; headers: Headers; body: Json }

function operationOf(path: string) {
  const clean = path.split("?")[0]!;
  if (/^\/indexes$/.test(clean)) return listIndexes;
  if (/^\/indexes\/[^/]+$/.test(clean)) return getIndex;
  if (/^\/indexes\/[^/]+\/profiles$/.test(clean)) return listProfiles;
  return getProfile;
}

async function call(sb: Sandbox, path: string, headers: Record<string, string | undefined> = {}, method = "GET"): Promise<Reply> {
  const sent = { authorization: `Bearer ${sb.token}`, "amperity-tenant": sb.tenant, "api-version": "2025-07-31", ...headers };
  const res = await fetch(sb.url + path, {
    method,
    headers: Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined)) as Record<string, string>,
  });
  const body = (await res.json()) as Json;
  expect(res.headers.get("content-type")).toBe("application/json");
  const requestId = res.headers.get("x-request-id");
  expect(requestId).toMatch(/^req-/);
  const validate = res.status === 200 ? operationOf(path) : errorBody;
  if (!validate(body)) throw new Error(`${path} → ${res.status} does not match the spec: ${JSON.stringify(validate.errors)}`);
  if (res.status !== 200) {
    expect(body).toMatchObject({ status: res.status, request_id: requestId, trace_id: expect.any(String) });
  }
  return { status: res.status, headers: res.headers, body };
}

async function walk(sb: Sandbox, path: string, query = "", limit?: number): Promise<{ ids: string[]; pages: Json[] }> {
  const ids: string[] = [];
  const pages: Json[] = [];
  let token: string | undefined;
  do {
    const params = new URLSearchParams(query);
    if (limit !== undefined) params.set("limit", String(limit));
    if (token) params.set("next_token", token);
    const { status, body } = await call(sb, `${path}?${params}`);
    expect(status).toBe(200);
    if (limit !== undefined) expect(body["data"].length).toBeLessThanOrEqual(limit);
    pages.push(body);
    ids.push(...body["data"].map((item: Json) => item["id"]));
    token = body["next_token"];
  } while (token);
  return { ids, pages };
}

const profileCount = 137;
let sb: Sandbox;
let other: Sandbox;
let index: string;
let all: Json[];

beforeAll(async () => {
  [sb, other] = await Promise.all([
    startSandbox({ profiles: profileCount, indexes: 3, seed: "suite", pageMax: 500 }),
    startSandbox({ profiles: 600, indexes: 3, seed: "suite" }),
  ]);
  index = sb.indexes[0]!;
  all = (await call(sb, `/indexes/${index}/profiles?limit=500`)).body["data"];
});
afterAll(() => Promise.all([sb?.close(), other?.close()]));

describe("start-up", () => {
  test("describeSandbox is one JSON line with url, tenant, token and indexes", () => {
    const line = describeSandbox(sb);
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({ url: sb.url, tenant: "sandbox", token: sb.token, indexes: sb.indexes });
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
  });

  test("the generated token is 32 random bytes in base64url, new for every sandbox", () => {
    expect(sb.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other.token).not.toBe(sb.token);
  });

  test("refuses options it cannot honour, naming the option", async () => {
    await expect(startSandbox({ profiles: -1 })).rejects.toThrow(/profiles/);
    await expect(startSandbox({ tenant: "not a tenant" })).rejects.toThrow(/tenant/);
    await expect(startSandbox({ faultRate: 2 })).rejects.toThrow(/faultRate/);
    await expect(startSandbox({ pageMax: 0 })).rejects.toThrow(/pageMax/);
  });
});

describe("indexes", () => {
  test("lists every index, pages them and counts them with with_total", async () => {
    const { ids, pages } = await walk(sb, "/indexes", "with_total=true", 2);
    expect(ids).toEqual(sb.indexes);
    expect(pages).toHaveLength(2);
    for (const page of pages) expect(page["total"]).toBe(3);
    expect(ids.every((id) => /^idx-[0-9a-f]{8}$/.test(id))).toBe(true);
  });

  test("gets one index, the same object as in the list", async () => {
    const listed = (await call(sb, "/indexes")).body["data"][1];
    const { status, body } = await call(sb, `/indexes/${encodeURIComponent(sb.indexes[1]!)}`);
    expect(status).toBe(200);
    expect(body).toEqual(listed);
    expect(Object.keys(body)).toEqual(["id", "name", "description", "created_at", "updated_at"]);
  });
});

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

describe("authentication, tenant and version headers", () => {
  test.each([
    ["no Authorization", { authorization: undefined }],
    ["a wrong token", { authorization: "Bearer not-the-token" }],
    ["another scheme", { authorization: "Basic abc" }],
  ])("%s is a 401 with a Bearer challenge", async (_, headers) => {
    const { status, headers: reply } = await call(sb, "/indexes", headers);
    expect(status).toBe(401);
    expect(reply.get("www-authenticate")).toMatch(/^Bearer/);
  });

  test("the token is checked before anything else is revealed", async () => {
    expect((await call(sb, "/indexes/idx-nope", { authorization: undefined })).status).toBe(401);
  });

  test("DOC-14: another tenant is a 403 naming it", async () => {
    const { status, body } = await call(sb, "/indexes", { "amperity-tenant": "acme" });
    expect(status).toBe(403);
    expect(body["message"]).toContain('"acme"');
  });

  // A missing one fails the security requirement instead: 401 (test/sandbox-security-headers.test.ts).
  test.each([
    ["a malformed amperity-tenant", { "amperity-tenant": "-bad-" }, "amperity-tenant"],
    ["DOC-23: an unsupported api-version", { "api-version": "2024-04-01" }, "2025-07-31"],
  ])("%s is a 400 naming the header", async (_, headers, named) => {
    const { status, body } = await call(sb, `/indexes/${index}/profiles`, headers);
    expect(status).toBe(400);
    expect(body["message"]).toContain(named);
  });

  test("DOC-18: the deprecated api_version query parameter is checked like the header", async () => {
    expect((await call(sb, `/indexes/${index}/profiles?api_version=2025-07-31`)).status).toBe(200);
    const { status, body } = await call(sb, `/indexes/${index}/profiles?api_version=unstable`);
    expect(status).toBe(400);
    expect(body["message"]).toContain("api_version");
  });
});

describe("paths and methods", () => {
  test.each(["/profiles", "/indexes/x/y", "/indexes/x/profiles/y/z", "/indexes/", "/indexes//profiles"])("%s → 404", async (path) => {
    const { status, body } = await call(sb, path);
    expect(status).toBe(404);
    expect(body["message"]).toContain("No such path");
  });

  test("paths outside /api are unknown", async () => {
    const res = await fetch(sb.url.replace(/\/api$/, "/indexes"));
    expect(res.status).toBe(404);
    expect(errorBody(await res.json())).toBe(true);
  });

  test.each(["POST", "PUT", "DELETE", "PATCH"])("%s → 405 with Allow: GET", async (method) => {
    const { status, headers } = await call(sb, "/indexes", {}, method);
    expect(status).toBe(405);
    expect(headers.get("allow")).toBe("GET");
  });
});
