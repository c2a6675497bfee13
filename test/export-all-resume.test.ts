// `export --all-indexes --resume`: an index whose file an earlier run finished (it matches its manifest, which
// describes this export) is left as it is, with no request for its profiles; the others are exported or resumed.
import { appendFile, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 600, indexes: 3 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "amperity-all-resume-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Runs the command, counting the profile-list requests per index. */
async function exportAll(extra: string[]) {
  const profileRequests = new Map<string, number>();
  const fetch = async (input: Request | string, init?: RequestInit) => {
    const match = /\/indexes\/([^/]+)\/profiles$/.exec(new URL(typeof input === "string" ? input : input.url).pathname);
    if (match) profileRequests.set(match[1]!, (profileRequests.get(match[1]!) ?? 0) + 1);
    return globalThis.fetch(input, init);
  };
  const result = await runCli(["export", "--all-indexes", "--out-dir", dir, "--limit", "250", "--no-progress", ...extra], {
    env: sandboxEnv(sandbox),
    client: { fetch: fetch as typeof globalThis.fetch },
  });
  return { ...result, profileRequests };
}

const file = (id: string) => join(dir, `${id}.ndjson`);

describe("export --all-indexes --resume", () => {
  it("leaves every file an earlier run finished as it is, with no request for its profiles", async () => {
    expect((await exportAll([])).code).toBe(0);
    const before = await Promise.all(sandbox.indexes.map(async (id) => [await readFile(file(id)), (await stat(file(id))).mtimeMs]));
    const resumed = await exportAll(["--resume"]);
    expect(resumed.code).toBe(0);
    expect(resumed.profileRequests.size).toBe(0);
    for (const [i, id] of sandbox.indexes.entries()) {
      expect(resumed.stderr).toContain(`${id}: already exported to ${file(id)} by an earlier run (it matches its manifest); left as it is\n`);
      expect([await readFile(file(id)), (await stat(file(id))).mtimeMs]).toEqual(before[i]);
    }
    expect(resumed.stderr).toContain(`3 of 3 indexes exported to ${dir}`);
  }, 30_000);

  it("exports again a file that no longer matches its manifest, or has none, and leaves the rest", async () => {
    expect((await exportAll([])).code).toBe(0);
    const [changed, bare, kept] = sandbox.indexes as [string, string, string];
    const whole = await readFile(file(changed));
    await appendFile(file(changed), "{}\n");
    await rm(`${file(bare)}.manifest.json`);
    const resumed = await exportAll(["--resume"]);
    expect(resumed.code).toBe(0);
    expect([...resumed.profileRequests.keys()].sort()).toEqual([changed, bare].sort());
    expect(resumed.stderr).toContain(`${kept}: already exported`);
    expect(resumed.stderr).toContain(`${changed}: exported to ${file(changed)}`);
    expect(await readFile(file(changed))).toEqual(whole);
    expect((await readFile(`${file(bare)}.manifest.json`, "utf8")).length).toBeGreaterThan(0);
  }, 30_000);

  it("exports again a Parquet file written with another --parquet-codec, and leaves one written with the same", async () => {
    expect((await exportAll(["--format", "parquet"])).code).toBe(0);
    const same = await exportAll(["--format", "parquet", "--parquet-codec", "snappy", "--resume"]);
    expect({ code: same.code, requested: same.profileRequests.size }).toEqual({ code: 0, requested: 0 });
    const other = await exportAll(["--format", "parquet", "--parquet-codec", "gzip", "--resume"]);
    expect(other.code).toBe(0);
    expect([...other.profileRequests.keys()].sort()).toEqual([...sandbox.indexes].sort());
    const manifest = JSON.parse(await readFile(join(dir, `${sandbox.indexes[0]}.parquet.manifest.json`), "utf8")) as { parquet_codec: string };
    expect(manifest.parquet_codec).toBe("gzip");
  }, 30_000);

  it("exports again a file whose manifest describes another export (here --max-items)", async () => {
    expect((await exportAll(["--max-items", "100"])).code).toBe(0);
    const resumed = await exportAll(["--resume"]);
    expect(resumed.code).toBe(0);
    expect([...resumed.profileRequests.keys()].sort()).toEqual([...sandbox.indexes].sort());
    for (const id of sandbox.indexes) expect((await readFile(file(id), "utf8")).trimEnd().split("\n")).toHaveLength(600);
  }, 30_000);
});
