import { ConfigError, createAmperityClient, type AmperityClientOptions } from "../src/index.js";
import { TOKEN, json, page, scripted } from "./client-harness.js";

/** Builds a client from `options` on top of valid defaults; returns the ConfigError or the URL of one request. */
async function attempt(options: Partial<Record<keyof AmperityClientOptions, unknown>>) {
  const s = scripted(json(200, page([])));
  try {
    const amperity = createAmperityClient({ tenant: "acme", token: TOKEN, fetch: s.fetch, ...options } as AmperityClientOptions);
    await amperity.profiles.list("idx-1");
  } catch (error) {
    expect(s.requests).toHaveLength(0);
    return error;
  }
  return s.urls()[0];
}

describe("configuration", () => {
  it.each([
    ["evil.com/"],
    ["a.b"],
    ["x@y"],
    ["has space"],
    [" acme"],
    ["acme\n"],
    ["tënant"],
    ["租户"],
    [""],
    ["-acme"],
    ["acme-"],
    ["a".repeat(64)],
    [undefined],
    [42],
  ])("refuses the tenant %j with a ConfigError and sends nothing", async (tenant) => {
    expect(await attempt({ tenant })).toBeInstanceOf(ConfigError);
  });

  it.each(["acme", "socktown-sb-12345", "A1", "a".repeat(63)])("accepts the tenant %j", async (tenant) => {
    expect(await attempt({ tenant })).toBe("https://app.amperity.com/api/indexes/idx-1/profiles");
  });

  it("refuses an Azure tenant that would change the host before it reaches the host name", async () => {
    expect(await attempt({ tenant: "evil.com/", region: "azure" })).toBeInstanceOf(ConfigError);
  });

  it.each([
    [undefined, "https://app.amperity.com/api/indexes/idx-1/profiles"],
    ["aws", "https://app.amperity.com/api/indexes/idx-1/profiles"],
    ["azure", "https://acme.amperity.com/api/indexes/idx-1/profiles"],
    ["aws-apse2", "https://app-aws-apse2.amperity.com/api/indexes/idx-1/profiles"],
  ])("DOC-14: region %j requests %s", async (region, url) => {
    expect(await attempt({ region })).toBe(url);
  });

  it("DOC-14: refuses an unknown region", async () => {
    expect(await attempt({ region: "gcp" })).toBeInstanceOf(ConfigError);
  });

  it.each([
    ["https://proxy.example.com/amperity/api/", "https://proxy.example.com/amperity/api/indexes/idx-1/profiles"],
    ["http://127.0.0.1:4010/api", "http://127.0.0.1:4010/api/indexes/idx-1/profiles"],
    ["http://127.8.9.10:4010/api", "http://127.8.9.10:4010/api/indexes/idx-1/profiles"],
    ["http://localhost:4010", "http://localhost:4010/indexes/idx-1/profiles"],
    ["http://[::1]:4010/api", "http://[::1]:4010/api/indexes/idx-1/profiles"],
  ])("baseUrl %s overrides the region", async (baseUrl, url) => {
    expect(await attempt({ baseUrl, region: "azure" })).toBe(url);
  });

  it.each([
    "http://app.amperity.com/api",
    "http://acme.amperity.com./api",
    "http://APP-AWS-APSE2.AMPERITY.COM/api",
    "ftp://127.0.0.1/api",
    "not a url",
    "https://user:pass@app.amperity.com/api",
    "https://app.amperity.com/api?x=1",
    "https://app.amperity.com/api#x",
  ])("refuses the baseUrl %s", async (baseUrl) => {
    expect(await attempt({ baseUrl })).toBeInstanceOf(ConfigError);
  });

  it.each(["http://10.0.0.1/api", "http://localhost.evil.com/api", "http://127.0.0.1.nip.io/api", "http://sandbox/api"])(
    "clear-text token: the baseUrl %s (http:, not loopback) is refused when the client's own fetch would send it",
    (baseUrl) => {
      expect(() => createAmperityClient({ tenant: "acme", token: TOKEN, baseUrl })).toThrow(
        new ConfigError("baseUrl must use https: (http: only for a loopback host); the token would travel in clear text"),
      );
      expect(() => createAmperityClient({ tenant: "acme", clientId: "id", clientSecret: "secret", tokenUrl: baseUrl })).toThrow(
        new ConfigError("tokenUrl must use https: (http: only for a loopback host); the token would travel in clear text"),
      );
    },
  );

  it.each(["http://sandbox/api", "http://10.0.0.1/api", "http://my-binding.internal/api"])(
    "workerd service binding: the baseUrl %s (http:, any host) is accepted with the caller's fetch, which gets the request",
    async (baseUrl) => {
      expect(await attempt({ baseUrl })).toBe(`${baseUrl}/indexes/idx-1/profiles`);
    },
  );

  it("clear-text token: http: to Amperity's own hosts is refused even with the caller's fetch, naming why", async () => {
    const error = await attempt({ baseUrl: "http://app.amperity.com/api" });
    expect(error).toEqual(new ConfigError("baseUrl must use https: for Amperity's hosts, which serve no http:; the token would travel in clear text"));
    expect(await attempt({ clientId: "id", clientSecret: "secret", tokenUrl: "http://acme.amperity.com/api/v0/oauth2/token", token: undefined }))
      .toEqual(new ConfigError("tokenUrl must use https: for Amperity's hosts, which serve no http:; the token would travel in clear text"));
  });

  it.each([[undefined], [""], [42], ["has space"], ["line\nbreak"], ["tøken"]])("refuses the token %j", async (token) => {
    const error = await attempt({ token });
    expect(error).toBeInstanceOf(ConfigError);
    if (typeof token === "string" && token !== "") expect(String(error)).not.toContain(token);
  });

  it("refuses what a token function returns when it cannot be a bearer token, and sends nothing", async () => {
    expect(await attempt({ token: () => "" })).toBeInstanceOf(ConfigError);
    expect(await attempt({ token: async () => "two words" })).toBeInstanceOf(ConfigError);
  });

  it.each([
    ["apiVersion", "2024-04-01"],
    ["retry", { maxAttempts: 0 }],
    ["retry", { maxAttempts: 1.5 }],
    ["retry", { baseDelayMs: -1 }],
    ["retry", { maxDelayMs: Number.POSITIVE_INFINITY }],
    ["retry", true],
    ["timeoutMs", 0],
    ["timeoutMs", -5],
    ["timeoutMs", Number.NaN],
    // Beyond setTimeout's range a timer fires at once: every attempt would time out, every wait would vanish.
    ["timeoutMs", 3e9],
    ["retry", { maxDelayMs: 3e9 }],
    ["maxRequestsPerSecond", 0],
    ["fetch", "fetch"],
    ["onRetry", {}],
  ])("refuses %s = %p", async (key, value) => {
    expect(await attempt({ [key]: value })).toBeInstanceOf(ConfigError);
  });

  it("refuses a bad per-call retry or timeout before any request", async () => {
    const s = scripted(json(200, page([])));
    const amperity = createAmperityClient({ tenant: "acme", token: TOKEN, fetch: s.fetch });
    await expect(amperity.profiles.list("idx-1", {}, { timeoutMs: -1 })).rejects.toBeInstanceOf(ConfigError);
    await expect(amperity.profiles.list("idx-1", {}, { retry: { maxAttempts: 0 } })).rejects.toBeInstanceOf(ConfigError);
    expect(s.requests).toHaveLength(0);
  });
});
