// The HTTP edge's chunk watcher (exchange's onChunk): a caller sees a body's bytes as they arrive, and watching
// weakens nothing: the cap still stops a long body (the watcher never sees a byte past it), the attempt's timer still
// ends a body that stalls after its first bytes, and the caller's signal still aborts it.
import { exchange, type ExchangeOptions } from "../src/edges/http/exchange.js";
import { startHostileServer, type HostileServer } from "./support/hostile-server.js";

let server: HostileServer;
beforeEach(async () => {
  server = await startHostileServer();
});
afterEach(async () => server.stop());

/** One GET through the edge, recording what the watcher saw. */
async function get(options: Partial<ExchangeOptions> = {}, stopAfter = Infinity) {
  const seen: Uint8Array[] = [];
  const statuses: number[] = [];
  const onChunk = (chunk: Uint8Array, response: Response) => {
    seen.push(chunk.slice());
    statuses.push(response.status);
    return seen.length < stopAfter;
  };
  const result = await exchange({ target: server.baseUrl, url: server.baseUrl, method: "GET", headers: {} }, { fetch: globalThis.fetch, timeoutMs: 10_000, maxBytes: 1 << 20, onChunk, ...options });
  return { result, seen, statuses, watched: Buffer.concat(seen).toString("latin1") };
}

/** Writes `parts` one at a time, each after the client has had time to read the previous one. */
function writeSlowly(parts: string[], status = 200) {
  server.handle(async (_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    for (const part of parts) {
      res.write(part);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    res.end();
  });
}

describe("exchange's onChunk", () => {
  it("sees every byte of the body in order, as it arrives, and the whole body still comes back", async () => {
    const parts = ['{"total":2,', '"next_token":"T1",', '"data":[]}'];
    writeSlowly(parts);
    const { result, seen, watched, statuses } = await get();
    expect(watched).toBe(parts.join(""));
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(Buffer.from((result as { bytes: Uint8Array }).bytes).toString()).toBe(parts.join(""));
  });

  it("is called no more once it returns false", async () => {
    writeSlowly(["a", "b", "c", "d"]);
    const { result, seen } = await get({}, 1);
    expect(seen).toHaveLength(1);
    expect(Buffer.from((result as { bytes: Uint8Array }).bytes).toString()).toBe("abcd");
  });

  it("hands the caller the response, so an error body can be told from data", async () => {
    writeSlowly(['{"status":500,"message":"x"}'], 500);
    const { statuses } = await get();
    expect(statuses[0]).toBe(500);
  });

  it("a body past the cap: the watcher never sees a byte beyond it, and the cap still stops the read", async () => {
    const piece = "x".repeat(4096);
    writeSlowly(Array.from({ length: 8 }, () => piece));
    const { result, watched } = await get({ maxBytes: 10_000 });
    expect(result).toMatchObject({ kind: "too-large", maxBytes: 10_000 });
    expect(watched.length).toBeLessThanOrEqual(10_000);
  });

  it("a body that stalls after its first bytes still times out", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"total":2,"next_token":"T1",');
    });
    const { result, watched } = await get({ timeoutMs: 300 });
    expect(watched).toBe('{"total":2,"next_token":"T1",');
    expect(result).toMatchObject({ kind: "timeout", timeoutMs: 300 });
  }, 10_000);

  it("the caller's signal still aborts a body while it is being watched", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"total":2,');
    });
    const controller = new AbortController();
    const reason = new Error("stopped by the caller");
    const seen: number[] = [];
    const result = await exchange(
      { target: server.baseUrl, url: server.baseUrl, method: "GET", headers: {} },
      { fetch: globalThis.fetch, timeoutMs: 10_000, maxBytes: 1 << 20, signal: controller.signal, onChunk: (chunk) => (seen.push(chunk.length), controller.abort(reason), true) },
    );
    expect(seen).toEqual([11]);
    expect(result).toEqual({ kind: "aborted", reason });
  }, 10_000);
});
