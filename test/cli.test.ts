import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { run } from "../src/cli/program.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

const token = "tok-CLI-SECRET-5f3a";
let sandbox: Sandbox;
let index: string;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 2500, indexes: 2, token });
  index = sandbox.indexes[0]!;
  env = sandboxEnv(sandbox);
  dir = await mkdtemp(join(tmpdir(), "cli-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const ndjsonIds = (text: string) => text.trimEnd().split("\n").map((line) => (JSON.parse(line) as { id: string }).id);

describe("help", () => {
  it("lists the commands on stdout and exits 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of ["export", "indexes", "get", "sandbox"]) expect(result.stdout).toContain(command);
  });

  it("offers no --token flag except the sandbox's, which says it is for local testing", async () => {
    for (const command of ["export", "indexes", "get"]) {
      expect((await runCli([command, "--help"])).stdout).not.toMatch(/--token\b(?!-file)/);
    }
    expect((await runCli(["sandbox", "--help"])).stdout).toMatch(/--token <token>.*for local testing only/s);
  });
});

describe("export", () => {
  let all: string[];
  it("streams every page as NDJSON on stdout, progress only on stderr (DOC-10)", async () => {
    const result = await runCli(["export", index, "--limit", "300"], { env });
    expect(result.code).toBe(0);
    all = ndjsonIds(result.stdout);
    expect(all).toHaveLength(2500);
    expect(new Set(all).size).toBe(2500);
    expect(result.stderr).toMatch(/^exported 2,500 profiles to stdout in /m);
  });

  it("writes CSV when --out ends in .csv, one column per attribute, and leaves nothing else behind but its manifest (DOC-11)", async () => {
    const out = join(dir, "all.csv");
    const result = await runCli(["export", index, "--out", out, "--no-progress"], { env });
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    const lines = (await readFile(out, "utf8")).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^id,index_id,given_name,surname,email,/);
    expect(lines).toHaveLength(2501);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(all);
    expect((await readdir(dir)).sort()).toEqual(["all.csv", "all.csv.manifest.json"]);
  });

  it("writes one JSON array for .json", async () => {
    const out = join(dir, "some.json");
    expect((await runCli(["export", index, "--out", out, "--max-items", "7", "--limit", "3"], { env })).code).toBe(0);
    const profiles = JSON.parse(await readFile(out, "utf8")) as { id: string }[];
    expect(profiles.map((p) => p.id)).toEqual(all.slice(0, 7));
  });

  it("honours --format over the extension, and --max-items", async () => {
    const result = await runCli(["export", index, "--format", "csv", "--max-items", "2"], { env });
    expect(result.stdout.split("\n")).toHaveLength(4);
    expect(result.stdout.split("\n")[2]).toMatch(new RegExp(`^${all[1]},${index},`));
  });

  it("passes --filter through: the result is the matching subset (DOC-24)", async () => {
    const first = JSON.parse((await runCli(["export", index, "--max-items", "1"], { env })).stdout) as {
      attributes: { state: string; city: string };
    };
    const { state, city } = first.attributes;
    const result = await runCli(["export", index, "--filter", `state=${state}`, "--filter", `city=${city}`], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as { attributes: Record<string, string> });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(2500);
    for (const profile of lines) expect(profile.attributes).toMatchObject({ state, city });
  });

  it("asks for the total with --with-total and shows a bar with a percentage on a terminal", async () => {
    const result = await runCli(["export", index, "--with-total", "--max-items", "1200", "--out", join(dir, "t.ndjson")], {
      env,
      stderrIsTTY: true,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\d+% \| [\d,]+\/1,200 profiles/);
  });

  it("writes an empty CSV as a header only", async () => {
    const out = join(dir, "none.csv");
    const result = await runCli(["export", index, "--out", out, "--filter", "email=nobody@invalid"], { env });
    expect(result.code).toBe(0);
    expect(await readFile(out, "utf8")).toBe("id,index_id\n");
  });

  it("stops with exit 1 naming an attribute missing from the CSV header, leaving no file at --out (DOC-11)", async () => {
    const pages = [
      { data: [{ id: "a", index_id: "i", attributes: { email: "a@x" } }], next_token: "t1" },
      { data: [{ id: "b", index_id: "i", attributes: { email: "b@x", tier: "gold" } }] },
    ];
    let calls = 0;
    const fetch = async () => Response.json(pages[calls++]);
    const out = join(dir, "varying.csv");
    const result = await runCli(["export", "i", "--out", out], { env, client: { fetch } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/profile "b" has attribute "tier" that is not in the CSV header/);
    // Resuming would fail on the same profile, so the CLI does not suggest it.
    expect(result.stderr).not.toMatch(/--resume/);
    expect(await readdir(dir)).not.toContain("varying.csv");
  });

  it("replaces a leftover unfinished export when run without --resume, and says so", async () => {
    const out = join(dir, "left.ndjson");
    await writeFile(`${out}.part`, "garbage");
    await writeFile(`${out}.checkpoint.json`, "{}");
    const result = await runCli(["export", index, "--out", out, "--max-items", "5"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/replacing the unfinished export/);
    expect(ndjsonIds(await readFile(out, "utf8"))).toEqual(all.slice(0, 5));
    expect((await readdir(dir)).filter((name) => name.startsWith("left")).sort()).toEqual(["left.ndjson", "left.ndjson.manifest.json"]);
  });

  it("--resume without a checkpoint starts from the beginning", async () => {
    const out = join(dir, "fresh.ndjson");
    const result = await runCli(["export", index, "--out", out, "--max-items", "4", "--resume"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/no checkpoint .*starting from the beginning/);
    expect(ndjsonIds(await readFile(out, "utf8"))).toEqual(all.slice(0, 4));
  });

  it("ends quietly with exit 0 when the reader of stdout goes away (EPIPE)", async () => {
    let writes = 0;
    const stdout = new Writable({
      write(_chunk, _encoding, callback) {
        writes++;
        callback(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    const stderr = new PassThrough();
    let errors = "";
    stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const code = await run(["export", index, "--limit", "100", "--no-progress"], { env, stdout, stderr });
    expect({ code, errors }).toEqual({ code: 0, errors: "" });
    // It stopped at the failed write instead of fetching all 25 pages.
    expect(writes).toBeLessThan(5);
  });

  it("never writes the token to stdout, stderr or any file", async () => {
    const out = join(dir, "secret.json");
    const results = [
      await runCli(["export", index, "--out", out, "--max-items", "3"], { env }),
      await runCli(["export", "missing-index", "--out", join(dir, "x.csv")], { env }),
      await runCli(["indexes"], { env: { ...env, AMPERITY_TENANT: "wrong-tenant" } }),
    ];
    for (const result of results) expect(result.stdout + result.stderr).not.toContain(token);
    for (const name of await readdir(dir)) expect(await readFile(join(dir, name), "utf8")).not.toContain(token);
  });
});

describe("indexes and get", () => {
  it("lists indexes as a table and as JSON", async () => {
    const table = await runCli(["indexes"], { env });
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+NAME/);
    for (const id of sandbox.indexes) expect(table.stdout).toContain(id);
    const json = await runCli(["indexes", "--json"], { env });
    expect((JSON.parse(json.stdout) as { id: string }[]).map((i) => i.id)).toEqual(sandbox.indexes);
  });

  it("prints one profile as JSON, and exits 1 for an unknown one", async () => {
    const id = ndjsonIds((await runCli(["export", index, "--max-items", "1"], { env })).stdout)[0]!;
    const result = await runCli(["get", index, id], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id, index_id: index });
    const missing = await runCli(["get", index, "cl-nothere"], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^amperity-profiles: API error 404/);
  });

  it("reads the token from --token-file", async () => {
    const file = join(dir, "token.txt");
    await writeFile(file, `${token}\n`);
    const { AMPERITY_TOKEN: _unused, ...rest } = env;
    const result = await runCli(["indexes", "--json", "--token-file", file], { env: rest });
    await rm(file);
    expect(result.code).toBe(0);
  });
});

describe("sandbox command", () => {
  it("prints one JSON line when ready, serves, and closes on the stop signal", async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stderr.resume();
    const controller = new AbortController();
    const line = new Promise<string>((resolve) => stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())));
    const exit = run(["sandbox", "--profiles", "3", "--token", "local-only", "--tenant", "demo"], {
      env: {},
      stdout,
      stderr,
      signal: controller.signal,
    });
    const ready = JSON.parse(await line) as { url: string; tenant: string; token: string; indexes: string[] };
    expect(ready).toMatchObject({ tenant: "demo", token: "local-only" });
    const listed = await runCli(["export", ready.indexes[0]!], {
      env: { AMPERITY_TENANT: "demo", AMPERITY_TOKEN: "local-only", AMPERITY_BASE_URL: ready.url },
    });
    expect(ndjsonIds(listed.stdout)).toHaveLength(3);
    controller.abort();
    expect(await exit).toBe(0);
    await expect(fetch(`${ready.url}/indexes`)).rejects.toThrow();
  });

  it("exits 2 for an option the sandbox refuses", async () => {
    const result = await runCli(["sandbox", "--tenant", "not a tenant"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tenant/);
  });
});
