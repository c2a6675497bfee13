// A server that answers with a redirect: to another origin (which would receive the token and the tenant, and
// whose body would come back as the answer), to http:// (past the https-only base URL check), or to itself
// forever. The API documents no redirect, so none is followed and none is retried.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RedirectError, createAmperityClient, type ClientOptions } from "../src/index.js";
import { runCli } from "./cli-harness.js";
import { TOKEN, caught, page, withHooks } from "./client-harness.js";
import { sendJson, startHostileServer, type HostileServer } from "./support/hostile-server.js";

let api: HostileServer;
let elsewhere: HostileServer;

beforeAll(async () => {
  [api, elsewhere] = await Promise.all([startHostileServer(), startHostileServer()]);
  elsewhere.handle((_req, res) => sendJson(res, 200, page(["from-elsewhere"])));
});

afterAll(async () => {
  await Promise.all([api.stop(), elsewhere.stop()]);
});

const client = (options: Partial<ClientOptions> = {}) =>
  createAmperityClient({ tenant: "acme", token: TOKEN, baseUrl: api.baseUrl, ...withHooks({ sleep: async () => {} }), ...options });

describe("hostile redirects are refused, not followed", () => {
  it.each([301, 302, 303, 307, 308])("a %i to another origin is a RedirectError naming the status and that origin", async (status) => {
    api.handle((_req, res) => res.writeHead(status, { location: `${elsewhere.origin}/api/indexes/idx-1/profiles` }).end());
    elsewhere.requests.length = 0;
    const error = await caught(client().profiles.list("idx-1"));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status, location: elsewhere.origin, attempts: 1 });
    expect(error.message).toContain(`${status}`);
    expect(error.message).toContain(elsewhere.origin);
    // The other origin never saw the token, the tenant, or any request at all; nothing was retried.
    expect(elsewhere.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(1);
  });

  it("names only the target's origin, not its path or query", async () => {
    api.handle((_req, res) => res.writeHead(302, { location: `${elsewhere.origin}/steal?token=${TOKEN}` }).end());
    const error = await caught(client().indexes.list());
    expect(error.location).toBe(elsewhere.origin);
    expect(JSON.stringify(error) + String(error)).not.toContain(TOKEN);
  });

  it("a redirect loop is one request and a RedirectError, not dozens of retries", async () => {
    api.handle((req, res) => res.writeHead(307, { location: req.url ?? "/" }).end());
    const error = await caught(client({ retry: { maxAttempts: 50 } }).profiles.list("idx-1"));
    expect(error).toMatchObject({ name: "RedirectError", status: 307, location: api.origin });
    expect(api.requests).toHaveLength(1);
  });

  it("a relative Location resolves against the request, and a missing one is still refused", async () => {
    api.handle((_req, res, n) => res.writeHead(301, n === 1 ? { location: "/elsewhere" } : {}).end());
    expect(await caught(client().indexes.list())).toMatchObject({ status: 301, location: api.origin });
    expect(await caught(client().indexes.list())).toMatchObject({ status: 301, location: undefined });
  });

  it("the raw client shares the refusal", async () => {
    api.handle((_req, res) => res.writeHead(302, { location: `${elsewhere.origin}/api/indexes` }).end());
    elsewhere.requests.length = 0;
    expect(await caught(client().raw.GET("/indexes"))).toBeInstanceOf(RedirectError);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("a redirect from https:// to http:// is refused: the downgrade never happens", async () => {
    const seen: Request[] = [];
    const fetch = async (request: Request) => {
      seen.push(request);
      return new Response(null, { status: 301, headers: { location: "http://app.amperity.com/api/indexes" } });
    };
    const error = await caught(createAmperityClient({ tenant: "acme", token: TOKEN, fetch }).indexes.list());
    expect(error).toMatchObject({ name: "RedirectError", status: 301, location: "http://app.amperity.com" });
    // An injected fetch is asked not to follow; the default one is told the same.
    expect(seen.map((r) => [r.url, r.redirect])).toEqual([["https://app.amperity.com/api/indexes", "manual"]]);
  });

  it("an injected fetch that follows redirects anyway: the other origin's body is not returned as the answer", async () => {
    api.handle((_req, res) => res.writeHead(302, { location: `${elsewhere.origin}/api/indexes` }).end());
    const following = (request: Request) => globalThis.fetch(request.url, { headers: request.headers, redirect: "follow" });
    const error = await caught(client({ fetch: following }).indexes.list());
    expect(error).toMatchObject({ name: "RedirectError", status: undefined, location: elsewhere.origin });
  });

  it("the CLI stops with exit 1 and one line naming the redirect; nothing is left at --out", async () => {
    api.handle((_req, res) => res.writeHead(308, { location: `${elsewhere.origin}/api/indexes/idx-1/profiles` }).end());
    const dir = await mkdtemp(join(tmpdir(), "hostile-redirect-"));
    try {
      const env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: TOKEN, AMPERITY_BASE_URL: api.baseUrl };
      const result = await runCli(["export", "idx-1", "--out", join(dir, "p.ndjson"), "--no-progress"], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^amperity-profiles: The server answered 308, a redirect, to ${elsewhere.origin}; redirects are not followed`, "m"));
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
