import { inspect } from "node:util";
import {
  AmperityError,
  ApiError,
  ConfigError,
  NetworkError,
  RateLimitError,
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
    expect(error).toMatchObject({ status: 404, message: "Index not found.", requestId: "req-7f3c2a", traceId: "1-67a0c3f2", attempts: 1 });
    expect(error.body).toEqual(errorBody);
  });

  it.each([500, 503, 404])("DOC-12: maps an empty-body %i to ApiError", async (status) => {
    const s = scripted(new Response(null, { status }));
    const error = await caught(clientWith(s, { retry: false }).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, body: undefined, requestId: undefined });
    expect(error.message).toBe(`HTTP ${status} with an empty body`);
  });

  it("DOC-12: maps an empty-body 5xx with Content-Length: 0 to ApiError", async () => {
    const s = scripted(new Response("", { status: 502, headers: { "content-length": "0" } }));
    expect(await caught(clientWith(s, { retry: false }).indexes.list())).toMatchObject({ name: "ApiError", status: 502 });
  });

  it("DOC-12: keeps a non-JSON error body as text", async () => {
    const s = scripted(new Response("<html>Bad Gateway</html>", { status: 502 }));
    const error = await caught(clientWith(s, { retry: false }).indexes.list());
    expect(error).toMatchObject({ status: 502, body: "<html>Bad Gateway</html>", message: "HTTP 502" });
  });

  it.each([
    [400, "Unsupported API version."],
    [401, "Unsupported API version."],
  ])("DOC-23: maps %i for an unsupported API version to ApiError with the server's message", async (status, message) => {
    const s = scripted(json(status, { status, message }));
    const error = await caught(clientWith(s).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status, message, attempts: 1 });
  });

  it("DOC-16: maps 429 to RateLimitError with retryAfterMs", async () => {
    const s = scripted(json(429, { status: 429, message: "Too many requests." }, { "retry-after": "30" }));
    const error = await caught(clientWith(s, { retry: false }).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 30_000, message: "Too many requests." });
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
