// A server whose body never ends, or is a compression bomb (a few kB that decode to a GiB): the client reads at
// most maxResponseBytes of decoded body, then stops with ResponseTooLargeError and does not retry.
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { constants, createBrotliCompress, createGzip } from "node:zlib";
import { ConfigError, ResponseTooLargeError, createAmperityClient } from "../src/index.js";
import { TOKEN, caught, withHooks } from "./client-harness.js";
import { sendJson, startHostileServer, type HostileServer } from "./support/hostile-server.js";
import { compressZeros } from "./support/compress-zeros.js";

const MiB = 2 ** 20;
const defaultCap = 64 * MiB;

let server: HostileServer;
let brotliBomb: Buffer;
let gzipBomb: Buffer;

beforeAll(async () => {
  server = await startHostileServer();
  brotliBomb = await compressZeros(createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }), 1024 * MiB);
  // gzip members may be concatenated: 64 copies of 16 MiB of zeros decode to 1 GiB.
  const member = await compressZeros(createGzip({ level: 9 }), 16 * MiB);
  gzipBomb = Buffer.concat(Array.from({ length: 64 }, () => member));
}, 60_000);

afterAll(() => server.stop());

const client = (options: { maxResponseBytes?: number } = {}) =>
  createAmperityClient({ tenant: "acme", token: TOKEN, baseUrl: server.baseUrl, ...withHooks({ sleep: async () => {} }), ...options });

/** The peak RSS of this process so far, in bytes. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

function endless(res: ServerResponse, status = 200): void {
  res.writeHead(status, { "content-type": "application/json" });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on("drain", pump);
  pump();
}

describe("hostile response sizes stop at maxResponseBytes", () => {
  it.each([
    ["br", () => brotliBomb],
    ["gzip", () => gzipBomb],
  ])("a %s bomb (1 GiB decoded) stops at the default 64 MiB cap, in bounded memory, without a retry", async (coding, bomb) => {
    server.handle((_req, res) => res.writeHead(200, { "content-type": "application/json", "content-encoding": coding }).end(bomb()));
    const before = peakRss();
    const error = await caught(client().profiles.list("idx-1"));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status: 200, maxResponseBytes: defaultCap, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    // Reading stopped at the cap: the process did not grow by anything near the decoded size.
    expect(peakRss() - before).toBeLessThan(512 * MiB);
  }, 30_000);

  it("asks only for the codings fetch decodes as it streams", async () => {
    server.handle((_req, res) => sendJson(res, 200, { data: [] }));
    await client().indexes.list();
    expect(server.requests[0]!.headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("an endless 200 stream stops at the cap and the connection is dropped", async () => {
    let closed!: Promise<unknown>;
    server.handle((_req, res) => {
      closed = once(res, "close");
      endless(res);
    });
    const error = await caught(client({ maxResponseBytes: MiB }).profiles.list("idx-1"));
    expect(error).toMatchObject({ name: "ResponseTooLargeError", status: 200, maxResponseBytes: MiB, attempts: 1 });
    expect(error.message).toContain(`maxResponseBytes (${MiB} bytes)`);
    // The server sees its response closed by the client (the test's timeout fails it otherwise).
    await closed;
    expect(server.requests).toHaveLength(1);
  });

  it("an endless 503 error body is refused the same way: not retried, not kept", async () => {
    server.handle((_req, res) => endless(res, 503));
    const error = await caught(client({ maxResponseBytes: MiB }).profiles.list("idx-1"));
    expect(error).toMatchObject({ name: "ResponseTooLargeError", status: 503, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it("a declared Content-Length over the cap is refused before a byte of the body is read", async () => {
    server.handle((_req, res) => {
      // Headers only: a client that waited for the body would hang until its timeout.
      res.writeHead(200, { "content-type": "application/json", "content-length": String(defaultCap + 1) });
      res.flushHeaders();
    });
    const error = await caught(client().profiles.list("idx-1"));
    expect(error).toMatchObject({ name: "ResponseTooLargeError", maxResponseBytes: defaultCap });
  });

  it("a body of exactly maxResponseBytes is read", async () => {
    const body = JSON.stringify({ data: [{ id: "x".repeat(1000) }] });
    server.handle((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
    const list = await client({ maxResponseBytes: Buffer.byteLength(body) }).profiles.list("idx-1");
    expect(list.data[0]!.id).toHaveLength(1000);
    expect(await caught(client({ maxResponseBytes: Buffer.byteLength(body) - 1 }).profiles.list("idx-1"))).toBeInstanceOf(ResponseTooLargeError);
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 30, "64MB"])("maxResponseBytes %p is a ConfigError", (value) => {
    expect(() => client({ maxResponseBytes: value as number })).toThrow(ConfigError);
    expect(() => client({ maxResponseBytes: value as number })).toThrow(/maxResponseBytes must be an integer from 1 to/);
  });
});
