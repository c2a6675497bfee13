// The CLI as a real process, authenticating with client credentials against the sandbox's token endpoint: an
// export that outlives several tokens, a token revoked mid-export, and a wrong secret that shows up nowhere.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAmperityClient } from "../src/index.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { bundleCli } from "./cli-harness.js";

const SECRET = "sandbox-client-secret-7f3a9c";
let dir: string;
let cli: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "oauth-export-"));
  cli = await bundleCli(dir);
}, 30_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function oauthEnv(sandbox: Sandbox, secret = SECRET): Record<string, string> {
  return { AMPERITY_TENANT: sandbox.tenant, AMPERITY_BASE_URL: sandbox.url, AMPERITY_CLIENT_ID: sandbox.clientId!, AMPERITY_CLIENT_SECRET: secret };
}

/** Runs the CLI; `whileRunning` gets the child (its pid) once it has started. */
async function run(args: string[], env: Record<string, string>, whileRunning?: (pid: number) => void | Promise<void>) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = once(child, "close");
  await whileRunning?.(child.pid!);
  const [code] = (await closed) as [number];
  return { code, stdout, stderr };
}

async function allIds(sandbox: Sandbox): Promise<string[]> {
  const amperity = createAmperityClient({ baseUrl: sandbox.url, tenant: sandbox.tenant, token: sandbox.token });
  const ids: string[] = [];
  for await (const profile of amperity.profiles.items(sandbox.indexes[0]!, { limit: 1000 })) ids.push(profile.id);
  return ids;
}

const idsOf = (ndjson: string) => ndjson.trim().split("\n").map((line) => (JSON.parse(line) as { id: string }).id);

it("an export that lasts several token lifetimes completes, asking the token endpoint about once per lifetime", async () => {
  const sandbox = await startSandbox({ profiles: 4000, clientId: "client-1", clientSecret: SECRET, tokenTtl: 2, latencyMs: 200 });
  try {
    const out = join(dir, "long.ndjson");
    const started = Date.now();
    const result = await run(["export", sandbox.indexes[0]!, "--out", out, "--limit", "100", "--no-progress"], oauthEnv(sandbox));
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ code: 0 });
    expect(elapsed).toBeGreaterThanOrEqual(8000);
    const ids = idsOf(await readFile(out, "utf8"));
    expect(ids).toHaveLength(4000);
    expect(new Set(ids)).toEqual(new Set(await allIds(sandbox)));
    // A 2 s token is refreshed 0.2 s before it expires: about one request per 1.8 s, never one per page (40).
    const lifetimes = elapsed / 1800;
    expect(sandbox.tokenRequests()).toBeGreaterThanOrEqual(Math.floor(lifetimes) - 1);
    expect(sandbox.tokenRequests()).toBeLessThanOrEqual(Math.ceil(lifetimes) + 1);
    expect(sandbox.tokenRequests()).toBeGreaterThan(1);
  } finally {
    await sandbox.close();
  }
}, 60_000);

it("a token revoked mid-export is refreshed once and the export goes on", async () => {
  const sandbox = await startSandbox({ profiles: 3000, clientId: "client-1", clientSecret: SECRET, tokenTtl: 3600, latencyMs: 50 });
  try {
    const out = join(dir, "revoked.ndjson");
    const args = ["export", sandbox.indexes[0]!, "--out", out, "--limit", "100", "--no-progress"];
    const result = await run(args, oauthEnv(sandbox), async () => {
      while (sandbox.tokenRequests() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 600)); // some pages in
      sandbox.revokeTokens();
    });
    expect(result).toMatchObject({ code: 0 });
    expect(sandbox.tokenRequests()).toBe(2);
    const ids = idsOf(await readFile(out, "utf8"));
    expect(ids).toHaveLength(3000);
    expect(new Set(ids)).toEqual(new Set(await allIds(sandbox)));
  } finally {
    await sandbox.close();
  }
}, 60_000);

it("a wrong client secret exits 1 with one line saying the credentials were refused, and the secret appears nowhere", async () => {
  const sandbox = await startSandbox({ profiles: 10, clientId: "client-1", clientSecret: SECRET, latencyMs: 300 });
  const wrong = "wrong-secret-d41d8cd98f00b204";
  const work = await mkdtemp(join(dir, "wrong-"));
  try {
    const secretFile = join(work, "secret");
    await writeFile(secretFile, `${wrong}\n`, { mode: 0o600 });
    const out = join(work, "profiles.csv");
    const env = { AMPERITY_TENANT: sandbox.tenant, AMPERITY_BASE_URL: sandbox.url, AMPERITY_CLIENT_ID: "client-1" };
    let cmdline = "";
    const result = await run(["export", sandbox.indexes[0]!, "--out", out, "--client-secret-file", secretFile], env, async (pid) => {
      cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8");
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^amperity-profiles: The token endpoint refused the client credentials \(HTTP 401: The client credentials are invalid\.\)/);
    expect(cmdline).toContain("--client-secret-file");
    const written = await Promise.all((await readdir(work)).filter((name) => name !== "secret").map((name) => readFile(join(work, name), "utf8")));
    for (const text of [result.stdout, result.stderr, cmdline, ...written]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(SECRET);
    }
    expect(sandbox.tokenRequests()).toBe(1);
  } finally {
    await sandbox.close();
  }
}, 30_000);

it("setting a token and client credentials together is a usage error naming both", async () => {
  const sandbox = await startSandbox({ profiles: 1, clientId: "client-1", clientSecret: SECRET });
  try {
    const result = await run(["indexes"], { ...oauthEnv(sandbox), AMPERITY_TOKEN: sandbox.token });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/set either AMPERITY_TOKEN, AMPERITY_TOKEN_FILE or --token-file, or AMPERITY_CLIENT_ID with AMPERITY_CLIENT_SECRET/);
    expect(result.stderr).not.toContain(SECRET);
    expect(sandbox.tokenRequests()).toBe(0);
  } finally {
    await sandbox.close();
  }
}, 30_000);
