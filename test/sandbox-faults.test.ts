/**
 * The sandbox's failure modes: injected faults (each kind, reproducibly from a fault seed), the rate limit with
 * Retry-After (on an injected clock, so no wall-clock timing is involved), latency and shutdown. Raw node:http
 * is used where fetch would hide what happened on the wire (a reset, a body shorter than its Content-Length).
 */
import { request } from "node:http";
import { createServer } from "node:net";
import { errorBody, listIndexes } from "../generated/validators.js";
import { faultKinds, startSandbox, type Sandbox } from "../src/sandbox/index.js";

interface Outcome {
  kind: string;
  status?: number;
  retryAfter?: string;
  body?: string;
}

const headersOf = (sb: Sandbox) => ({ authorization: `Bearer ${sb.token}`, "amperity-tenant": sb.tenant, "api-version": "2025-07-31" });

/** One request on a fresh connection, classified by what arrived: a full response, a cut-off one, or a reset. */
function probe(sb: Sandbox, path = "/indexes"): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(`${sb.url}${path}`, { headers: headersOf(sb), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        expect(Buffer.byteLength(body)).toBe(Number(res.headers["content-length"]));
        resolve({ kind: String(res.statusCode), status: res.statusCode!, retryAfter: res.headers["retry-after"] as string, body });
      });
      res.on("aborted", () => {
        const received = Buffer.concat(chunks);
        expect(received.length).toBeLessThan(Number(res.headers["content-length"]));
        expect(() => JSON.parse(received.toString())).toThrow();
        resolve({ kind: res.statusCode === 200 ? "truncate" : `cut ${res.statusCode}` });
      });
    });
    req.on("error", () => resolve({ kind: "reset" }));
    req.end();
  });
}

async function probeMany(sb: Sandbox, count: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < count; i++) outcomes.push(await probe(sb));
  return outcomes;
}

describe("fault injection", () => {
  let sandboxes: Sandbox[] = [];
  const start = async (options: Parameters<typeof startSandbox>[0]) => {
    const sb = await startSandbox(options);
    sandboxes.push(sb);
    return sb;
  };
  afterEach(async () => {
    await Promise.all(sandboxes.map((sb) => sb.close()));
    sandboxes = [];
  });

  test("faultRate 1 produces every kind: 500, 503, 429, connection reset and a 200 cut off mid-JSON", async () => {
    const outcomes = await probeMany(await start({ faultRate: 1, faultSeed: "kinds" }), 40);
    expect(new Set(outcomes.map((o) => o.kind))).toEqual(new Set(faultKinds));
    for (const outcome of outcomes.filter((o) => o.body !== undefined)) {
      const body = JSON.parse(outcome.body!);
      expect(errorBody(body)).toBe(true);
      expect(body.status).toBe(outcome.status);
      if (outcome.status !== 500) expect(outcome.retryAfter).toBe("1");
    }
  });

  test("the same fault seed gives the same sequence of faults", async () => {
    const [a, b] = await Promise.all([start({ faultRate: 0.5, faultSeed: "same" }), start({ faultRate: 0.5, faultSeed: "same" })]);
    const first = (await probeMany(a, 30)).map((o) => o.kind);
    expect((await probeMany(b, 30)).map((o) => o.kind)).toEqual(first);
    expect(first).toContain("200");
    expect(first.some((kind) => kind !== "200")).toBe(true);
  });

  test("faultRate 0 (the default) never injects a fault", async () => {
    const outcomes = await probeMany(await start({}), 30);
    for (const outcome of outcomes) {
      expect(outcome.kind).toBe("200");
      expect(listIndexes(JSON.parse(outcome.body!))).toBe(true);
    }
  });
});

describe("rate limit (DOC-16)", () => {
  let clock = 0;
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: 2, now: () => clock });
  });
  afterAll(() => sb.close());

  test("above the limit a request gets 429 with Retry-After and the Error body, and passes again later", async () => {
    expect((await probe(sb)).status).toBe(200);
    expect((await probe(sb)).status).toBe(200);
    const limited = await probe(sb);
    expect(limited.status).toBe(429);
    expect(limited.retryAfter).toBe("1");
    const body = JSON.parse(limited.body!);
    expect(errorBody(body)).toBe(true);
    expect(body.message).toMatch(/2 requests per second/);
    clock += 500; // half a second refills one request at 2 rps
    expect((await probe(sb)).status).toBe(200);
    expect((await probe(sb)).status).toBe(429);
  });

  test("a limit below one per second asks for a longer wait", async () => {
    const slow = await startSandbox({ rateLimit: 0.25, now: () => 0 });
    try {
      expect((await probe(slow)).status).toBe(200);
      expect((await probe(slow)).retryAfter).toBe("4");
    } finally {
      await slow.close();
    }
  });
});

describe("latency and shutdown", () => {
  test("latencyMs delays responses but they arrive complete", async () => {
    const sb = await startSandbox({ latencyMs: 20 });
    try {
      const outcome = await probe(sb);
      expect(outcome.status).toBe(200);
      expect(listIndexes(JSON.parse(outcome.body!))).toBe(true);
    } finally {
      await sb.close();
    }
  });

  test("close() resolves while responses are still delayed, dropping their connections", async () => {
    const sb = await startSandbox({ latencyMs: 60_000 });
    const pending = probe(sb);
    const fetched = fetch(`${sb.url}/indexes`, { headers: headersOf(sb) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sb.close();
    expect((await pending).kind).toBe("reset");
    await expect(fetched).rejects.toThrow();
  });

  test("close() frees the port", async () => {
    const sb = await startSandbox({});
    await fetch(`${sb.url}/indexes`, { headers: headersOf(sb) });
    const port = Number(new URL(sb.url).port);
    await sb.close();
    await expect(fetch(`${sb.url}/indexes`, { headers: headersOf(sb) })).rejects.toThrow();
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
