import { inspect } from "node:util";
import {
  AmperityError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigError,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  createAmperityClient,
} from "../src/index.js";
import { TOKEN, caught, clientWith, json, scripted } from "./client-harness.js";

const errorBody = { status: 404, message: "Index not found.", request_id: "req-7f3c2a", trace_id: "1-67a0c3f2" };

describe("errors", () => {
  it("DOC-12: maps a non-2xx JSON error body to ApiError with status, message, requestId and traceId", async () => {
    const s = scripted(json(404, errorBody));
    const error = await caught(clientWith(s).profiles.list("idx-missing"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(AmperityError);
    expect(error).toMatchObject({ status: 404, message: "listProfiles: HTTP 404: Index not found.", requestId: "req-7f3c2a", traceId: "1-67a0c3f2", attempts: 1 });
    expect(error.body).toEqual(errorBody);
  });

  it.each([500, 503, 404])("DOC-12: maps an empty-body %i to ApiError", async (status) => {
    const s = scripted(new Response(null, { status }));
    const error = await caught(clientWith(s, { retry: false }).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, body: undefined, requestId: undefined });
    expect(error.message).toBe(`listProfiles: HTTP ${status} with an empty body`);
  });

  it("DOC-12: maps an empty-body 5xx with Content-Length: 0 to ApiError", async () => {
    const s = scripted(new Response("", { status: 502, headers: { "content-length": "0" } }));
    expect(await caught(clientWith(s, { retry: false }).indexes.list())).toMatchObject({ name: "ServerError", status: 502 });
  });

  it("DOC-12: keeps a non-JSON error body as text", async () => {
    const s = scripted(new Response("<html>Bad Gateway</html>", { status: 502 }));
    const error = await caught(clientWith(s, { retry: false }).indexes.list());
    expect(error).toMatchObject({ status: 502, body: "<html>Bad Gateway</html>", message: "listIndexes: HTTP 502" });
  });

  it.each([
    [400, "Unsupported API version."],
    [401, "Unsupported API version."],
  ])("DOC-23: maps %i for an unsupported API version to ApiError with the server's message", async (status, message) => {
    const s = scripted(json(status, { status, message }));
    const error = await caught(clientWith(s).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status, message: `listProfiles: HTTP ${status}: ${message}`, attempts: 1 });
  });

  it("DOC-16: maps 429 to RateLimitError with retryAfterMs", async () => {
    const s = scripted(json(429, { status: 429, message: "Too many requests." }, { "retry-after": "30" }));
    const error = await caught(clientWith(s, { retry: false }).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 30_000, message: "listProfiles: HTTP 429: Too many requests." });
  });

  describe("DOC-21: the token never appears in an error", () => {
    const leaks = (error: unknown) => {
      const views = [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(Object.entries(error as object))];
      return views.some((view) => view.includes(TOKEN) || view.includes("SECRET"));
    };

    it.each([
      ["an ApiError", () => json(401, { status: 401, message: "Invalid token." })],
      ["an ApiError whose body echoes the token", () => json(401, { status: 401, message: `Invalid token ${TOKEN}.`, token: TOKEN })],
      ["a RateLimitError", () => json(429, { status: 429, message: "Slow down." })],
      ["an empty-body ApiError", () => new Response(null, { status: 500 })],
    ])("in %s", async (_, reply) => {
      const s = scripted(reply);
      const error = await caught(clientWith(s, { retry: false }).profiles.list("idx-1"));
      expect(error).toBeInstanceOf(ApiError);
      expect(leaks(error)).toBe(false);
    });

    it("in a NetworkError whose cause is a failed connection", async () => {
      const s = scripted(Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }));
      const error = await caught(clientWith(s, { retry: false }).profiles.list("idx-1"));
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.message).toMatch(/failed: connection refused/);
      expect(leaks(error)).toBe(false);
    });

    it("in a TimeoutError", async () => {
      const s = scripted((request) => new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))));
      const error = await caught(clientWith(s, { retry: false, timeoutMs: 5 }).profiles.list("idx-1"));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(leaks(error)).toBe(false);
    });

    it("in a ConfigError about the token, even from a token function", async () => {
      const bad = `${TOKEN} with spaces`;
      const s = scripted(json(200, { data: [] }));
      const viaOption = await caught(Promise.resolve().then(() => createAmperityClient({ tenant: "acme", token: bad })));
      const viaFunction = await caught(clientWith(s, { token: () => bad }).profiles.list("idx-1"));
      for (const error of [viaOption, viaFunction]) {
        expect(error).toBeInstanceOf(ConfigError);
        expect(leaks(error)).toBe(false);
      }
    });

    it("in the client object itself", () => {
      const amperity = createAmperityClient({ tenant: "acme", token: TOKEN });
      expect(inspect(amperity, { depth: 5 })).not.toContain(TOKEN);
      expect(JSON.stringify(amperity)).not.toContain(TOKEN);
    });
  });
});

describe("error classes and request ids (issue 22)", () => {
  it.each([
    [400, "BadRequestError"],
    [401, "AuthenticationError"],
    [403, "PermissionDeniedError"],
    [404, "NotFoundError"],
    [429, "RateLimitError"],
    [500, "ServerError"],
    [502, "ServerError"],
    [503, "ServerError"],
    [504, "ServerError"],
    [505, "ServerError"],
    [405, "ApiError"],
    [409, "ApiError"],
  ])("a %i is a %s, and an ApiError", async (status, name) => {
    const s = scripted(json(status, { status, message: "no." }));
    const error = await caught(clientWith(s, { retry: false }).profiles.get("idx-1", "cl-1"));
    const classes: Record<string, unknown> = { BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, RateLimitError, ServerError, ApiError };
    expect(error).toBeInstanceOf(classes[name] as typeof ApiError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.name).toBe(name);
    expect(error.constructor).toBe(classes[name]);
  });

  it("regression: a proxy's 502 without a body lost the request id its x-request-id header carried", async () => {
    const s = scripted(new Response(null, { status: 502, headers: { "x-request-id": "req-proxy-502", via: "1.1 edge" } }));
    const error = await caught(clientWith(s, { retry: false }).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ requestId: "req-proxy-502", message: "listProfiles: HTTP 502 with an empty body", operation: "listProfiles" });
    expect(error.headers).toBeInstanceOf(Headers);
    expect(error.headers.get("via")).toBe("1.1 edge");
  });

  it("regression: an empty 401 lost its x-request-id; the body's request_id still wins over the header", async () => {
    const empty = await caught(clientWith(scripted(new Response(null, { status: 401, headers: { "x-request-id": "req-401" } }))).indexes.get("idx-1"));
    expect(empty).toBeInstanceOf(AuthenticationError);
    expect(empty).toMatchObject({ requestId: "req-401", message: "getIndex: HTTP 401 with an empty body" });
    const both = await caught(clientWith(scripted(json(404, { message: "gone", request_id: "req-body" }, { "x-request-id": "req-header" }))).indexes.get("idx-1"));
    expect(both).toMatchObject({ requestId: "req-body", message: "getIndex: HTTP 404: gone" });
  });

  it("the raw client's errors are typed and name the operation read off the path", async () => {
    const s = scripted(json(404, { message: "Index not found." }));
    const amperity = clientWith(s, { retry: false });
    const error = await caught(amperity.raw.GET("/indexes/{indexId}", { params: { path: { indexId: "idx-9" } } }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ operation: "getIndex", message: "getIndex: HTTP 404: Index not found." });
  });

  it("attack: a server that echoes the token in a response header, and sets a cookie, gets neither onto error.headers", async () => {
    const s = scripted(json(401, { message: "bad token" }, { "x-debug-auth": `Bearer ${TOKEN}`, "set-cookie": "session=abc123" }));
    const error = await caught(clientWith(s).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.headers.get("x-debug-auth")).toBe("Bearer [redacted]");
    expect(error.headers.get("set-cookie")).toBeNull();
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(TOKEN);
  });
});
