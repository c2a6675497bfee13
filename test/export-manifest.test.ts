/**
 * The manifest beside every --out file, and `check FILE`: what the manifest records (and never the token or the
 * client secret), exit 3 when the count differs from the total the API reported, a symlink planted where the
 * manifest goes, and `check` agreeing with an untouched file of every format and catching a changed one.
 */
import { createHash } from "node:crypto";
import { appendFile, lstat, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Manifest } from "../src/export/manifest.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { countingFetch, runCli, sandboxEnv, type RunOptions } from "./cli-harness.js";

const SECRET = "manifest-client-secret-5e1d";
let sandbox: Sandbox;
let index: string;
let dir: string;
const sent = countingFetch();

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 250, clientId: "manifest-client", clientSecret: SECRET });
  index = sandbox.indexes[0]!;
  dir = await mkdtemp(join(tmpdir(), "export-manifest-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const exportTo = (out: string, args: string[] = [], options: RunOptions = {}) =>
  runCli(["export", index, "--out", out, "--limit", "100", "--no-progress", ...args], { env: sandboxEnv(sandbox), client: { fetch: sent.fetch }, ...options });
const manifestOf = async (out: string) => JSON.parse(await readFile(`${out}.manifest.json`, "utf8")) as Manifest;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

it("records what was exported, what the file holds (its stored bytes: SHA-256 and size of the gzip), and the run's requests and retries", async () => {
  const out = join(dir, "recorded.ndjson.gz");
  // The second page's first attempt gets a 503: one retry, one more request.
  let calls = 0;
  const flaky: typeof fetch = (input, init) => (++calls === 3 ? Promise.resolve(new Response("", { status: 503 })) : fetch(input, init));
  const started = new Date().toISOString();
  const result = await exportTo(out, ["--with-total"], { client: { fetch: flaky } });
  expect(result.code).toBe(0);
  const file = await readFile(out);
  const manifest = await manifestOf(out);
  expect(manifest).toEqual({
    manifest_version: 1,
    file: "recorded.ndjson.gz",
    format: "ndjson",
    compression: "gzip",
    parquet_codec: null,
    index_id: index,
    filters: {},
    tenant: sandbox.tenant,
    endpoint: sandbox.url,
    max_items: null,
    profiles: 250,
    bytes: file.length,
    sha256: sha256(file),
    started_at: expect.any(String),
    finished_at: expect.any(String),
    resumed_at_profiles: null,
    // The --with-total request, three pages, and the retried attempt.
    requests: 5,
    retries: 1,
    total_reported: 250,
    count_matches_total: true,
    generator: "amperity-profiles 0.1.0",
  });
  expect(started <= manifest.started_at && manifest.started_at <= manifest.finished_at).toBe(true);
  const filtered = join(dir, "filtered.csv");
  expect((await exportTo(filtered, ["--filter", "state=NY", "--max-items", "5"])).code).toBe(0);
  expect(await manifestOf(filtered)).toMatchObject({ format: "csv", compression: null, filters: { state: "NY" }, max_items: 5, total_reported: null, count_matches_total: null });
});

it("token leak: the manifest holds neither the token, nor the client secret, nor a token obtained with it", async () => {
  const withToken = join(dir, "token.json");
  expect((await exportTo(withToken)).code).toBe(0);
  expect(await readFile(`${withToken}.manifest.json`, "utf8")).not.toContain(sandbox.token);
  const issued = new Set<string>();
  const watching = (request: Request) => {
    const bearer = request.headers.get("authorization")?.replace(/^Bearer /, "");
    if (bearer) issued.add(bearer);
    return fetch(request);
  };
  const withSecret = join(dir, "secret.json");
  const env = { AMPERITY_TENANT: sandbox.tenant, AMPERITY_BASE_URL: sandbox.url, AMPERITY_CLIENT_ID: "manifest-client", AMPERITY_CLIENT_SECRET: SECRET };
  expect((await exportTo(withSecret, [], { env, client: { fetch: watching } })).code).toBe(0);
  const text = await readFile(`${withSecret}.manifest.json`, "utf8");
  expect(issued.size).toBeGreaterThan(0);
  for (const secret of [SECRET, ...issued]) expect(text).not.toContain(secret);
});

it("a count that differs from the reported total: a warning line and exit 3; the file and a manifest saying so are kept", async () => {
  const out = join(dir, "short.csv");
  const inflating: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!new URL(String(input instanceof Request ? input.url : input)).searchParams.has("with_total")) return response;
    const body = (await response.json()) as { total: number };
    return Response.json({ ...body, total: body.total + 7 }, { status: response.status, headers: response.headers });
  };
  const result = await exportTo(out, ["--with-total"], { client: { fetch: inflating } });
  expect({ code: result.code, stderr: result.stderr }).toEqual({
    code: 3,
    stderr:
      `amperity-profiles: warning: 250 profiles written to ${out}, but the API reported 257 profiles when the export started: ` +
      `profiles may have changed during the export, or some were lost; the file is kept\n`,
  });
  expect(await manifestOf(out)).toMatchObject({ profiles: 250, total_reported: 257, count_matches_total: false });
  expect((await readFile(out, "utf8")).trimEnd().split("\n")).toHaveLength(251);
});

it.each([".manifest.json", ".manifest.json.tmp"])("a symlink planted at FILE%s is refused with exit 2 before any request; its target is untouched", async (suffix) => {
  const out = join(dir, `planted${suffix.replace(/\./g, "-")}.ndjson`);
  const victim = join(dir, `victim${suffix}`);
  await writeFile(victim, "precious\n");
  await symlink(victim, `${out}${suffix}`);
  sent.requests = 0;
  const result = await exportTo(out);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/is a symbolic link, so it is not a manifest this export wrote; it was left alone/);
  expect(sent.requests).toBe(0);
  expect(await readFile(victim, "utf8")).toBe("precious\n");
  expect((await lstat(`${out}${suffix}`)).isSymbolicLink()).toBe(true);
  expect((await readdir(dir)).filter((name) => name.startsWith(`planted${suffix.replace(/\./g, "-")}.ndjson`))).toEqual([`planted${suffix.replace(/\./g, "-")}.ndjson${suffix}`]);
});

describe("check FILE", () => {
  it.each(["checked.ndjson", "checked.csv", "checked.json", "checked.parquet", "checked.csv.gz", "checked.jsonl.gz"])("%s agrees with its manifest: exit 0", async (name) => {
    const out = join(dir, name);
    expect((await exportTo(out, ["--row-group-size", "100"].filter(() => name.endsWith(".parquet")))).code).toBe(0);
    const checked = await runCli(["check", out]);
    const bytes = (await readFile(out)).length;
    expect({ code: checked.code, stderr: checked.stderr }).toEqual({ code: 0, stderr: "" });
    expect(checked.stdout).toMatch(new RegExp(`^OK ${out}: \\w+( \\(gzip\\))?, 250 profiles, ${bytes.toLocaleString("en-US")} bytes, sha256 [0-9a-f]{64}: as its manifest says\\n$`));
  });

  it("a file changed after the export disagrees: exit 1, naming what differs", async () => {
    const out = join(dir, "changed.ndjson");
    expect((await exportTo(out)).code).toBe(0);
    await appendFile(out, '{"id":"cl-planted"}\n');
    const checked = await runCli(["check", out]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/^FAIL .*changed\.ndjson does not match its manifest:\n {2}profiles: the manifest says 250, the file holds 251\n {2}bytes: .*\n {2}sha256: /);
    expect(checked.stderr).toBe(`amperity-profiles: ${out} does not match its manifest (profiles, bytes, sha256)\n`);
  });

  it("no manifest is exit 1; no file is a usage error, exit 2", async () => {
    const out = join(dir, "unrecorded.ndjson");
    await writeFile(out, "{}\n");
    const unrecorded = await runCli(["check", out]);
    expect({ code: unrecorded.code, stdout: unrecorded.stdout }).toEqual({ code: 1, stdout: `FAIL ${out}: ${out}.manifest.json does not exist\n` });
    const missing = await runCli(["check", join(dir, "never-written.csv")]);
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({ code: 2, stderr: `amperity-profiles: ${join(dir, "never-written.csv")} does not exist; check the path\n` });
  });
});
