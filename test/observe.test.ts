// The logger and hooks options (issue 22): what a service sees of each attempt, never a secret, and never a
// failure of its own logger or hooks turned into a failure of the request.
import { registerSecret, clearSecrets } from "../src/edges/secrets/index.js";
import { ServerError, type Logger, type RequestEvent, type ResponseEvent } from "../src/index.js";
import { TOKEN, caught, clientWith, json, page, scripted } from "./client-harness.js";

/** A logger that records every call as `level: message`, with the fields beside. */
function recordingLogger() {
  const lines: string[] = [];
  const fields: Record<string, unknown>[] = [];
  const at = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    lines.push(`${level}: ${message}`);
    if (extra) fields.push(extra);
  };
  const logger: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { logger, lines, fields };
}

afterEach(() => clearSecrets());

describe("logger", () => {
  it("is off by default: nothing reaches the console", async () => {
    const spies = (["debug", "info", "warn", "error", "log"] as const).map((method) => jest.spyOn(console, method).mockImplementation(() => undefined));
    try {
      const s = scripted(json(503, { message: "busy" }), json(200, page(["a"])));
      await clientWith(s).profiles.list("idx-1");
      await caught(clientWith(scripted(json(404, { message: "no" }))).indexes.get("idx-1"));
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("at debug: each attempt, its status, duration and request id; the retry at info; the failure at error", async () => {
    const { logger, lines, fields } = recordingLogger();
    const s = scripted(json(503, { message: "busy" }, { "x-request-id": "req-1" }), json(200, page(["a"]), { "x-request-id": "req-2" }));
    await clientWith(s, { logger, logLevel: "debug" }).profiles.list("idx-1", { limit: 5 });
    expect(lines.map((line) => line.replace(/ in [\d.]+ ms \(/, " in N ms ("))).toEqual([
      "debug: listProfiles GET https://app.amperity.com/api/indexes/idx-1/profiles?limit=5 (attempt 1)",
      "debug: listProfiles 503 in N ms (attempt 1, request id req-1)",
      "info: retrying after HTTP 503 (attempt 1 failed; next in 125 ms)",
      "debug: listProfiles GET https://app.amperity.com/api/indexes/idx-1/profiles?limit=5 (attempt 2)",
      "debug: listProfiles 200 in N ms (attempt 2, request id req-2)",
    ]);
    expect(fields[1]).toMatchObject({ operation: "listProfiles", status: 503, outcome: "status", attempt: 1, requestId: "req-1" });
    expect(fields[1]!["durationMs"]).toEqual(expect.any(Number));

    lines.length = 0;
    const failed = clientWith(scripted(json(404, { message: "Index not found.", request_id: "req-404" })), { logger, logLevel: "error" });
    await caught(failed.indexes.get("idx-x"));
    expect(lines).toEqual(["error: getIndex failed: getIndex: HTTP 404: Index not found."]);
    expect(fields.at(-1)).toEqual({ name: "NotFoundError", operation: "getIndex", status: 404, requestId: "req-404", attempts: 1 });
  });

  it("logs at warn and above when given no level", async () => {
    const { logger, lines } = recordingLogger();
    await clientWith(scripted(json(503, {}), json(200, page(["a"]))), { logger }).profiles.list("idx-1");
    expect(lines).toEqual([]);
  });

  it("attack: a server echoing the token in x-request-id and in its error message gets no secret into the log or a hook", async () => {
    // Registered where it enters the process (the secrets edge's registry); logger and hooks get only scrubbed text.
    registerSecret(TOKEN, "token");
    const { logger, lines, fields } = recordingLogger();
    const events: ResponseEvent[] = [];
    const s = scripted(
      json(503, { message: `token ${TOKEN} is slow` }, { "x-request-id": `rid-${TOKEN}` }),
      json(200, page(["a"]), { "x-request-id": `ok-${TOKEN}` }),
    );
    const hooks = { response: (event: ResponseEvent) => void events.push(event) };
    await clientWith(s, { logger, logLevel: "debug", retry: { maxAttempts: 2 }, hooks }).profiles.list("idx-1");
    await caught(clientWith(scripted(json(401, { message: `refused ${TOKEN}` })), { logger, logLevel: "debug" }).profiles.list("idx-1"));
    expect(events.map((event) => event.requestId)).toEqual(["rid-[redacted]", "ok-[redacted]"]);
    const everything = JSON.stringify([lines, fields, events]);
    expect(everything).toContain("ok-[redacted]");
    expect(everything).toContain("refused [redacted]");
    expect(everything).not.toContain(TOKEN);
  });

  it("a logger that throws does not fail the request", async () => {
    const broken: Logger = { debug: () => { throw new Error("disk full"); }, info: () => undefined, warn: () => undefined, error: () => undefined };
    const result = await clientWith(scripted(json(200, page(["a"]))), { logger: broken, logLevel: "debug" }).profiles.list("idx-1");
    expect(result.data).toHaveLength(1);
  });
});

describe("hooks", () => {
  it("see every attempt: operation, method, URL, attempt; then status, outcome, duration, request id", async () => {
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    const s = scripted(new Response(null, { status: 502, headers: { "x-request-id": "req-a" } }), json(200, { id: "cl-1", index_id: "idx-1" }, { "x-request-id": "req-b" }));
    const amperity = clientWith(s, { hooks: { request: (event) => void requests.push(event), response: (event) => void responses.push(event) } });
    await amperity.profiles.get("idx-1", "cl-1");
    const url = "https://app.amperity.com/api/indexes/idx-1/profiles/cl-1";
    expect(requests).toEqual([
      { operation: "getProfile", method: "GET", url, attempt: 1 },
      { operation: "getProfile", method: "GET", url, attempt: 2 },
    ]);
    expect(responses).toEqual([
      { operation: "getProfile", method: "GET", url, attempt: 1, status: 502, outcome: "status", requestId: "req-a", durationMs: expect.any(Number) },
      { operation: "getProfile", method: "GET", url, attempt: 2, status: 200, outcome: "ok", requestId: "req-b", durationMs: expect.any(Number) },
    ]);
    expect(responses.every((event) => event.durationMs >= 0)).toBe(true);
  });

  it("regression: the request hook fires when the attempt leaves, after its slot of maxRequestsPerSecond, so hooks count the rate the server sees", async () => {
    // A virtual clock: each wait ends in time order, one per turn of the event loop, and moves the clock to its end.
    let now = 0;
    const waiting: { at: number; wake: () => void }[] = [];
    const sleep = (ms: number) =>
      new Promise<void>((wake) => {
        waiting.push({ at: now + ms, wake });
        setImmediate(() => {
          waiting.sort((a, b) => a.at - b.at);
          const next = waiting.shift()!;
          now = next.at;
          next.wake();
        });
      });
    const sent: number[] = [];
    const s = scripted(json(200, page(["a"])));
    const amperity = clientWith(s, { maxRequestsPerSecond: 10, now: () => now, sleep, hooks: { request: () => void sent.push(now) } });
    await Promise.all([amperity.profiles.list("idx-1"), amperity.profiles.list("idx-1"), amperity.profiles.list("idx-1")]);
    // Three calls at once leave 100 ms apart; a hook fired before the wait would show them all at 0.
    expect(sent).toEqual([0, 100, 200]);
  });

  it("see the raw client's requests and attempts that got no response", async () => {
    const responses: ResponseEvent[] = [];
    const s = scripted(new TypeError("fetch failed"), json(200, { data: [] }));
    const amperity = clientWith(s, { hooks: { response: (event) => void responses.push(event) } });
    await amperity.raw.GET("/indexes");
    expect(responses.map(({ operation, status, outcome }) => ({ operation, status, outcome }))).toEqual([
      { operation: "listIndexes", status: undefined, outcome: "network" },
      { operation: "listIndexes", status: 200, outcome: "ok" },
    ]);
  });

  it("regression: a hook that throws or rejects does not fail the request; it is logged at warn", async () => {
    const warnings: string[] = [];
    const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (message) => void warnings.push(message), error: () => undefined };
    const s = scripted(json(200, page(["a"])));
    const amperity = clientWith(s, {
      logger,
      hooks: {
        request: () => {
          throw new Error("metrics backend down");
        },
        response: async () => Promise.reject(new Error("tracer closed")),
      },
    });
    const result = await amperity.profiles.list("idx-1");
    expect(result.data).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([
      "the request hook failed; the request goes on: metrics backend down",
      "the response hook failed; the request goes on: tracer closed",
    ]);
  });

  it("the failure still reaches the caller as the client's own error when a hook throws", async () => {
    const amperity = clientWith(scripted(json(503, {})), {
      retry: false,
      hooks: {
        response: () => {
          throw new Error("hook bug");
        },
      },
    });
    expect(await caught(amperity.indexes.list())).toBeInstanceOf(ServerError);
  });
});
