/**
 * Two exports to the same --out at once: the second must fail at once with exit 2 naming the first, and never
 * touch the first's part file. A lock left by a killed export (its pid gone) is taken over; a lock of another host
 * is never judged stale.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { acquireExportLock } from "../src/edges/files/export-lock.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  // Latency keeps the first export running while the second starts.
  sandbox = await startSandbox({ profiles: 2000, latencyMs: 20 });
  dir = await mkdtemp(join(tmpdir(), "export-concurrent-lock-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const exportTo = (out: string) =>
  runCli(["export", sandbox.indexes[0]!, "--out", out, "--limit", "100", "--no-progress"], { env: sandboxEnv(sandbox) });

it("a second export to the same --out fails at once with exit 2 naming the first; the first completes intact", async () => {
  const out = join(dir, "both.ndjson");
  const first = exportTo(out);
  // Once the first has its part file, it holds the lock.
  while (!(await readdir(dir)).includes("both.ndjson.part")) await new Promise((r) => setTimeout(r, 2));
  const second = await exportTo(out);
  expect(second.code).toBe(2);
  expect(second.stderr).toMatch(new RegExp(`another export to --out .*both\\.ndjson is running \\(pid ${process.pid} on `));
  const done = await first;
  expect(done.code).toBe(0);
  const lines = (await readFile(out, "utf8")).split("\n");
  expect(lines.pop()).toBe("");
  expect(lines).toHaveLength(2000);
  expect(new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id)).size).toBe(2000);
  expect((await readdir(dir)).filter((name) => name.startsWith("both")).sort()).toEqual(["both.ndjson", "both.ndjson.manifest.json"]);
}, 30_000);

it("a stale lock, left by an export killed on this host, is taken over", async () => {
  const out = join(dir, "stale.ndjson");
  // The pid of a process that has exited.
  const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
  await writeFile(`${out}.lock`, JSON.stringify({ pid: Number(gone), host: hostname(), started: "2026-01-01T00:00:00.000Z", nonce: "old" }));
  const result = await exportTo(out);
  expect(result.code).toBe(0);
  expect((await readdir(dir)).filter((name) => name.startsWith("stale")).sort()).toEqual(["stale.ndjson", "stale.ndjson.manifest.json"]);
});

it("a lock of another host is not judged stale: exit 2, and the lock is left alone", async () => {
  const out = join(dir, "remote.ndjson");
  const lock = JSON.stringify({ pid: 1, host: "build-agent-7", started: "2026-01-01T00:00:00.000Z", nonce: "n" });
  await writeFile(`${out}.lock`, lock);
  const result = await exportTo(out);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/pid 1 on build-agent-7.*if it is no longer running, delete .*remote\.ndjson\.lock/);
  expect(await readFile(`${out}.lock`, "utf8")).toBe(lock);
});

it("two exports taking over the same stale lock at once: exactly one holds it", async () => {
  const gone = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());
  for (let round = 0; round < 20; round++) {
    const out = join(dir, `race-${round}.ndjson`);
    await writeFile(`${out}.lock`, JSON.stringify({ pid: gone, host: hostname(), started: "2026-01-01T00:00:00.000Z", nonce: "old" }));
    const results = await Promise.allSettled([acquireExportLock(out), acquireExportLock(out)]);
    const held = results.filter((result) => result.status === "fulfilled");
    expect(held).toHaveLength(1);
    expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: { name: "ExportLockError" } });
    await (held[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
    expect((await readdir(dir)).filter((name) => name.startsWith(`race-${round}.`))).toEqual([]);
  }
});
