// A hostile OAuth token endpoint: a compression bomb or an endless body, a redirect, a 200 whose token a header
// cannot carry. The token request goes through the same HTTP edge as every API call, so each is stopped the same
// way, on the first attempt.
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { constants, createBrotliCompress, createGzip } from "node:zlib";
import { RedirectError, ResponseTooLargeError, ResponseValidationError, createAmperityClient, type ClientOptions } from "../src/index.js";
import { runCli } from "./cli-harness.js";
import { caught, withHooks } from "./client-harness.js";
import { sendJson, startHostileServer, type HostileServer } from "./support/hostile-server.js";
import { compressZeros } from "./support/compress-zeros.js";

const MiB = 2 ** 20;
const SECRET = "token-endpoint-secret-3b1f";

let server: HostileServer;
let elsewhere: HostileServer;
let bombs: Record<"br" | "gzip", Buffer>;

beforeAll(async () => {
  [server, elsewhere] = await Promise.all([startHostileServer(), startHostileServer()]);
  const member = await compressZeros(createGzip({ level: 9 }), 16 * MiB);
  bombs = {
    br: await compressZeros(createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }), 256 * MiB),
    // gzip members may be concatenated: 16 copies of 16 MiB of zeros decode to 256 MiB.
    gzip: Buffer.concat(Array.from({ length: 16 }, () => member)),
  };
}, 60_000);
afterAll(() => Promise.all([server.stop(), elsewhere.stop()]));

const client = (options: Partial<ClientOptions> = {}) =>
  createAmperityClient({ tenant: "acme", clientId: "client-1", clientSecret: SECRET, baseUrl: server.baseUrl, ...withHooks({ sleep: async () => {} }), ...options } as never);
const tokenRequests = () => server.requests.filter((r) => r.url === "/api/v0/oauth2/token");
const oauthEnv = () => ({ AMPERITY_TENANT: "acme", AMPERITY_BASE_URL: server.baseUrl, AMPERITY_CLIENT_ID: "client-1", AMPERITY_CLIENT_SECRET: SECRET });

function endless(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.write('{"access_token":"');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on("drain", pump);
  pump();
}

describe("a hostile token endpoint", () => {
  it.each(["br", "gzip"] as const)("a %s bomb is cut at the token response's cap on the first attempt, not retried", async (coding) => {
    server.handle((_req, res) => res.writeHead(200, { "content-type": "application/json", "content-encoding": coding }).end(bombs[coding]));
    const error = await caught(client().indexes.list());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status: 200, maxResponseBytes: 64 * 1024, attempts: 1 });
    expect(error.message).toContain("token response");
    expect(tokenRequests()).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  }, 30_000);

  it("an endless token body is cut at the cap, the connection dropped, nothing retried", async () => {
    let closed!: Promise<unknown>;
    server.handle((_req, res) => {
      closed = once(res, "close");
      endless(res);
    });
    const error = await caught(client().indexes.list());
    expect(error).toMatchObject({ name: "ResponseTooLargeError", attempts: 1 });
    await closed;
    expect(server.requests).toHaveLength(1);
  }, 30_000);

  it("a redirect is a RedirectError naming the status and the target's origin, never followed, never retried", async () => {
    server.handle((_req, res) => res.writeHead(307, { location: `${elsewhere.origin}/steal?secret=1` }).end());
    elsewhere.handle((_req, res) => sendJson(res, 200, { access_token: "issued-by-elsewhere", token_type: "Bearer" }));
    const error = await caught(client({ retry: { maxAttempts: 5 } }).indexes.list());
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status: 307, location: elsewhere.origin, attempts: 1 });
    expect(error.message).not.toContain("fetch failed");
    expect(server.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it.each([
    ["a token a header cannot carry", "tok with spaces\r\nx-injected: 1"],
    ["a token too short to be one", "abc"],
  ])("a 200 with %s is a ResponseValidationError (exit 1 in the CLI), not the user's ConfigError", async (_, token) => {
    server.handle((req, res) => {
      if (req.method === "POST") return sendJson(res, 200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
      sendJson(res, 200, { data: [] });
    });
    const error = await caught(client().indexes.list());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/^The createAccessToken response does not match the spec at "\/access_token"/);
    expect(error.message).not.toContain(token);
    const result = await runCli(["indexes"], { env: oauthEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("createAccessToken response does not match the spec");
    expect(result.stderr).not.toContain(SECRET);
  });
});
