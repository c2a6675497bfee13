/**
 * Reliability of `export` against a real sandbox on 127.0.0.1: injected faults, retries running out mid-export,
 * and bad input. Runs in-process (the CLI's `run`), with no waiting between retries.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

const profiles = 10_000;
let clean: Sandbox;
let faulty: Sandbox;
let dir: string;
let reference: string;

beforeAll(async () => {
  // Same seed, same data: the faulty sandbox serves exactly the clean one's profiles, behind faults.
  [clean, faulty] = await Promise.all([
    startSandbox({ profiles, seed: "reliability" }),
    startSandbox({ profiles, seed: "reliability", faultRate: 0.3 }),
  ]);
  dir = await mkdtemp(join(tmpdir(), "reliability-"));
  const result = await runCli(["export", clean.indexes[0]!, "--out", join(dir, "reference.ndjson"), "--limit", "500"], {
    env: sandboxEnv(clean),
  });
  expect(result.code).toBe(0);
  reference = await readFile(join(dir, "reference.ndjson"), "utf8");
});
afterAll(async () => {
  await Promise.all([clean.close(), faulty.close()]);
  await rm(dir, { recursive: true, force: true });
});

const ids = (ndjson: string) => ndjson.trimEnd().split("\n").map((line) => (JSON.parse(line) as { id: string }).id);

it("exports every profile exactly once from a sandbox failing 30% of requests", async () => {
  const out = join(dir, "faulty.ndjson");
  const result = await runCli(["export", faulty.indexes[0]!, "--out", out, "--limit", "500", "--max-attempts", "15"], {
    env: sandboxEnv(faulty),
  });
  expect(result.code).toBe(0);
  // The faults happened and were reported as diagnostics.
  expect(result.stderr).toMatch(/^retrying after /m);
  const got = ids(await readFile(out, "utf8"));
  expect(got).toHaveLength(profiles);
  expect(new Set(got).size).toBe(profiles);
  expect(new Set(got)).toEqual(new Set(ids(reference)));
  expect(await readFile(out, "utf8")).toBe(reference);
});

it("exits 1 when retries run out mid-export, and --resume then completes the same file", async () => {
  const out = join(dir, "exhausted.ndjson");
  const env = sandboxEnv(clean);
  const argv = ["export", clean.indexes[0]!, "--out", out, "--limit", "500", "--max-attempts", "3"];
  // Four pages go through, then the service is down for good.
  let requests = 0;
  const failing = async (request: Request) =>
    ++requests <= 4 ? fetch(request) : Response.json({ status: 503, message: "Service unavailable" }, { status: 503 });
  const failed = await runCli(argv, { env, client: { fetch: failing } });
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(/^amperity-profiles: API error 503 after 3 attempts: Service unavailable$/m);
  expect(failed.stderr).toMatch(/run the same command with --resume/);
  expect((await readdir(dir)).filter((name) => name.startsWith("exhausted")).sort()).toEqual([
    "exhausted.ndjson.checkpoint.json",
    "exhausted.ndjson.part",
  ]);
  const checkpoint = await readFile(`${out}.checkpoint.json`, "utf8");
  expect(JSON.parse(checkpoint)).toMatchObject({ count: 2000, next_token: expect.any(String) });
  expect(checkpoint).not.toContain(clean.token);

  const resumed = await runCli([...argv, "--resume"], { env });
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toMatch(/resuming: 2000 profiles already/);
  expect(await readFile(out, "utf8")).toBe(reference);
  expect((await readdir(dir)).filter((name) => name.startsWith("exhausted")).sort()).toEqual(["exhausted.ndjson", "exhausted.ndjson.manifest.json"]);
});

describe("bad input: a clear one-line reason, the right exit code, no file at --out", () => {
  const out = () => join(dir, "bad", "out.csv");
  beforeEach(async () => {
    await rm(join(dir, "bad"), { recursive: true, force: true });
    await mkdir(join(dir, "bad"));
  });
  const leftovers = async () => readdir(join(dir, "bad"));

  it.each([
    ["an unknown format", ["--format", "xml"], {}, 2, /argument 'xml' is invalid\. Allowed choices are ndjson, csv, json/],
    ["a bad --filter", ["--filter", "state"], {}, 2, /expected attr=value/],
    ["a bad --limit", ["--limit", "0"], {}, 2, /expected an integer ≥ 1/],
    ["a missing tenant", [], { AMPERITY_TENANT: undefined }, 2, /AMPERITY_TENANT is not set/],
    ["a missing token", [], { AMPERITY_TOKEN: undefined }, 2, /no token: set AMPERITY_TOKEN/],
    ["an invalid tenant", [], { AMPERITY_TENANT: "not a tenant" }, 2, /AMPERITY_TENANT must be a DNS label/],
    ["a token too short to be real", [], { AMPERITY_TOKEN: "wrong" }, 2, /AMPERITY_TOKEN must be at least 8 characters long/],
    ["a wrong token", [], { AMPERITY_TOKEN: "wrong-token" }, 1, /API error 401/],
    ["a wrong tenant", [], { AMPERITY_TENANT: "other" }, 1, /API error 40[13]/],
  ])("%s", async (_what, extra, envChange, code, message) => {
    const env = { ...sandboxEnv(clean), ...envChange };
    const result = await runCli(["export", clean.indexes[0]!, "--out", out(), ...extra], { env });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
    expect(await leftovers()).toEqual([]);
  });

  it("an index that does not exist: exit 1 with the API's 404", async () => {
    const result = await runCli(["export", "idx-missing", "--out", out()], { env: sandboxEnv(clean) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^amperity-profiles: API error 404: .*idx-missing/m);
    expect(await leftovers()).toEqual([]);
  });

  it("a failed export leaves an earlier complete file untouched", async () => {
    await writeFile(out(), "an earlier export\n");
    const result = await runCli(["export", "idx-missing", "--out", out()], { env: sandboxEnv(clean) });
    expect(result.code).toBe(1);
    expect(await readFile(out(), "utf8")).toBe("an earlier export\n");
    expect(await leftovers()).toEqual(["out.csv"]);
  });

  it.each([
    ["in a directory that does not exist", () => join(dir, "bad", "missing", "out.csv"), /the folder .*missing does not exist \(--out\); create it with mkdir -p .*missing, or give another --out/],
    ["that is a directory", () => join(dir, "bad"), /the output file .*bad \(--out\) is a folder; give the path of a file/],
  ])("an --out %s: exit 2 before any request", async (_what, path, message) => {
    let requests = 0;
    const counting = async (request: Request) => (requests++, fetch(request));
    // --format, so the directory's name (no extension) is not what is refused.
    const result = await runCli(["export", clean.indexes[0]!, "--out", path(), "--format", "csv"], {
      env: sandboxEnv(clean),
      client: { fetch: counting },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(requests).toBe(0);
  });

  it("--resume without --out: exit 2", async () => {
    const result = await runCli(["export", clean.indexes[0]!, "--resume"], { env: sandboxEnv(clean) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--resume needs --out/);
  });

  it("--resume with the checkpoint of another export: exit 2, and its files are kept", async () => {
    const env = sandboxEnv(clean);
    const failing = async (request: Request) => Response.json({ status: 500, message: "down" }, { status: 500, headers: {} });
    let calls = 0;
    const once = async (request: Request) => (++calls === 1 ? fetch(request) : failing(request));
    const first = await runCli(["export", clean.indexes[0]!, "--out", out(), "--limit", "10", "--max-attempts", "1"], {
      env,
      client: { fetch: once },
    });
    expect(first.code).toBe(1);
    const before = (await leftovers()).sort();
    expect(before).toEqual(["out.csv.checkpoint.json", "out.csv.part"]);
    for (const other of [["--limit", "20"], ["--filter", "state=NY"], ["--format", "json"]]) {
      const result = await runCli(["export", clean.indexes[0]!, "--out", out(), "--limit", "10", "--resume", ...other], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/belongs to a different export/);
    }
    expect((await leftovers()).sort()).toEqual(before);
  });
});
