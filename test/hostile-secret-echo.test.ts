// A server that echoes the client secret, the client id, the whole token request or the token back, in any
// encoding: the token endpoint in its 400, 401 and 500 bodies, the API in an error or a deprecation header, a
// cursor that ends up in a checkpoint. None of it may reach an error (message, body, util.inspect, JSON), the
// CLI's stderr or a file we write; and a client that keeps refreshing its token keeps the registry bounded
// without forgetting its credentials.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ApiError, createAmperityClient } from "../src/index.js";
import { scrub } from "../src/edges/secrets/index.js";
import { runCli } from "./cli-harness.js";
import { caught, withHooks } from "./client-harness.js";
import { sendJson, startHostileServer, type HostileServer } from "./support/hostile-server.js";
import { base64, encodings, splitByMixedEncodings } from "./support/secret-encodings.js";

const SECRET = `cs-9Qx/+=Wm "k&p<v>'z\\%3Fj~Tn4Rb8Yh`;
const CLIENT_ID = "client-id-5d8e2b";
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJ0ZW5hbnQiOiJhY21lIn0.dG9rZW4tc2lnbmF0dXJl-_q";

/** The echoes to try: each encoding of the secret, the secret split across encodings, and a long piece of it. */
const secretEchoes: [string, (text: string) => string][] = [
  ...encodings,
  ["split across every encoding", splitByMixedEncodings],
  ["a 16-character piece, percent-encoded", (t) => encodeURIComponent(t.slice(6, 22))],
];

/** Tests that run the CLI (in-process, but it loads the client) get this long on a shared, loaded machine. */
const cliTimeoutMs = 20_000;

/** Every view of an error a caller could log. */
const views = (error: unknown) => [String(error), JSON.stringify(error), inspect(error, { depth: 20, showHidden: true }), (error as Error).stack ?? ""].join("\n");

/** Parts of the secret and id that no encoding above leaves as they are: none of them may be shown. */
const marks = ["9Qx", "Tn4Rb8Yh", "5d8e2b", "dG9rZW4t"];
const expectNoLeak = (text: string, echo: string) => {
  expect(text).not.toContain(echo);
  for (const mark of marks) expect(text).not.toContain(mark);
};

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk)).on("end", () => resolve(body));
  });

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(() => server.stop());

const credentials = { tenant: "acme", clientId: CLIENT_ID, clientSecret: SECRET };
const client = (options: { now?: () => number } = {}) =>
  createAmperityClient({ ...credentials, baseUrl: server.baseUrl, retry: { maxAttempts: 2 }, ...withHooks({ sleep: async () => undefined, ...options }) });
const cliEnv = () => ({ AMPERITY_TENANT: "acme", AMPERITY_CLIENT_ID: CLIENT_ID, AMPERITY_CLIENT_SECRET: SECRET, AMPERITY_BASE_URL: server.baseUrl, AMPERITY_RETRY_BASE_MS: "0" });

/** The token endpoint answers `status` with `describe(the form body it received)` in a JSON or a text body. */
function tokenEndpointEchoes(status: number, describe: (form: URLSearchParams, raw: string) => string) {
  server.handle(async (req, res) => {
    const raw = await readBody(req);
    const text = describe(new URLSearchParams(raw), raw);
    if (status === 401) res.writeHead(401, { "content-type": "text/plain" }).end(text);
    else sendJson(res, status, status === 400 ? { error: "invalid_client", error_description: text } : { status, message: text });
  });
}

describe("the token endpoint echoing the client secret", () => {
  describe.each([400, 401, 500])("in its HTTP %i body", (status) => {
    it.each(secretEchoes)("%s: the error carries none of it", async (_name, encode) => {
      tokenEndpointEchoes(status, (form) => `secret ${encode(form.get("client_secret")!)} refused`);
      const error = await caught(client().indexes.list());
      expect(error).toBeInstanceOf(ApiError);
      // A JSON body's description is in the message; a text body (the 401) is the error's body.
      expect(`${error.message} ${JSON.stringify(error.body)}`).toContain("secret [redacted] refused");
      expectNoLeak(views(error), encode(SECRET));
      expectNoLeak(JSON.stringify(error.body), encode(SECRET));
    });
  });

  // The JSON bodies, whose description the CLI's one line quotes.
  it.each(secretEchoes.map(([name, encode], i) => [name, [400, 500][i % 2]!, encode] as const))(
    "%s, HTTP %i: the CLI's stderr carries none of it",
    async (_name, status, encode) => {
      tokenEndpointEchoes(status, (form) => `secret ${encode(form.get("client_secret")!)} refused`);
      const result = await runCli(["indexes"], { env: cliEnv() });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("secret [redacted] refused");
      expectNoLeak(result.stderr, encode(SECRET));
    },
    cliTimeoutMs,
  );
});

describe("the token endpoint echoing the whole form body it received", () => {
  const bodyEchoes: [string, (raw: string) => string][] = [
    ["as it came", (raw) => raw],
    ["JSON \\u-escaped", (raw) => [...raw].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")],
    ["percent-encoded again", (raw) => encodeURIComponent(raw)],
    ["as HTML references", (raw) => [...raw].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join("")],
    ["base64", (raw) => base64(raw)],
  ];

  it.each(bodyEchoes)("%s: client id and secret are replaced in the error and on stderr", async (_name, encode) => {
    tokenEndpointEchoes(400, (_form, raw) => `could not parse ${encode(raw)}`);
    const error = await caught(client().indexes.list());
    expect(error.message).toContain("[redacted]");
    expect(error.message).toContain("[client id]");
    expect(views(error)).not.toContain("Tn4Rb8Yh");
    expect(views(error)).not.toContain("5d8e2b");
    const result = await runCli(["indexes"], { env: cliEnv() });
    expect(result.stderr).toContain("[redacted]");
    expect(result.stderr).not.toContain("Tn4Rb8Yh");
    expect(result.stderr).not.toContain("5d8e2b");
  }, cliTimeoutMs);

  it("as a Basic header (base64 of id:secret): the two share a base64 character, so one [redacted] covers both", async () => {
    tokenEndpointEchoes(400, (form) => `could not parse Basic ${base64(`${form.get("client_id")}:${form.get("client_secret")}`)}`);
    const error = await caught(client().indexes.list());
    expect(error.body).toEqual({ error: "invalid_client", error_description: "could not parse Basic [redacted]" });
  });

  it("as it came, exactly: only the two values are replaced, each by its kind", async () => {
    tokenEndpointEchoes(401, (_form, raw) => `bad request: ${raw}`);
    const error = await caught(client().indexes.list());
    expect(error.body).toBe("bad request: grant_type=client_credentials&client_id=[client id]&client_secret=[redacted]");
  });
});

describe("the API echoing the client secret or the client id in an error, like the token", () => {
  const issueTokens = (api: (res: Parameters<Parameters<HostileServer["handle"]>[0]>[1]) => void) =>
    server.handle((req, res) => {
      if (req.method === "POST") return sendJson(res, 200, { access_token: TOKEN, token_type: "Bearer", expires_in: 3600 });
      api(res);
    });

  it.each([400, 500])("listProfiles HTTP %i", async (status) => {
    issueTokens((res) =>
      sendJson(res, status, { status, message: `client ${CLIENT_ID} with ${encodeURIComponent(SECRET)} and ${base64(TOKEN)}`, request_id: SECRET }),
    );
    const error = await caught(client().profiles.list("idx-1"));
    expect(error).toMatchObject({ status, message: `listProfiles: HTTP ${status}: client [client id] with [redacted] and [redacted]`, requestId: "[redacted]" });
    expectNoLeak(views(error), SECRET);
    const result = await runCli(["export", "idx-1", "--no-progress"], { env: cliEnv() });
    expect(result.stderr).toContain("client [client id] with [redacted] and [redacted]");
    expectNoLeak(result.stderr, SECRET);
  }, cliTimeoutMs);
});

describe("stderr is scrubbed whatever writes to it", () => {
  it("a deprecation notice whose Link header carries the token reaches stderr without it", async () => {
    server.handle((_req, res) =>
      sendJson(res, 200, { data: [] }, { deprecation: "@1767225600", link: `<https://docs.example.test/v?t=${encodeURIComponent(TOKEN)}>; rel="deprecation"` }),
    );
    const result = await runCli(["indexes"], { env: { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: TOKEN, AMPERITY_BASE_URL: server.baseUrl } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("see https://docs.example.test/v?t=[redacted]");
    expect(result.stderr).not.toContain("dG9rZW4t");
  }, cliTimeoutMs);
});

describe("files we write", () => {
  it("a cursor that echoes the token does not reach the checkpoint an interrupted export leaves", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hostile-secret-echo-"));
    try {
      server.handle((req, res) => {
        if (req.url!.includes("next_token")) return sendJson(res, 500, { status: 500, message: "down" });
        sendJson(res, 200, { next_token: `cursor.${base64(TOKEN)}`, data: [{ id: "cl-1", index_id: "idx-1", attributes: {} }] });
      });
      const out = join(dir, "out.ndjson");
      const result = await runCli(["export", "idx-1", "--out", out, "--no-progress"], {
        env: { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: TOKEN, AMPERITY_BASE_URL: server.baseUrl, AMPERITY_RETRY_BASE_MS: "0" },
      });
      expect(result.code).toBe(1);
      const checkpoint = await readFile(`${out}.checkpoint.json`, "utf8");
      expect(JSON.parse(checkpoint).next_token).toBe("cursor.[redacted]");
      expect(checkpoint).not.toContain("dG9rZW4t");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, cliTimeoutMs);
});

describe("a long-lived client refreshing its token", () => {
  it("a client's own token stays scrubbed however many tokens other clients registered since", async () => {
    const mine = createAmperityClient({ tenant: "acme", token: TOKEN, baseUrl: server.baseUrl, retry: false });
    for (let n = 0; n < 40; n++) createAmperityClient({ tenant: "acme", token: randomBytes(32).toString("base64url"), baseUrl: server.baseUrl });
    server.handle((req, res) => sendJson(res, 500, { status: 500, message: `refused ${req.headers.authorization}` }));
    const error = await caught(mine.indexes.list());
    expect(error.message).toBe("listIndexes: HTTP 500: refused Bearer [redacted]");
  });

  it("keeps the registry bounded, and still scrubs its client secret and its current token after 50 refreshes", async () => {
    let issued = 0;
    const tokens: string[] = [];
    server.handle((req, res) => {
      if (req.method === "POST") {
        issued++;
        const token = randomBytes(32).toString("base64url");
        tokens.push(token);
        return sendJson(res, 200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
      }
      if (issued <= 50) return sendJson(res, 200, { data: [] });
      sendJson(res, 500, { status: 500, message: `secret ${SECRET} token ${tokens.at(-1)}` });
    });
    let clock = 0;
    const longLived = client({ now: () => clock });
    for (let n = 0; n < 50; n++) {
      await longLived.indexes.list();
      clock += 2 * 3600 * 1000;
    }
    const error = await caught(longLived.indexes.list());
    expect(issued).toBe(51);
    expect(error.message).toBe("listIndexes: HTTP 500: secret [redacted] token [redacted]");
    // Bounded: the first tokens, long replaced, are no longer held.
    expect(scrub(`old ${tokens[0]}`)).toBe(`old ${tokens[0]}`);
  }, 30_000);
});
