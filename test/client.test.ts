import * as api from "../src/index.js";
import { createAmperityClient } from "../src/index.js";
import { TOKEN, clientWith, json, page, scripted } from "./client-harness.js";

describe("createAmperityClient: requests", () => {
  it("exports the public API", () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        "AmperityError",
        "ApiError",
        "AuthenticationError",
        "BadRequestError",
        "ConfigError",
        "CredentialsRefusedError",
        "NetworkError",
        "NotFoundError",
        "PaginationLoopError",
        "PermissionDeniedError",
        "RateLimitError",
        "RedirectError",
        "ResponseShapeError",
        "ResponseTooLargeError",
        "ResponseValidationError",
        "ServerError",
        "TimeoutError",
        "RequestBudgetError",
        "createAmperityClient",
        "createRequestBudget",
        "responseOf",
      ].sort(),
    );
  });

  it("DOC-21, DOC-26: sends the bearer token, the tenant and api-version 2025-07-31 on every request", async () => {
    const s = scripted(json(200, page(["a"])), json(200, { id: "idx-1", name: "x" }));
    const amperity = clientWith(s);
    await amperity.profiles.list("idx-1");
    await amperity.indexes.get("idx-1");
    for (const request of s.requests) {
      expect(request.method).toBe("GET");
      expect(request.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
      expect(request.headers.get("amperity-tenant")).toBe("acme");
      expect(request.headers.get("api-version")).toBe("2025-07-31");
    }
  });

  it("DOC-21: calls a token function before each request, so a refreshed token is used", async () => {
    const s = scripted(json(200, page([])));
    let n = 0;
    const amperity = clientWith(s, { token: () => `tok-refreshed-${++n}` });
    await amperity.profiles.list("idx-1");
    await amperity.profiles.list("idx-1");
    expect(s.requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer tok-refreshed-1", "Bearer tok-refreshed-2"]);
  });

  it("DOC-09: builds the query from typed parameters with their wire names", async () => {
    const s = scripted(json(200, page([])));
    await clientWith(s).profiles.list("idx-xyz789", { limit: 100, next_token: "ABCd1", with_total: true });
    const url = new URL(s.requests[0]!.url);
    expect(url.origin + url.pathname).toBe("https://app.amperity.com/api/indexes/idx-xyz789/profiles");
    expect([...url.searchParams]).toEqual([
      ["limit", "100"],
      ["next_token", "ABCd1"],
      ["with_total", "true"],
    ]);
  });

  it("DOC-18: never sends the deprecated api_version query parameter", async () => {
    const s = scripted(json(200, page([])));
    const query = { limit: 5, api_version: "2025-07-31" } as { limit: number };
    await clientWith(s).profiles.list("idx-1", query);
    await clientWith(s).indexes.list();
    for (const request of s.requests) expect(new URL(request.url).searchParams.has("api_version")).toBe(false);
  });

  it("DOC-17: never sends an empty next_token", async () => {
    const s = scripted(json(200, page([])));
    await clientWith(s).profiles.list("idx-1", { next_token: "" });
    await clientWith(s).indexes.list({ next_token: "" });
    for (const request of s.requests) expect(new URL(request.url).search).toBe("");
  });

  it("sends nothing the server did not ask for on a bare call", async () => {
    const s = scripted(json(200, page([])));
    await clientWith(s).indexes.list();
    expect(s.urls()).toEqual(["https://app.amperity.com/api/indexes"]);
  });

  it.each([
    ["a/b", "a%2Fb"],
    ["../admin", "..%2Fadmin"],
    ["x?limit=1", "x%3Flimit%3D1"],
    ["x#frag", "x%23frag"],
    ["with space", "with%20space"],
    ["%2e%2e", "%252e%252e"],
  ])("DOC-20: percent-encodes the index id %j so it stays one path segment", async (id, encoded) => {
    const s = scripted(json(200, page([])), json(200, { id: "p", index_id: id }));
    const amperity = clientWith(s);
    await amperity.profiles.list(id);
    await amperity.profiles.get(id, id);
    const [list, get] = s.requests.map((r) => new URL(r.url));
    expect(list!.pathname).toBe(`/api/indexes/${encoded}/profiles`);
    expect(list!.search).toBe("");
    expect(list!.hash).toBe("");
    expect(get!.pathname).toBe(`/api/indexes/${encoded}/profiles/${encoded}`);
  });

  it.each(["", ".", ".."])("DOC-20: refuses the path parameter %j, which a URL parser would collapse", async (id) => {
    const s = scripted(json(200, page([])));
    const amperity = clientWith(s);
    await expect(amperity.profiles.list(id)).rejects.toBeInstanceOf(api.ConfigError);
    await expect(amperity.indexes.get(id)).rejects.toBeInstanceOf(api.ConfigError);
    await expect(amperity.profiles.get("idx-1", id)).rejects.toBeInstanceOf(api.ConfigError);
    expect(s.requests).toHaveLength(0);
  });

  it.each([0, -1, 1.5, Number.NaN, "10"])("DOC-15: refuses limit %p before any request", async (limit) => {
    const s = scripted(json(200, page([])));
    const amperity = clientWith(s);
    await expect(amperity.profiles.list("idx-1", { limit: limit as number })).rejects.toBeInstanceOf(api.ConfigError);
    await expect(amperity.indexes.list({ limit: limit as number })).rejects.toBeInstanceOf(api.ConfigError);
    expect(s.requests).toHaveLength(0);
  });

  it("refuses an unknown query parameter instead of sending or dropping it", async () => {
    const s = scripted(json(200, page([])));
    const query = { with_totals: true } as object;
    await expect(clientWith(s).profiles.list("idx-1", query)).rejects.toBeInstanceOf(api.ConfigError);
    await expect(clientWith(s).indexes.list({ filter: { a: "b" } } as object)).rejects.toBeInstanceOf(api.ConfigError);
    expect(s.requests).toHaveLength(0);
  });
});

describe("createAmperityClient: the four operations", () => {
  it("profiles.list returns the page as typed data", async () => {
    const s = scripted(json(200, page(["cl-1", "cl-2"], "ABC", { total: 3 })));
    const result = await clientWith(s).profiles.list("idx-1", { with_total: true });
    expect(result.data.map((p) => p.id)).toEqual(["cl-1", "cl-2"]);
    expect(result.next_token).toBe("ABC");
    expect(result.total).toBe(3);
  });

  it("profiles.get requests /indexes/{indexId}/profiles/{profileId}", async () => {
    const s = scripted(json(200, { id: "cl-abc123", index_id: "idx-1", attributes: { email: "a@example.com" } }));
    const profile = await clientWith(s).profiles.get("idx-1", "cl-abc123");
    expect(profile.attributes?.email).toBe("a@example.com");
    expect(s.urls()).toEqual(["https://app.amperity.com/api/indexes/idx-1/profiles/cl-abc123"]);
  });

  it("indexes.list and indexes.get request /indexes and /indexes/{indexId}", async () => {
    const s = scripted(json(200, { data: [{ id: "idx-1", name: "Unified" }] }), json(200, { id: "idx-1", name: "Unified" }));
    const amperity = clientWith(s);
    expect((await amperity.indexes.list({ limit: 10 })).data[0]?.name).toBe("Unified");
    expect((await amperity.indexes.get("idx-1")).name).toBe("Unified");
    expect(s.urls()).toEqual(["https://app.amperity.com/api/indexes?limit=10", "https://app.amperity.com/api/indexes/idx-1"]);
  });

  it("raw is the openapi-fetch client, with the same headers and no header parameters to pass", async () => {
    const s = scripted(json(200, { id: "idx-1", name: "Unified" }));
    const { data } = await clientWith(s).raw.GET("/indexes/{indexId}", { params: { path: { indexId: "idx-1" } } });
    expect(data?.name).toBe("Unified");
    expect(s.requests[0]!.headers.get("amperity-tenant")).toBe("acme");
  });

  it("middleware added to raw also sees the client's own calls and may replace their Request", async () => {
    const s = scripted(json(200, page(["a"])));
    const amperity = clientWith(s);
    const seen: string[] = [];
    amperity.raw.use({
      onRequest: ({ request }) => {
        seen.push(request.url);
        return new Request(request, { headers: { "x-extra": "1" } });
      },
    });
    expect((await amperity.profiles.list("idx-1")).data).toHaveLength(1);
    expect(seen).toEqual(["https://app.amperity.com/api/indexes/idx-1/profiles"]);
    expect(s.requests[0]!.headers.get("x-extra")).toBe("1");
    expect(s.requests[0]!.headers.get("amperity-tenant")).toBe("acme");
  });

  it("uses globalThis.fetch when no fetch is given", async () => {
    const original = globalThis.fetch;
    const s = scripted(json(200, page([])));
    globalThis.fetch = s.fetch as typeof fetch;
    try {
      await createAmperityClient({ tenant: "acme", token: TOKEN }).profiles.list("idx-1");
    } finally {
      globalThis.fetch = original;
    }
    expect(s.requests).toHaveLength(1);
  });
});

describe("the client's own calls past openapi-fetch", () => {
  const ids = ["idx-1", "a/b?c#d e", "ünï cödé", "$&$'$`", "%2F..%2e", "{indexId}", "cl-💡"];
  const queries = [{}, { limit: 5, with_total: true }, { next_token: "t/+=?&#", filter: { given_name: "Ann & Bob", surname: "O'Neil" } }];

  /** The URLs one client sends for every call, with or without a middleware (which routes calls through openapi-fetch). */
  async function urls(withMiddleware: boolean): Promise<string[]> {
    const s = scripted((request) => json(200, request.url.includes("/profiles/") ? { id: "cl-1", index_id: "idx-1" } : request.url.endsWith("/indexes") || request.url.includes("/indexes?") ? { data: [] } : request.url.includes("/profiles") ? page([]) : { id: "idx-1", name: "n" }));
    const amperity = clientWith(s, { headers: { "x-team": "growth" } });
    if (withMiddleware) amperity.raw.use({ onRequest: () => undefined });
    for (const id of ids) {
      for (const query of queries) await amperity.profiles.list(id, query);
      await amperity.profiles.get(id, id);
      await amperity.indexes.get(id);
    }
    await amperity.indexes.list({ limit: 2, next_token: "n 1" });
    expect(s.requests.every((r) => r.headers.get("x-team") === "growth")).toBe(true);
    return s.urls();
  }

  it("send the URL openapi-fetch builds, path parameters and queries alike", async () => {
    const direct = await urls(false);
    expect(direct).toEqual(await urls(true));
    expect(direct).toContain("https://app.amperity.com/api/indexes/a%2Fb%3Fc%23d%20e/profiles/a%2Fb%3Fc%23d%20e");
  });
});
