// withOptions (issue 22): a derived client with its own retry, timeout and headers that shares its parent's token
// and rate limiter, so a service can tune parts of itself without a second token or a doubled request rate.
import { ConfigError, ServerError, createAmperityClient, type AmperityClientOptions } from "../src/index.js";
import { TOKEN, caught, json, page, scripted, withHooks } from "./client-harness.js";

const SECRET = "client-secret-4f3e2d1c";

/** A fake tenant: a token endpoint counting its requests (each token valid), and an API needing any of them. */
function fakeTenant() {
  let tokenRequests = 0;
  const fetch = async (request: Request): Promise<Response> => {
    if (request.url.endsWith("/oauth2/token")) {
      tokenRequests++;
      // Slow enough that calls arriving together all wait for the one request.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return json(200, { access_token: `tok-issued-${tokenRequests}`, token_type: "Bearer", expires_in: 3600 });
    }
    return request.headers.get("authorization")?.startsWith("Bearer tok-issued-") ? json(200, page(["a"])) : json(401, {});
  };
  return { fetch, tokenRequests: () => tokenRequests };
}

describe("withOptions", () => {
  it("shares the token: the parent and a derived client, called together, make one token request", async () => {
    const tenant = fakeTenant();
    const parent = createAmperityClient({ tenant: "acme", clientId: "client-7", clientSecret: SECRET, fetch: tenant.fetch });
    const derived = parent.withOptions({ timeoutMs: 1000, headers: { "x-part": "lookups" } });
    const again = derived.withOptions({ retry: false });
    await Promise.all([parent.profiles.list("idx-1"), derived.profiles.list("idx-1"), again.indexes.get("idx-1").catch(() => undefined)]);
    await derived.profiles.list("idx-1");
    expect(tenant.tokenRequests()).toBe(1);
    expect(await derived.token()).toBe(await parent.token());
  });

  it("shares the rate limiter: maxRequestsPerSecond holds across the parent and a derived client", async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    };
    const s = scripted(json(200, page(["a"])));
    const parent = createAmperityClient({ tenant: "acme", token: TOKEN, fetch: s.fetch, maxRequestsPerSecond: 10, ...withHooks({ sleep, now: () => clock }) });
    const derived = parent.withOptions({ timeoutMs: 500 });
    for (const client of [parent, derived, parent, derived]) await client.profiles.list("idx-1");
    // One limiter: each request after the first waits its 100 ms slot, whichever client sends it.
    expect(sleeps).toEqual([100, 100, 100]);
    expect(s.requests).toHaveLength(4);
  });

  it("changes only what it is given, only for the derived client: retry, headers (merged), timeout", async () => {
    const s = scripted(json(503, {}));
    const parent = createAmperityClient({ tenant: "acme", token: TOKEN, fetch: s.fetch, headers: { "x-a": "1" }, ...withHooks({ sleep: async () => undefined }) });
    const derived = parent.withOptions({ retry: false, headers: { "x-b": "2" } });
    expect(await caught(derived.indexes.list())).toMatchObject({ name: "ServerError", attempts: 1 });
    expect([...s.requests[0]!.headers].filter(([name]) => name.startsWith("x-"))).toEqual([["x-a", "1"], ["x-b", "2"]]);
    s.requests.length = 0;
    const error = await caught(parent.indexes.list());
    expect(error).toBeInstanceOf(ServerError);
    expect(error.attempts).toBe(4);
    expect(s.requests[0]!.headers.get("x-b")).toBeNull();

    const hanging = scripted((request) => new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))));
    const slow = createAmperityClient({ tenant: "acme", token: TOKEN, fetch: hanging.fetch, retry: false });
    expect(await caught(slow.withOptions({ timeoutMs: 5 }).indexes.list())).toMatchObject({ name: "TimeoutError", timeoutMs: 5 });
  });

  it.each([
    [{ tenant: "other" }, /^withOptions cannot change tenant: /],
    [{ baseUrl: "https://evil.example/api" }, /^withOptions cannot change baseUrl: /],
    [{ token: "tok-other-123" }, /^withOptions cannot change token: /],
    [{ fetch: globalThis.fetch }, /^withOptions cannot change fetch: /],
    [{ maxRequestsPerSecond: 50 }, /^withOptions cannot change maxRequestsPerSecond: a derived client shares its parent's request budget and rate/],
    [{ timeout: 5 }, /^unknown option "timeout" of withOptions; did you mean timeoutMs\?$/],
    [{ headers: { authorization: "Bearer x" } }, /^headers must not set authorization: /],
    [{ timeoutMs: -1 }, /^timeoutMs must be a finite number > 0$/],
  ])("refuses %j with a ConfigError before anything is sent", async (overrides, message) => {
    const s = scripted(json(200, page([])));
    const parent = createAmperityClient({ tenant: "acme", token: TOKEN, fetch: s.fetch });
    const error = await caught(Promise.resolve().then(() => parent.withOptions(overrides as AmperityClientOptions)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(message);
    expect(s.requests).toHaveLength(0);
  });
});
