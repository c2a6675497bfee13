/**
 * Errors a user can act on (issue 21): the message names what they set and how to fix it. A base URL without
 * `/api`, the seed's `api_version` query parameter sent instead of the header, and a 429 asking to wait longer
 * than the retries do, in the middle of an export to a file that `--resume` can continue.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";
import { sendJson, startHostileServer, type HostileServer } from "./support/hostile-server.js";

let sandbox: Sandbox;
let server: HostileServer;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 3 });
  server = await startHostileServer();
  dir = await mkdtemp(join(tmpdir(), "actionable-"));
});
afterAll(async () => {
  await Promise.all([sandbox.close(), server.stop()]);
  await rm(dir, { recursive: true, force: true });
});

describe("a base URL without /api", () => {
  const origin = () => sandbox.url.replace(/\/api$/, "");

  it("indexes: the 404 says AMPERITY_BASE_URL probably lacks /api, and how to write it", async () => {
    const result = await runCli(["indexes"], { env: { ...sandboxEnv(sandbox), AMPERITY_BASE_URL: origin() } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^amperity-profiles: API error 404: .*; AMPERITY_BASE_URL \(http:\/\/127\.0\.0\.1:\d+\) probably lacks \/api/);
    expect(result.stderr).toContain(`AMPERITY_BASE_URL=${origin()}/api`);
  });

  it("verify says the same beside its report", async () => {
    const result = await runCli(["verify", "--max-rps", "10000", "--max-requests", "5"], { env: { ...sandboxEnv(sandbox), AMPERITY_BASE_URL: origin() } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`AMPERITY_BASE_URL (${origin()}) probably lacks /api`);
  });

  it("a 404 under a base URL that has /api says nothing of the kind (an unknown profile is just unknown)", async () => {
    const result = await runCli(["get", sandbox.indexes[0]!, "no-such-profile"], { env: sandboxEnv(sandbox) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("API error 404");
    expect(result.stderr).not.toContain("/api");
  });
});

describe("the sandbox's 401 for api_version without the api-version header", () => {
  const send = (query: string) =>
    fetch(`${sandbox.url}/indexes${query}`, { headers: { authorization: `Bearer ${sandbox.token}`, "amperity-tenant": sandbox.tenant } });

  it("says the query parameter does not replace the header", async () => {
    const response = await send("?api_version=2025-07-31");
    expect(response.status).toBe(401);
    const body = (await response.json()) as { message: string };
    expect(body.message).toBe("Missing header api-version: every request sends it beside the bearer token. The api_version query parameter does not replace the header.");
  });

  it("without the query parameter, names only the missing header", async () => {
    const body = (await (await send("")).json()) as { message: string };
    expect(body.message).toBe("Missing header api-version: every request sends it beside the bearer token.");
  });
});

describe("a 429 whose Retry-After is longer than the retries wait", () => {
  const env = () => ({ AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-actionable-4b2f", AMPERITY_BASE_URL: server.baseUrl });
  const profile = { id: "cl-1", index_id: "idx-1", attributes: {} };

  it("in the middle of an --out export: says --resume continues once the wait is over", async () => {
    server.handle((req, res) => {
      if (!req.url!.includes("next_token")) return sendJson(res, 200, { next_token: "T1", data: [profile] });
      sendJson(res, 429, { status: 429, message: "slow down" }, { "retry-after": "3600" });
    });
    const result = await runCli(["export", "idx-1", "--out", join(dir, "mid.ndjson"), "--no-progress"], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the server asked to wait 60 min: run the same command with --resume after that to continue");
    // One request per page: a wait longer than the retry cap is not retried.
    expect(server.requests).toHaveLength(2);
  });

  it("on the first page, with nothing written: no --resume to suggest, only the wait", async () => {
    server.handle((_req, res) => sendJson(res, 429, { status: 429, message: "slow down" }, { "retry-after": "3600" }));
    const result = await runCli(["export", "idx-1", "--out", join(dir, "first.ndjson"), "--no-progress"], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("amperity-profiles: API error 429: slow down; the server asked to wait 60 min before the next request\n");
  });
});
