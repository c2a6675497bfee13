// `export --all-indexes`: every index to its own file, concurrently, under one request budget.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 1200, indexes: 3 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "amperity-all-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("export --all-indexes", () => {
  it("writes DIR/<indexId>.<ext> for every index, each complete, one summary line per index, exit 0", async () => {
    const result = await runCli(["export", "--all-indexes", "--out-dir", dir, "--format", "csv", "--limit", "500", "--concurrency", "2"], { env: sandboxEnv(sandbox) });
    expect(result.code).toBe(0);
    // Each file with its manifest beside it.
    expect((await readdir(dir)).sort()).toEqual(sandbox.indexes.flatMap((id) => [`${id}.csv`, `${id}.csv.manifest.json`]).sort());
    for (const id of sandbox.indexes) {
      const lines = (await readFile(join(dir, `${id}.csv`), "utf8")).trimEnd().split("\n");
      expect(lines).toHaveLength(1201);
      expect(lines[1]!.split(",")[1]).toBe(id);
      expect(result.stderr).toContain(`${id}: exported to ${join(dir, `${id}.csv`)}`);
    }
    expect(result.stderr).toContain(`3 of 3 indexes exported to ${dir}`);
  });

  it("one display for every export: their notes prefixed with the index, one total at the end, on a terminal too", async () => {
    const args = ["export", "--all-indexes", "--out-dir", dir, "--limit", "500"];
    expect((await runCli(args, { env: sandboxEnv(sandbox) })).code).toBe(0);
    const again = await runCli(args, { env: sandboxEnv(sandbox), stderrIsTTY: true });
    expect(again.code).toBe(0);
    for (const id of sandbox.indexes) expect(again.stderr).toContain(`${id}: replaced the existing file ${join(dir, `${id}.ndjson`)}\n`);
    // The three exports' profiles in one summary, not a summary per export.
    expect(again.stderr.match(/exported [\d,]+ profiles? to /g)).toEqual([`exported 3,600 profiles to `]);
    expect(again.stderr).toContain(`exported 3,600 profiles to ${dir} in `);
  });

  it("shares one --max-rps budget across the concurrent exports", async () => {
    // A clock that stands still: every request asks the one limiter for the next slot, 25 ms after the last.
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const result = await runCli(["export", "--all-indexes", "--out-dir", dir, "--limit", "400", "--max-rps", "40"], {
      env: sandboxEnv(sandbox),
      client: { now: () => 0, sleep },
    });
    expect(result.code).toBe(0);
    // 1 listing + 3 indexes × 3 pages, all through one limiter: one schedule, not three.
    expect(waits).toEqual(Array.from({ length: 9 }, (_, i) => 25 * (i + 1)));
  });

  it("path traversal: an index id that is not a safe file name is reported and skipped, the others are exported, exit 1", async () => {
    const hostile = "../../escaped";
    const fetch = async (request: Request) => {
      const response = await globalThis.fetch(request);
      if (!new URL(request.url).pathname.endsWith("/indexes")) return response;
      const body = (await response.json()) as { data: Array<{ id: string }> };
      body.data[0]!.id = hostile;
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    };
    const result = await runCli(["export", "--all-indexes", "--out-dir", dir], { env: sandboxEnv(sandbox), client: { fetch } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${hostile}: failed: the index id "${hostile}" is not a safe file name`);
    expect((await readdir(dir)).sort()).toEqual(sandbox.indexes.slice(1).flatMap((id) => [`${id}.ndjson`, `${id}.ndjson.manifest.json`]).sort());
    expect((await readdir(join(dir, ".."))).filter((name) => name.startsWith("escaped"))).toEqual([]);
  });

  it("a listing that names an index twice exports it once, not twice into one file", async () => {
    const fetch = async (request: Request) => {
      const response = await globalThis.fetch(request);
      if (!new URL(request.url).pathname.endsWith("/indexes")) return response;
      const body = (await response.json()) as { data: Array<{ id: string }> };
      body.data[1]!.id = body.data[0]!.id;
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    };
    const result = await runCli(["export", "--all-indexes", "--out-dir", dir], { env: sandboxEnv(sandbox), client: { fetch } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`2 of 2 indexes exported to ${dir}`);
    const lines = (await readFile(join(dir, `${sandbox.indexes[0]}.ndjson`), "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(1200);
  });

  it("refuses --out with --all-indexes, --out-dir without it, and neither an index nor --all-indexes, before any request (exit 2)", async () => {
    const fetch = () => Promise.reject(new Error("no request expected"));
    const both = await runCli(["export", "--all-indexes", "--out-dir", dir, "--out", "x.csv"], { env: sandboxEnv(sandbox), client: { fetch } });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--out-dir/);
    const alone = await runCli(["export", sandbox.indexes[0]!, "--out-dir", dir], { env: sandboxEnv(sandbox), client: { fetch } });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--all-indexes/);
    const neither = await runCli(["export"], { env: sandboxEnv(sandbox), client: { fetch } });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/missing the index id to export \(or --all-indexes/);
  });
});
