// Client credentials through the public client: the token request, caching, refresh ahead of expiry and after a
// 401, one request in flight, retries of the token endpoint, refused credentials, and no secret anywhere.
import { inspect } from "node:util";
import { ApiError, AuthenticationError, ConfigError, createAmperityClient, type ClientOptions } from "../src/index.js";
import { caught, json, page, withHooks } from "./client-harness.js";

const SECRET = "cs-5e3cr3t-do-not-leak";
const tokenUrl = "https://acme.amperity.com/api/v0/oauth2/token";

/** A fake Amperity: the token endpoint issues issued-tok-1, issued-tok-2, ... with `ttl` seconds; the API accepts `valid` tokens. */
function fakeAmperity(options: { ttl?: number | undefined; token?: (n: number) => Response | Error; api?: (request: Request, token: string) => Response } = {}) {
  const tokenRequests: Request[] = [];
  const apiRequests: Request[] = [];
  const bodies: string[] = [];
  const valid = new Set<string>();
  const fetch = async (request: Request): Promise<Response> => {
    if (request.method === "POST") {
      tokenRequests.push(request);
      bodies.push(await request.text());
      const n = tokenRequests.length;
      const scripted = options.token?.(n);
      if (scripted instanceof Error) throw scripted;
      if (scripted) return scripted;
      valid.add(`issued-tok-${n}`);
      return json(200, { access_token: `issued-tok-${n}`, token_type: "Bearer", ...(options.ttl !== undefined && { expires_in: options.ttl }) });
    }
    apiRequests.push(request);
    const token = request.headers.get("authorization")!.replace("Bearer ", "");
    if (options.api) return options.api(request, token);
    return valid.has(token) ? json(200, page(["cl-1"])) : json(401, { status: 401, message: "The access token is missing or invalid." });
  };
  return { fetch, tokenRequests, apiRequests, bodies, valid };
}

let clock = 0;
function client(fake: ReturnType<typeof fakeAmperity>, options: Partial<ClientOptions> & { tokenUrl?: string } = {}) {
  return createAmperityClient({
    tenant: "acme",
    clientId: "client-7",
    clientSecret: SECRET,
    fetch: fake.fetch,
    ...withHooks({ sleep: async () => undefined, random: () => 0.5, now: () => clock }),
    ...options,
  });
}
beforeEach(() => (clock = 1_000_000));

describe("the token request", () => {
  it("DOC-27: is a form POST naming the tenant in X-Amperity-Tenant, with no bearer token and no api-version", async () => {
    const fake = fakeAmperity({ ttl: 3600 });
    await client(fake).profiles.list("idx-1");
    const [request] = fake.tokenRequests;
    expect(request!.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(request!.headers.get("x-amperity-tenant")).toBe("acme");
    expect(request!.headers.get("authorization")).toBeNull();
    expect(request!.headers.get("api-version")).toBeNull();
    expect(Object.fromEntries(new URLSearchParams(fake.bodies[0]))).toEqual({ grant_type: "client_credentials", client_id: "client-7", client_secret: SECRET });
    expect(fake.apiRequests[0]!.headers.get("authorization")).toBe("Bearer issued-tok-1");
    expect(fake.apiRequests[0]!.headers.get("amperity-tenant")).toBe("acme");
  });

  it("DOC-28: goes to the tenant's own host on every region, to <baseUrl>/v0/oauth2/token, or to tokenUrl", async () => {
    for (const region of ["aws", "azure", "aws-apse2"] as const) {
      const fake = fakeAmperity({ ttl: 60 });
      await client(fake, { region }).indexes.list();
      expect(fake.tokenRequests[0]!.url).toBe(tokenUrl);
    }
    const local = fakeAmperity({ ttl: 60 });
    await client(local, { baseUrl: "http://127.0.0.1:9/api" }).indexes.list();
    expect(local.tokenRequests[0]!.url).toBe("http://127.0.0.1:9/api/v0/oauth2/token");
    const custom = fakeAmperity({ ttl: 60 });
    await client(custom, { tokenUrl: "https://auth.example.test/token" }).indexes.list();
    expect(custom.tokenRequests[0]!.url).toBe("https://auth.example.test/token");
    // With a fetch of the caller's (this test's), http: is refused for Amperity's own hosts only (config.test.ts).
    expect(() => client(custom, { tokenUrl: "http://acme.amperity.com/api/v0/oauth2/token" })).toThrow(/tokenUrl must use https:/);
  });
});

describe("caching and refresh", () => {
  it("DOC-29: reuses the token, and refreshes it once less than a tenth of its lifetime (at most 60 s) remains", async () => {
    const fake = fakeAmperity({ ttl: 100 });
    const amperity = client(fake);
    await amperity.indexes.list();
    clock += 89_000;
    await amperity.indexes.list();
    expect(fake.tokenRequests).toHaveLength(1);
    clock += 2_000; // 91 s of 100: inside the 10 s margin
    await amperity.indexes.list();
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.apiRequests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer issued-tok-1", "Bearer issued-tok-1", "Bearer issued-tok-2"]);
  });

  it("an hour's token is refreshed a minute before it expires; one without expires_in is kept until a 401", async () => {
    const hour = fakeAmperity({ ttl: 3600 });
    const amperity = client(hour);
    await amperity.indexes.list();
    clock += 3_539_000;
    await amperity.indexes.list();
    clock += 2_000;
    await amperity.indexes.list();
    expect(hour.tokenRequests).toHaveLength(2);

    const forever = fakeAmperity({ ttl: undefined });
    const kept = client(forever);
    await kept.indexes.list();
    clock += 10 * 24 * 3600_000;
    await kept.indexes.list();
    expect(forever.tokenRequests).toHaveLength(1);
  });

  it("20 concurrent calls on a cold client make one token request", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fake = fakeAmperity({ ttl: 3600 });
    const slow = async (request: Request) => {
      if (request.method === "POST") await gate;
      return fake.fetch(request);
    };
    const amperity = client(fake, { fetch: slow });
    const calls = Array.from({ length: 20 }, () => amperity.profiles.list("idx-1"));
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all(calls);
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.apiRequests).toHaveLength(20);
  });

  it("a caller that stops waiting leaves the token request to the others; when the last one stops, it is aborted", async () => {
    const seen: AbortSignal[] = [];
    const fake = fakeAmperity({ ttl: 3600 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = async (request: Request) => {
      if (request.method !== "POST") return fake.fetch(request);
      seen.push(request.signal);
      await gate;
      return fake.fetch(request);
    };
    const amperity = client(fake, { fetch: held });
    const [first, second] = [new AbortController(), new AbortController()];
    const calls = [amperity.indexes.list({}, { signal: first.signal }), amperity.indexes.list({}, { signal: second.signal })];
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    first.abort(new Error("first gave up"));
    await expect(calls[0]).rejects.toThrow("first gave up");
    expect(seen[0]!.aborted).toBe(false);
    release();
    await expect(calls[1]).resolves.toMatchObject({ data: [{ id: "cl-1" }] });

    const lone = client(fakeAmperity({ ttl: 3600 }), { fetch: async (request) => (seen.push(request.signal), new Promise<Response>(() => undefined)) });
    const stop = new AbortController();
    const call = lone.indexes.list({}, { signal: stop.signal });
    while (seen.length === 1) await new Promise((resolve) => setTimeout(resolve, 1));
    stop.abort(new Error("interrupted"));
    await expect(call).rejects.toThrow("interrupted");
    expect(seen[1]!.aborted).toBe(true);
  });

  it("a revoked token: the 401 gets one new token and one retry of that request", async () => {
    const fake = fakeAmperity({ ttl: 3600 });
    const amperity = client(fake, { retry: false });
    await amperity.indexes.list();
    fake.valid.clear(); // revoked in the UI
    const list = await amperity.profiles.list("idx-1");
    expect(list.data[0]!.id).toBe("cl-1");
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.apiRequests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer issued-tok-1", "Bearer issued-tok-1", "Bearer issued-tok-2"]);
  });

  it("a 401 that persists after the refresh is an ApiError, after exactly one refresh", async () => {
    const fake = fakeAmperity({ ttl: 3600, api: () => json(401, { status: 401, message: "The access token is missing or invalid." }) });
    const error = await caught(client(fake).indexes.list());
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.apiRequests).toHaveLength(2);
  });

  it("a caller's own token is not refreshed on a 401: one request, the 401 reported", async () => {
    const fake = fakeAmperity({ api: () => json(401, { status: 401, message: "expired" }) });
    const error = await caught(createAmperityClient({ tenant: "acme", token: () => "issued-tok-own", fetch: fake.fetch }).indexes.list());
    expect(error.status).toBe(401);
    expect(fake.apiRequests).toHaveLength(1);
  });
});

describe("failures of the token endpoint", () => {
  it("retries its 429, 5xx and network failures like any call", async () => {
    const replies = [json(503, { status: 503, message: "busy" }), new TypeError("fetch failed"), json(429, { status: 429, message: "slow down" })];
    const fake = fakeAmperity({ ttl: 60, token: (n) => replies[n - 1]! });
    const events: string[] = [];
    await client(fake, { onRetry: (event) => events.push(event.reason) }).indexes.list();
    expect(fake.tokenRequests).toHaveLength(4);
    expect(events).toEqual(["token endpoint HTTP 503", "token endpoint network", "token endpoint HTTP 429"]);
  });

  it.each([400, 401])("refused credentials (%i) are an AuthenticationError, not retried, that never shows the secret", async (status) => {
    const echo = { status, message: `invalid client_secret ${SECRET} for client-7`, error_description: undefined };
    const fake = fakeAmperity({ token: () => json(status, echo) });
    const amperity = client(fake);
    const error = await caught(amperity.indexes.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
    expect(error.message).toMatch(/^The token endpoint refused the client credentials/);
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.apiRequests).toHaveLength(0);
    for (const shown of [error.message, String(error), JSON.stringify(error), inspect(error, { depth: 10 }), inspect(amperity, { depth: 10, showHidden: true })]) {
      expect(shown).not.toContain(SECRET);
    }
  });

  it("a 200 without an access token is a ResponseValidationError naming the field", async () => {
    const fake = fakeAmperity({ token: () => json(200, { token_type: "Bearer" }) });
    await expect(client(fake).indexes.list()).rejects.toThrow(/createAccessToken response does not match the spec at "\/access_token"/);
  });
});

describe("options", () => {
  it("refuses a token with client credentials, half of the credentials, or tokenUrl alone, without quoting them", () => {
    const base = { tenant: "acme", fetch: fakeAmperity().fetch };
    // The types refuse these combinations too; JavaScript callers get a ConfigError.
    const untyped = createAmperityClient as (options: object) => unknown;
    expect(() => untyped({ ...base, token: "t", clientId: "c", clientSecret: SECRET })).toThrow(/either token or clientId and clientSecret/);
    expect(() => untyped({ ...base, clientId: "c" })).toThrow(/clientSecret must be a non-empty string/);
    expect(() => untyped({ ...base, clientSecret: SECRET })).toThrow(/clientId must be/);
    expect(() => untyped({ ...base, token: "t", tokenUrl })).toThrow(/tokenUrl needs clientId and clientSecret/);
    try {
      createAmperityClient({ ...base, clientId: "c d", clientSecret: SECRET });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(String(error)).not.toContain(SECRET);
    }
  });
});
