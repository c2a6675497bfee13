// Realistic limits on demand: the Profile API's documented 2000 requests per second per tenant (429 above it, with
// no Retry-After, since none is documented) and a latency spread (log-normal, p50 and p95 as asked, deterministic
// with the seed) instead of a constant. The clock is injected; no test here asserts how long anything took.
import { PassThrough } from "node:stream";
import { errorBody } from "../generated/validators.js";
import { run } from "../src/cli/program.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { createLatency } from "../src/sandbox/latency.js";
import { runCli } from "./cli-harness.js";

const headers = (sb: Sandbox) => ({ authorization: `Bearer ${sb.token}`, "amperity-tenant": sb.tenant, "api-version": "2025-07-31" });
const quantile = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;

describe("latency spread", () => {
  test("a constant latency became a spread: the draws have the median and 95th percentile asked for", () => {
    const draw = createLatency(0, { p50Ms: 30, p95Ms: 100 }, "spread", 600_000);
    const sorted = Array.from({ length: 40_000 }, draw).sort((a, b) => a - b);
    expect(quantile(sorted, 0.5)).toBeGreaterThan(30 * 0.96);
    expect(quantile(sorted, 0.5)).toBeLessThan(30 * 1.04);
    expect(quantile(sorted, 0.95)).toBeGreaterThan(100 * 0.95);
    expect(quantile(sorted, 0.95)).toBeLessThan(100 * 1.05);
    expect(sorted[0]).toBeGreaterThan(0);
  });

  test("the same seed gives the same delays, another seed others; without a spread the constant", () => {
    const take = (seed: string) => Array.from({ length: 50 }, createLatency(0, { p50Ms: 10, p95Ms: 40 }, seed, 600_000));
    expect(take("a")).toEqual(take("a"));
    expect(take("b")).not.toEqual(take("a"));
    expect(createLatency(25, undefined, "a", 600_000)()).toBe(25);
    expect(Math.max(...Array.from({ length: 1000 }, createLatency(0, { p50Ms: 100, p95Ms: 10_000 }, "cap", 500)))).toBe(500);
  });

  test("responses wait for their draw: a spread of a minute holds the response until close() drops it", async () => {
    const sb = await startSandbox({ latency: { p50Ms: 60_000, p95Ms: 60_000 } });
    let settled = false;
    const pending = fetch(`${sb.url}/indexes`, { headers: headers(sb) }).finally(() => (settled = true));
    pending.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    await sb.close();
    await expect(pending).rejects.toThrow();
  });

  test.each([
    [{ latencyMs: 10, latency: { p50Ms: 10, p95Ms: 20 } }, /latencyMs and latency cannot be given together/],
    [{ latency: { p50Ms: 50, p95Ms: 20 } }, /latency.p95Ms must be a number from 50/],
    [{ latency: { p50Ms: 0, p95Ms: 20 } }, /latency.p50Ms must be a number above 0/],
  ])("refuses %j, naming the option", async (options, message) => {
    await expect(startSandbox(options)).rejects.toThrow(message);
  });
});

describe("the documented rate limit", () => {
  test("2000 requests per second per tenant pass; the next gets 429 with the Error body and no Retry-After", async () => {
    let clock = 0;
    const sb = await startSandbox({ rateLimit: "documented", now: () => clock });
    try {
      const statuses: number[] = [];
      const one = async () => {
        const res = await fetch(`${sb.url}/indexes`, { headers: headers(sb) });
        await res.arrayBuffer();
        statuses.push(res.status);
      };
      for (let sent = 0; sent < 2000; sent += 100) await Promise.all(Array.from({ length: 100 }, one));
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const limited = await fetch(`${sb.url}/indexes`, { headers: headers(sb) });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBeNull();
      const body = await limited.json();
      expect(errorBody(body)).toBe(true);
      expect(body.message).toMatch(/Rate limit of 2000 requests per second exceeded/);
      clock += 1; // a millisecond refills two requests at 2000 per second
      expect((await fetch(`${sb.url}/indexes`, { headers: headers(sb) })).status).toBe(200);
    } finally {
      await sb.close();
    }
  }, 60_000);
});

describe("the command line", () => {
  test("sandbox --rate-limit documented --latency 5,20 serves", async () => {
    const stdout = new PassThrough();
    const controller = new AbortController();
    const line = new Promise<string>((resolve) => stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())));
    const exit = run(["sandbox", "--profiles", "2", "--rate-limit", "documented", "--latency", "5,20"], { env: {}, stdout, stderr: new PassThrough().resume(), signal: controller.signal });
    const ready = JSON.parse(await line) as Sandbox;
    try {
      expect((await fetch(`${ready.url}/indexes`, { headers: headers(ready) })).status).toBe(200);
    } finally {
      controller.abort();
    }
    expect(await exit).toBe(0);
  });

  test.each([["--latency", "100,30"], ["--latency", "30"], ["--latency", "0,10"], ["--rate-limit", "documentd"]])("%s %s is a usage error naming the flag", async (flag, value) => {
    const result = await runCli(["sandbox", flag, value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(flag);
  });
});
