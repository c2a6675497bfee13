// Option names and the headers option (issue 22): an option the client does not know is refused like an unknown
// query key, before anything is sent; extra headers never replace the ones the client owns.
import { ConfigError, createAmperityClient, type AmperityClientOptions } from "../src/index.js";
import { testHooksKey } from "../src/client/test-hooks.js";
import { TOKEN, caught, json, page, scripted, testHooks, withHooks } from "./client-harness.js";

/** The ConfigError `options` (over valid ones) give, checking nothing was sent; or the requests sent. */
async function outcome(options: Record<string, unknown>) {
  const s = scripted(json(200, page([])));
  try {
    await createAmperityClient({ tenant: "acme", token: TOKEN, fetch: s.fetch, ...options } as AmperityClientOptions).profiles.list("idx-1");
  } catch (error) {
    expect(s.requests).toHaveLength(0);
    return error as Error;
  }
  return s.requests;
}

describe("option names", () => {
  it.each([
    ["timeout", "unknown option \"timeout\" of createAmperityClient; did you mean timeoutMs?"],
    ["maxRequestPerSecond", "unknown option \"maxRequestPerSecond\" of createAmperityClient; did you mean maxRequestsPerSecond?"],
    ["baseURL", "unknown option \"baseURL\" of createAmperityClient; did you mean baseUrl?"],
    ["onretry", "unknown option \"onretry\" of createAmperityClient; did you mean onRetry?"],
    ["tenantId", "unknown option \"tenantId\" of createAmperityClient; did you mean tenant?"],
    ["verbose", "unknown option \"verbose\" of createAmperityClient"],
  ])("regression: a misspelt option (%s) was ignored and left its default in force", async (name, message) => {
    const error = await outcome({ [name]: 5000 });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(message);
  });

  it.each(["sleep", "now", "random"])("regression: the test hook %s was a public option; it is refused as one", async (name) => {
    expect(((await outcome({ [name]: () => 0 })) as Error).message).toBe(`unknown option "${name}" of createAmperityClient`);
  });

  it("takes the test hooks under their registered symbol, which is the one tests use", async () => {
    expect(testHooksKey).toBe(testHooks);
    const slept: number[] = [];
    const s = scripted(json(503, {}), json(200, page([])));
    const amperity = createAmperityClient({ tenant: "acme", token: TOKEN, fetch: s.fetch, ...withHooks({ sleep: async (ms) => void slept.push(ms), random: () => 0.5 }) });
    await amperity.profiles.list("idx-1");
    expect(slept).toEqual([125]);
  });

  it("accepts undefined for every optional option, as its default", async () => {
    const options: Record<string, undefined> = {};
    for (const name of ["region", "baseUrl", "apiVersion", "retry", "timeoutMs", "maxRequestsPerSecond", "validateResponses", "maxResponseBytes", "headers", "onRetry", "userAgent", "onDeprecation", "logger", "logLevel", "hooks", "tokenUrl", "clientId", "clientSecret"]) {
      options[name] = undefined;
    }
    const requests = (await outcome(options)) as Request[];
    expect(requests.map((r) => r.url)).toEqual(["https://app.amperity.com/api/indexes/idx-1/profiles"]);
  });

  it.each([
    [{ logger: { info: () => undefined } }, "logger must be an object with debug, info, warn and error methods (console will do)"],
    [{ logLevel: "verbose" }, "logLevel must be one of debug, info, warn, error, off"],
    [{ hooks: { onRequest: () => undefined } }, "hooks must be an object of request and response functions, not \"onRequest\""],
    [{ hooks: { response: "yes" } }, "hooks.response must be a function"],
  ])("refuses a bad observer %j before anything is sent", async (options, message) => {
    expect(((await outcome(options)) as Error).message).toBe(message);
  });
});

describe("the headers option", () => {
  it("adds its headers to every request, and the client's own still win nothing from it", async () => {
    const requests = (await outcome({ headers: { "X-Correlation-Id": "c-1", accept: "application/json" } })) as Request[];
    expect(requests[0]!.headers.get("x-correlation-id")).toBe("c-1");
    expect(requests[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it.each(["Authorization", "amperity-tenant", "API-Version", "user-agent", "accept-encoding"])(
    "attack: a header the client owns (%s) is refused, not sent in place of the client's",
    async (name) => {
      const error = await outcome({ headers: { [name]: "Bearer someone-else" } });
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(new RegExp(`^headers must not set ${name.toLowerCase()}: `));
      expect((error as Error).message).not.toContain("someone-else");
    },
  );

  it("attack: a header value with CR LF (header injection) is refused without quoting the value", async () => {
    const error = await outcome({ headers: { "x-proxy-key": "k-secret\r\nauthorization: Bearer x" } });
    expect((error as Error).message).toBe("headers.x-proxy-key must be a string of visible ASCII characters, spaces and tabs");
    expect(((await outcome({ headers: { "bad name": "v" } })) as Error).message).toBe('headers: "bad name" is not a header name');
  });

  it("applies to the raw client too", async () => {
    const s = scripted(json(200, { data: [] }));
    const amperity = createAmperityClient({ tenant: "acme", token: TOKEN, fetch: s.fetch, headers: { "x-team": "growth" } });
    await amperity.raw.GET("/indexes");
    expect(s.requests[0]!.headers.get("x-team")).toBe("growth");
    expect(await caught(Promise.resolve().then(() => createAmperityClient({ tenant: "acme", token: TOKEN, headers: [] as never })))).toBeInstanceOf(ConfigError);
  });
});
