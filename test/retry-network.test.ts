// The transport against a real socket: what undici does with a cut-off body, a stalled body and a refused
// connection is what the retries must handle.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { NetworkError, createAmperityClient } from "../src/index.js";
import { TOKEN, caught, withHooks } from "./client-harness.js";

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

let server: Server;
let handler: Handler;
let seen: IncomingMessage[] = [];
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    handler(req, res, seen.length);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

const client = (options: { timeoutMs?: number } = {}) =>
  createAmperityClient({ tenant: "acme", token: TOKEN, baseUrl, ...withHooks({ sleep: async () => {} }), ...options });
const full = (res: ServerResponse) => res.writeHead(200, { "content-type": "application/json" }).end('{"data":[{"id":"a"}]}');

describe("transport over a real socket", () => {
  it("DOC-20, DOC-21: the server receives the encoded path and the three headers", async () => {
    handler = (_req, res) => full(res);
    await client().profiles.list("../admin?x=1#y", { limit: 2 });
    expect(seen[0]!.url).toBe("/api/indexes/..%2Fadmin%3Fx%3D1%23y/profiles?limit=2");
    expect(seen[0]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, "amperity-tenant": "acme", "api-version": "2025-07-31" });
  });

  it("retries a 2xx whose body is cut off mid-stream", async () => {
    handler = (_req, res, n) => {
      if (n > 1) return full(res);
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.write('{"data":[{"id":"a"},');
      setImmediate(() => res.socket?.destroy());
    };
    expect((await client().profiles.list("idx-1")).data).toEqual([{ id: "a" }]);
    expect(seen).toHaveLength(2);
  });

  it("times out an attempt whose body stalls, and retries it", async () => {
    handler = (_req, res, n) => {
      if (n > 1) return full(res);
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data":[');
    };
    expect((await client({ timeoutMs: 50 }).profiles.list("idx-1")).data).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });

  it("retries a refused connection and says so in plain words, with the host, port and attempt count", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const amperity = createAmperityClient({ tenant: "acme", token: TOKEN, baseUrl: `http://127.0.0.1:${port}/api`, retry: { maxAttempts: 2 }, ...withHooks({ sleep: async () => {} }) });
    const error = await caught(amperity.indexes.list());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ attempts: 2 });
    expect(error.message).toBe(`Request to 127.0.0.1:${port} failed: connection refused (nothing listens on that port) (2 attempts)`);
  });
});
