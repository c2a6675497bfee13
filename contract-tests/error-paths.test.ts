// The sandbox's error paths behind Prism's validating proxy: its rate limit's 429 and its injected 500, 503 and 429
// must conform to the spec like its 200s (status declared, Error body, Retry-After as the spec spells it), the delay
// a client waits must be the one Retry-After asks for, and the request id the sandbox sends must be what the client
// reports (DOC-16, DOC-36).
import { apiVersions } from "../generated/constraints.js";
import { ApiError, RateLimitError, createAmperityClient, responseOf } from "../src/index.js";
import { createFaultPicker } from "../src/sandbox/faults.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { startPassthrough, type Passthrough } from "./support/passthrough.js";
import { startPrism, type PrismServer } from "./support/prism.js";
import { proxyFindings } from "./support/proxy-findings.js";
import { recorder, send, violationsOf, type Exchange } from "./support/recorder.js";

interface Proxied {
  sandbox: Sandbox;
  passthrough: Passthrough;
  prism: PrismServer;
}

async function behindProxy(options: Parameters<typeof startSandbox>[0]): Promise<Proxied> {
  const sandbox = await startSandbox({ profiles: 12, indexes: 1, seed: "error-paths", ...options });
  const passthrough = await startPassthrough(sandbox.url);
  const prism = await startPrism({ kind: "proxy", upstream: passthrough.url, errors: true });
  return { sandbox, passthrough, prism };
}

async function stop(p: Proxied | undefined): Promise<void> {
  await p?.prism.close();
  await p?.passthrough.close();
  await p?.sandbox.close();
}

const headersOf = (s: Sandbox) => ({ authorization: `Bearer ${s.token}`, "api-version": apiVersions[0], "amperity-tenant": s.tenant });
/** What Prism and this suite's checker say about an exchange that went through the proxy. */
const findings = (e: Exchange) => [...proxyFindings(e), ...violationsOf(e).map((v) => `${v.check}: ${v.message}`)];
const retryAfterSeconds = (e: Exchange) => Number(e.headers.get("retry-after"));

let plain: Proxied;
let limited: Proxied;
let faulty: Proxied;
const faultSeed = "contract-error-paths";

beforeAll(async () => {
  plain = await behindProxy({});
  // One request per 5 s with a bucket of one: a request right after another is over the limit, however slow the
  // machine (the proxy's own latency stays far below 5 s).
  limited = await behindProxy({ rateLimit: 0.2 });
  faulty = await behindProxy({ faultRate: 1, faultSeed });
}, 120_000);

afterAll(async () => {
  await stop(plain);
  await stop(limited);
  await stop(faulty);
});

describe("DOC-16: the rate limit's 429 through the validating proxy", () => {
  test("conforms: a declared 429, the Error body, Retry-After in whole seconds", async () => {
    const rec = recorder();
    const url = `${limited.prism.url}/indexes/${limited.sandbox.indexes[0]}/profiles?limit=2`;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await send(rec, url, { headers: headersOf(limited.sandbox) }));
    const limitedAnswers = answers.filter((e) => e.status === 429);
    expect(limitedAnswers.length).toBeGreaterThan(0);
    expect(answers.every((e) => e.status === 200 || e.status === 429)).toBe(true);
    expect(answers.flatMap(findings)).toEqual([]);
    for (const e of limitedAnswers) {
      expect(e.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
      expect(JSON.parse(e.body)).toMatchObject({ status: 429, message: expect.stringContaining("Rate limit") });
    }
  });

  test("Retry-After measured: the client waits exactly what the 429 asks for, then surfaces RateLimitError", async () => {
    const rec = recorder();
    const delays: number[] = [];
    const client = createAmperityClient({
      tenant: limited.sandbox.tenant,
      token: limited.sandbox.token,
      baseUrl: limited.prism.url,
      validateResponses: true,
      fetch: rec.fetch,
      // Backoff below a millisecond (random 0), so the delay is Retry-After's alone; the sleep is recorded, not slept.
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      // The client's test hooks (undocumented, not options): the jitter and the sleep.
      [Symbol.for("amperity-profiles.test-hooks")]: { random: () => 0, sleep: async (ms: number) => void delays.push(ms) },
    });
    // Takes the bucket's one token if it has refilled, so the client's request is over the limit.
    await send(recorder(), `${limited.prism.url}/indexes`, { headers: headersOf(limited.sandbox) });
    const error = await client.indexes.list().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    const tooMany = rec.exchanges.filter((e) => e.status === 429);
    expect(tooMany.length).toBeGreaterThanOrEqual(3);
    // Every wait before a retry is the Retry-After of the 429 it followed, in milliseconds.
    const asked = tooMany.slice(0, delays.length).map((e) => retryAfterSeconds(e) * 1000);
    expect(delays.length).toBeGreaterThanOrEqual(2);
    expect(delays).toEqual(asked);
    expect((error as RateLimitError).retryAfterMs).toBe(retryAfterSeconds(tooMany.at(-1)!) * 1000);
    expect(rec.exchanges.flatMap(findings)).toEqual([]);
  });
});

describe("DOC-16 DOC-22: the sandbox's injected faults through the validating proxy", () => {
  test("each 500, 503 and 429 conforms: declared status, Error body, Retry-After where the spec has one", async () => {
    // The same seed draws the same faults in the same order: the test knows which fault each request meets.
    const expected = createFaultPicker(1, faultSeed);
    const rec = recorder();
    const seen = new Set<string>();
    const wrong: string[] = [];
    for (let i = 0; i < 24 && seen.size < 3; i++) {
      const kind = expected();
      const path = `/indexes/${faulty.sandbox.indexes[0]}`;
      if (kind !== "500" && kind !== "503" && kind !== "429") {
        // A reset or a truncated body is a broken connection, not a response to check: sent around Prism, only to
        // draw the fault (Prism would wait out its own timeout on it).
        await globalThis.fetch(faulty.sandbox.url + path, { headers: headersOf(faulty.sandbox) }).then((r) => r.text()).catch(() => undefined);
        continue;
      }
      const e = await send(rec, faulty.prism.url + path, { headers: headersOf(faulty.sandbox) });
      seen.add(kind);
      if (String(e.status) !== kind) wrong.push(`fault ${kind} answered ${e.status}`);
      wrong.push(...findings(e));
      if (kind !== "500" && !/^\d+$/.test(e.headers.get("retry-after") ?? "")) wrong.push(`${kind} without a Retry-After in seconds`);
      const body = JSON.parse(e.body) as { status?: unknown; request_id?: unknown };
      if (body.status !== e.status) wrong.push(`${kind}: body status ${JSON.stringify(body.status)}`);
    }
    expect([...seen].sort()).toEqual(["429", "500", "503"]);
    expect(wrong).toEqual([]);
  }, 60_000);
});

describe("DOC-36: X-Request-Id through the validating proxy", () => {
  test("the sandbox sends one on a 200 and on an error, the client reports it, the error body names the same request", async () => {
    const rec = recorder();
    const client = createAmperityClient({ tenant: plain.sandbox.tenant, token: plain.sandbox.token, baseUrl: plain.prism.url, validateResponses: true, fetch: rec.fetch, retry: false });
    const index = await client.indexes.get(plain.sandbox.indexes[0]!);
    const ok = rec.exchanges.at(-1)!;
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toMatch(/.+/);
    expect(responseOf(index)?.requestId).toBe(ok.headers.get("x-request-id"));
    const missing = await client.indexes.get("contract-no-such-index").then(() => undefined, (e: unknown) => e);
    const notFound = rec.exchanges.at(-1)!;
    expect(missing).toBeInstanceOf(ApiError);
    expect(notFound.status).toBe(404);
    expect((missing as ApiError).requestId).toBe(notFound.headers.get("x-request-id"));
    expect(rec.exchanges.flatMap(findings)).toEqual([]);
  });
});
