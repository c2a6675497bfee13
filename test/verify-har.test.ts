/**
 * `verify --har FILE`: the failing exchanges as an HTTP Archive for a bug report, scrubbed of the token a server
 * echoed, written without following a symlink, and a path it cannot write refused before any request is sent.
 */
import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli } from "./cli-harness.js";
import { startMutatingProxy, type MutatingProxy } from "./support/mutating-proxy.js";

interface Har {
  log: {
    version: string;
    entries: Array<{ request: { method: string; url: string; headers: Array<{ name: string; value: string }> }; response: { status: number; content: { text: string } }; comment: string }>;
  };
}

let sandbox: Sandbox;
let dir: string;
let proxy: MutatingProxy;
let requests = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 6, indexes: 2 });
  dir = await mkdtemp(join(tmpdir(), "verify-har-"));
  // A server that answers a made-up id with 400 and echoes the caller's Authorization header in the body.
  proxy = await startMutatingProxy(sandbox.url, {
    request: (r) => (requests++, r),
    response: (res, req) =>
      res.status === 404 && req.url.includes("verify-no-such-id")
        ? { ...res, status: 400, body: JSON.stringify({ status: 400, message: `Bad id for ${req.headers["authorization"]}` }) }
        : res,
  });
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token, AMPERITY_BASE_URL: proxy.url });

describe("verify --har", () => {
  it("writes each failed check's exchange, response included, with the echoed token scrubbed", async () => {
    const file = join(dir, "failures.har");
    const result = await runCli(["verify", "--max-rps", "10000", "--har", file], { env: env() });
    expect(result.code).toBe(1);
    const text = await readFile(file, "utf8");
    expect(text).not.toContain(sandbox.token);
    const har = JSON.parse(text) as Har;
    expect(har.log.version).toBe("1.2");
    expect(har.log.entries.map((e) => e.comment.split(":")[0])).toEqual(["unknown_id_not_found"]);
    const [entry] = har.log.entries;
    expect(entry!.request.url).toContain("verify-no-such-id");
    expect(entry!.response.status).toBe(400);
    expect(entry!.response.content.text).toContain("Bad id for Bearer [redacted]");
    expect(entry!.request.headers.find((h) => h.name === "authorization")?.value).toBe("Bearer <redacted>");
  });

  it("replaces a symlink at the path instead of writing through it", async () => {
    const target = join(dir, "elsewhere.txt");
    await writeFile(target, "not yours\n");
    const link = join(dir, "linked.har");
    await symlink(target, link);
    const result = await runCli(["verify", "--max-rps", "10000", "--har", link], { env: env() });
    expect(result.code).toBe(1);
    expect(await readFile(target, "utf8")).toBe("not yours\n");
    expect((await lstat(link)).isFile()).toBe(true);
  });

  it("refuses a path in a directory that does not exist, naming --har, before any request", async () => {
    const before = requests;
    const result = await runCli(["verify", "--har", join(dir, "missing", "out.har")], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--har");
    expect(result.stderr).toContain("does not exist");
    expect(requests).toBe(before);
  });

  it("writes an archive with no entries when every check passes", async () => {
    const file = join(dir, "clean.har");
    const direct = { AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token, AMPERITY_BASE_URL: sandbox.url };
    const result = await runCli(["verify", "--max-rps", "10000", "--har", file], { env: direct });
    expect(result.code).toBe(0);
    expect((JSON.parse(await readFile(file, "utf8")) as Har).log.entries).toEqual([]);
  });
});
