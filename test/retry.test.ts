import { ApiError, NetworkError, RateLimitError, TimeoutError, createAmperityClient } from "../src/index.js";
import { defaultRetry, parseRetryAfter, retryDelay, type Outcome } from "../src/client/retry.js";
import { caught, clientWith, json, page, scripted, withHooks } from "./client-harness.js";

const ok = () => json(200, page(["a"]));
const status = (s: number, headers: Record<string, string> = {}) => json(s, { status: s, message: `status ${s}` }, headers);
const hang = (request: Request) =>
  new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true }));

describe("retryDelay (the pure decision)", () => {
  const at = (outcome: Outcome, attempt: number, random = 0.5, now = 0) => retryDelay(outcome, attempt, defaultRetry, () => random, now);

  it.each([429, 500, 502, 503, 504])("retries status %i", (s) => {
    expect(at({ kind: "status", status: s }, 1)).toBe(125);
  });

  it.each([400, 401, 403, 404, 405, 409, 501])("does not retry status %i", (s) => {
    expect(at({ kind: "status", status: s }, 1)).toBeUndefined();
  });

  it.each(["network", "timeout", "cut-off"] as const)("retries a %s outcome", (kind) => {
    expect(at({ kind }, 1)).toBe(125);
  });

  it("stops when no attempt is left", () => {
    expect(at({ kind: "network" }, defaultRetry.maxAttempts)).toBeUndefined();
  });

  it("backs off exponentially with full jitter under the cap", () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelay({ kind: "network" }, n, { maxAttempts: 10, baseDelayMs: 250, maxDelayMs: 20_000 }, () => 0.999999, 0));
    expect(ceilings.map((d) => Math.ceil(d! / 10) * 10)).toEqual([250, 500, 1000, 2000, 4000, 8000, 16000, 20000, 20000]);
    expect(at({ kind: "network" }, 3, 0)).toBe(0);
  });

  it("DOC-16: honours Retry-After in seconds", () => {
    expect(at({ kind: "status", status: 429, retryAfter: "3" }, 1)).toBe(3000);
  });

  it("DOC-16: honours Retry-After as an HTTP date", () => {
    const now = Date.UTC(2025, 6, 31, 12, 0, 0);
    expect(at({ kind: "status", status: 503, retryAfter: new Date(now + 7000).toUTCString() }, 1, 0.5, now)).toBe(7000);
    // A date in the past leaves the backoff in place (test/retry-after-zero.test.ts).
    expect(at({ kind: "status", status: 503, retryAfter: new Date(now - 7000).toUTCString() }, 1, 0.5, now)).toBe(125);
  });

  it("DOC-16: stops instead of waiting past the cap when Retry-After exceeds maxDelayMs", () => {
    expect(at({ kind: "status", status: 429, retryAfter: "3600" }, 1)).toBeUndefined();
  });

  it("DOC-16: falls back to backoff on an unreadable Retry-After", () => {
    expect(at({ kind: "status", status: 429, retryAfter: "soon" }, 1)).toBe(125);
    expect(parseRetryAfter("-1", 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});

describe("retries through the client", () => {
  it.each([429, 500, 502, 503, 504])("retries HTTP %i with backoff, then returns the page", async (s) => {
    const script = scripted(status(s), status(s), ok());
    const result = await clientWith(script).profiles.list("idx-1");
    expect(result.data).toHaveLength(1);
    expect(script.requests).toHaveLength(3);
    expect(script.sleeps).toEqual([125, 250]);
  });

  it.each([400, 401, 403, 404])("does not retry HTTP %i", async (s) => {
    const script = scripted(status(s), ok());
    const error = await caught(clientWith(script).profiles.list("idx-1"));
    expect(error).toMatchObject({ status: s, attempts: 1 });
    expect(script.requests).toHaveLength(1);
  });

  it("gives up after maxAttempts and reports the attempt count", async () => {
    const script = scripted(status(503));
    const error = await caught(clientWith(script).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, attempts: 4 });
    expect(script.requests).toHaveLength(4);
  });

  it("DOC-16: waits Retry-After seconds before retrying a 429", async () => {
    const script = scripted(status(429, { "retry-after": "2" }), ok());
    await clientWith(script).profiles.list("idx-1");
    expect(script.sleeps).toEqual([2000]);
  });

  it("DOC-16: waits until a Retry-After HTTP date before retrying a 503", async () => {
    const now = Date.UTC(2025, 6, 31, 12, 0, 0);
    const script = scripted(status(503, { "retry-after": new Date(now + 5000).toUTCString() }), ok());
    await clientWith(script, { now: () => now }).profiles.list("idx-1");
    expect(script.sleeps).toEqual([5000]);
  });

  it("DOC-16: a final 429 carries retryAfterMs and the attempt count", async () => {
    const script = scripted(status(429, { "retry-after": "1" }));
    const error = await caught(clientWith(script, { retry: { maxAttempts: 2 } }).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ attempts: 2, retryAfterMs: 1000 });
  });

  it.each(["ECONNRESET", "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"])("retries the network error %s", async (code) => {
    const failure = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });
    const script = scripted(failure, ok());
    await clientWith(script).profiles.list("idx-1");
    expect(script.requests).toHaveLength(2);
  });

  it("a final network error is a NetworkError with the attempt count and the cause", async () => {
    const failure = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }) });
    const error = await caught(clientWith(scripted(failure), { retry: { maxAttempts: 3 } }).indexes.list());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ attempts: 3 });
    expect(error.cause).toBe(failure);
  });

  it.each([
    ["truncated JSON", '{"data":[{"id":"a"}'],
    ["an empty body", ""],
    ["HTML", "<html></html>"],
  ])("retries a 2xx with %s (a cut-off body)", async (_, body) => {
    const script = scripted(new Response(body, { status: 200 }), ok());
    const result = await clientWith(script).profiles.list("idx-1");
    expect(result.data).toHaveLength(1);
    expect(script.requests).toHaveLength(2);
  });

  it("a cut-off body on every attempt is a NetworkError", async () => {
    const script = scripted(new Response('{"data":[', { status: 200 }));
    const error = await caught(clientWith(script, { retry: { maxAttempts: 2 } }).profiles.get("idx-1", "cl-1"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ attempts: 2 });
  });

  it("gives each attempt its own timeout: a hung attempt times out and the next one succeeds", async () => {
    const script = scripted(hang, ok());
    const result = await clientWith(script, { timeoutMs: 10 }).profiles.list("idx-1");
    expect(result.data).toHaveLength(1);
    expect(script.requests[0]!.signal.aborted).toBe(true);
    expect(script.requests[1]!.signal.aborted).toBe(false);
  });

  it("a timeout on every attempt is a TimeoutError with the attempt count", async () => {
    const script = scripted(hang);
    const error = await caught(clientWith(script, { timeoutMs: 5, retry: { maxAttempts: 2 } }).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 2, timeoutMs: 5 });
  });

  it("a per-call timeoutMs overrides the client's", async () => {
    const script = scripted(hang);
    const amperity = clientWith(script, { timeoutMs: 60_000, retry: false });
    expect(await caught(amperity.profiles.list("idx-1", {}, { timeoutMs: 5 }))).toMatchObject({ name: "TimeoutError", timeoutMs: 5 });
  });

  it("a per-call retry overrides the client's, both ways", async () => {
    const off = scripted(status(503));
    await caught(clientWith(off).profiles.list("idx-1", {}, { retry: false }));
    expect(off.requests).toHaveLength(1);
    const on = scripted(status(503));
    await caught(clientWith(on, { retry: false }).profiles.list("idx-1", {}, { retry: { maxAttempts: 3 } }));
    expect(on.requests).toHaveLength(3);
  });

  it("the caller's signal aborts an in-flight attempt without retrying and without a TimeoutError", async () => {
    const controller = new AbortController();
    const script = scripted((request) => {
      queueMicrotask(() => controller.abort());
      return hang(request);
    });
    const error = await caught(clientWith(script).profiles.list("idx-1", {}, { signal: controller.signal }));
    expect(error).toMatchObject({ name: "AbortError" });
    expect(script.requests).toHaveLength(1);
  });

  it("the caller's signal aborts the wait before a retry", async () => {
    const controller = new AbortController();
    const script = scripted(status(503));
    const sleep = async (_ms: number, signal?: AbortSignal) => {
      controller.abort();
      signal?.throwIfAborted();
    };
    const error = await caught(clientWith(script, { sleep }).profiles.list("idx-1", {}, { signal: controller.signal }));
    expect(error).toMatchObject({ name: "AbortError" });
    expect(script.requests).toHaveLength(1);
  });

  it("the default sleep waits, then retries", async () => {
    const script = scripted(status(503), ok());
    const amperity = createAmperityClient({ tenant: "acme", token: "tok-default-sleep", fetch: script.fetch, retry: { baseDelayMs: 2 } });
    expect((await amperity.profiles.list("idx-1")).data).toHaveLength(1);
    expect(script.requests).toHaveLength(2);
  });

  it("the default sleep stops waiting as soon as the caller aborts", async () => {
    const controller = new AbortController();
    const script = scripted(status(503));
    const amperity = createAmperityClient({
      tenant: "acme",
      token: "tok-default-sleep",
      fetch: script.fetch,
      retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 },
      ...withHooks({ random: () => 0.99 }),
      onRetry: () => setImmediate(() => controller.abort()),
    });
    expect(await caught(amperity.profiles.list("idx-1", {}, { signal: controller.signal }))).toMatchObject({ name: "AbortError" });
    expect(script.requests).toHaveLength(1);
  });

  it("reports each retry to onRetry", async () => {
    const events: unknown[] = [];
    const failure = new TypeError("fetch failed");
    const script = scripted(status(502), failure, ok());
    await clientWith(script, { onRetry: (e) => events.push(e) }).profiles.list("idx-1");
    expect(events).toEqual([
      { attempt: 1, delayMs: 125, reason: "HTTP 502", status: 502 },
      { attempt: 2, delayMs: 250, reason: "network" },
    ]);
  });

  it("asks a token function again for each attempt", async () => {
    let n = 0;
    const script = scripted(status(500), ok());
    await clientWith(script, { token: () => `tok-attempt-${++n}` }).profiles.list("idx-1");
    expect(script.requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer tok-attempt-1", "Bearer tok-attempt-2"]);
  });
});

describe("maxRequestsPerSecond", () => {
  it("DOC-16: spaces requests, attempts included, on the injected clock", async () => {
    let clock = 1_000;
    const script = scripted(status(503), ok());
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    };
    const amperity = clientWith(script, { maxRequestsPerSecond: 10, now: () => clock, sleep, random: () => 0 });
    await amperity.profiles.list("idx-1");
    await amperity.profiles.list("idx-1");
    // first request free; the retry (backoff 0) waits for its slot; the next call waits for the one after.
    expect(sleeps).toEqual([0, 100, 100]);
    expect(script.requests).toHaveLength(3);
  });
});
