// The headers the spec's security requirements name beside the bearer token (DOC-31, DOC-32) and the version in the
// query (DOC-33), as the sandbox answers them: the statuses Prism gives (contract-tests/mock-statuses.test.ts).
import { errorBody } from "../generated/validators.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";

let sb: Sandbox;
let profileId: string;
beforeAll(async () => {
  sb = await startSandbox({ profiles: 3, indexes: 1 });
  profileId = (await get(`/indexes/${sb.indexes[0]!}/profiles`)).body.data![0]!.id;
});
afterAll(() => sb?.close());

/** Every GET path of the API, for the sandbox's one index and its first profile. */
const paths = () => {
  const index = `/indexes/${sb.indexes[0]!}`;
  return ["/indexes", index, `${index}/profiles`, `${index}/profiles/${profileId}`];
};

/** GET with the valid headers, `change` replacing (or, with undefined, removing) some; every error body is checked. */
async function get(path: string, change: Record<string, string | undefined> = {}) {
  const all = { authorization: `Bearer ${sb.token}`, "amperity-tenant": sb.tenant, "api-version": "2025-07-31", ...change };
  const headers = Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const res = await fetch(sb.url + path, { headers });
  const body = (await res.json()) as { message?: string; data?: Array<{ id: string }> };
  if (res.status !== 200) expect(errorBody(body)).toBe(true);
  return { status: res.status, message: body.message ?? "", body, challenge: res.headers.get("www-authenticate") };
}

describe("the headers beside the bearer token", () => {
  test("DOC-31: without amperity-tenant every operation is a 401 naming it; a malformed one is a 400, another tenant's a 403", async () => {
    for (const path of paths()) {
      const missing = await get(path, { "amperity-tenant": undefined });
      expect([path, missing.status, missing.challenge]).toEqual([path, 401, expect.stringMatching(/^Bearer/)]);
      expect(missing.message).toContain("amperity-tenant");
      expect((await get(path, { "amperity-tenant": "-bad-" })).status).toBe(400);
      expect((await get(path, { "amperity-tenant": "acme" })).status).toBe(403);
    }
  });

  test("DOC-32: without api-version every operation is a 401 naming it; an unsupported version is a 400", async () => {
    for (const path of paths()) {
      const missing = await get(path, { "api-version": undefined });
      expect([path, missing.status]).toEqual([path, 401]);
      expect(missing.message).toContain("api-version");
      expect((await get(path, { "api-version": "2024-04-01" })).status).toBe(400);
    }
  });

  test("a token sent as the version (a generator's one auth value for every scheme) is not echoed in the 400", async () => {
    const { status, message } = await get("/indexes", { "api-version": sb.token });
    expect(status).toBe(400);
    expect(message).toContain("api-version");
    expect(message).not.toContain(sb.token);
  });

  test("the token comes first: without it, a request missing the other headers too learns only that", async () => {
    const { status, message } = await get("/indexes", { authorization: undefined, "amperity-tenant": undefined, "api-version": undefined });
    expect(status).toBe(401);
    expect(message).toContain("bearer token");
    expect(message).not.toContain("amperity-tenant");
  });
});

describe("the version in the query", () => {
  test("DOC-33: api_version does not replace the api-version header (401); beside it, it must name a supported version", async () => {
    const profiles = `/indexes/${sb.indexes[0]!}/profiles`;
    const queryOnly = await get(`${profiles}?api_version=2025-07-31`, { "api-version": undefined });
    expect(queryOnly.status).toBe(401);
    expect(queryOnly.message).toContain("api-version");
    expect((await get(`${profiles}?api_version=2025-07-31`)).status).toBe(200);
    expect((await get(`${profiles}?api_version=unstable`)).status).toBe(400);
  });
});
