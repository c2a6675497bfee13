/**
 * Crash and resume with a real child process: `export --resume` killed with SIGKILL at several random moments,
 * resumed each time, must end with a file byte-identical to an uninterrupted export: CSV, gzip (the part file is
 * cut back to a member boundary) and Parquet (to a row-group boundary; its bytes carry nothing run-dependent, so
 * they are identical too). Also Ctrl-C (SIGINT).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { bundleCli } from "../cli-harness.js";

let sandbox: Sandbox;
let dir: string;
let cli: string;
let env: NodeJS.ProcessEnv;
/** Each format's uninterrupted export, by file extension. */
const references = new Map<string, Buffer>();
// gzip exports half the index, to keep the suite short. Parquet checkpoints once per row group (two pages of 200
// here), so it takes more of the index: at least a checkpoint per resumed run, with room for four kills on a
// loaded machine.
const formats = [
  { ext: "csv", extra: [] },
  { ext: "ndjson.gz", extra: ["--max-items", "6000"] },
  { ext: "parquet", extra: ["--max-items", "8000", "--row-group-size", "400"] },
];
const children = new Set<ChildProcess>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "reliability-crash-"));
  cli = await bundleCli(dir);
  // Latency stretches the export so the kills land in the middle of it.
  sandbox = await startSandbox({ profiles: 12_000, seed: "crash", latencyMs: 8 });
  // The token goes to the child through its environment, never its command line.
  env = {
    PATH: process.env["PATH"],
    AMPERITY_TENANT: sandbox.tenant,
    AMPERITY_TOKEN: sandbox.token,
    AMPERITY_BASE_URL: sandbox.url,
  };
  for (const { ext, extra } of formats) {
    const first = await exportOnce(join(dir, `reference.${ext}`), extra);
    expect(first.code).toBe(0);
    references.set(ext, await readFile(join(dir, `reference.${ext}`)));
  }
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

// A checkpoint after every page, so the kills land between checkpoints of a short export.
const args = (out: string, extra: string[]) => [cli, "export", sandbox.indexes[0]!, "--out", out, "--limit", "200", "--checkpoint-interval", "0", ...extra];

function start(out: string, extra: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const child = spawn(process.execPath, args(out, extra), { env, stdio: ["ignore", "ignore", "pipe"] });
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = once(child, "close").then(([code, signal]) => {
    children.delete(child);
    return { code: code as number | null, signal: signal as string | null, stderr };
  });
  return { child, done };
}

const exportOnce = (out: string, extra: string[]) => start(out, extra).done;

async function checkpointCount(out: string): Promise<number> {
  try {
    return (JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8")) as { count: number }).count;
  } catch {
    return -1; // none yet, or being replaced (it is renamed into place, so never half-written)
  }
}

/** Resolves once the checkpoint shows more than `count` profiles, or the child has exited. */
async function progressPast(out: string, count: number, exited: () => boolean): Promise<void> {
  while (!exited() && (await checkpointCount(out)) <= count) await new Promise((r) => setTimeout(r, 5));
}

it.each(formats)("$ext: SIGKILL at random moments, --resume each time: the final file equals an uninterrupted export", async ({ ext, extra }) => {
  const out = join(dir, `killed.${ext}`);
  const moments: string[] = [];
  let kills = 0;
  for (let round = 0; round < 5; round++) {
    const { child, done } = start(out, ["--resume", "--no-progress", ...extra]);
    let exited = false;
    void done.then(() => (exited = true));
    if (round === 0) {
      // Anywhere, possibly before the first page.
      const wait = Math.floor(Math.random() * 400);
      moments.push(`${wait} ms after start`);
      await new Promise((r) => setTimeout(r, wait));
    } else {
      // After at least one more page, then somewhere within the next page's fetch, write or checkpoint.
      const before = await checkpointCount(out);
      await progressPast(out, before, () => exited);
      const wait = Math.floor(Math.random() * 40);
      moments.push(`${wait} ms after the checkpoint passed ${before}`);
      await new Promise((r) => setTimeout(r, wait));
    }
    if (exited) break;
    child.kill("SIGKILL");
    const result = await done;
    expect(result.signal).toBe("SIGKILL");
    kills++;
    // Whatever the moment, nothing at --out may look complete.
    await expect(stat(out)).rejects.toMatchObject({ code: "ENOENT" });
  }
  const last = await exportOnce(out, ["--resume", "--no-progress", ...extra]);
  expect({ code: last.code, stderr: last.stderr }).toEqual({ code: 0, stderr: expect.stringMatching(/resuming: \d+ profiles/) });
  expect(kills).toBeGreaterThanOrEqual(4);
  const got = await readFile(out);
  // On failure, the kill moments say what to reproduce.
  expect({ moments, identical: got.equals(references.get(ext)!) }).toEqual({ moments, identical: true });
  expect((await readdir(dir)).filter((name) => name.startsWith(`killed.${ext}`)).sort()).toEqual([`killed.${ext}`, `killed.${ext}.manifest.json`]);
}, 90_000);

it("Ctrl-C stops cleanly with exit 130 and a hint; --resume completes the same file", async () => {
  const out = join(dir, "interrupted.csv");
  const { child, done } = start(out, []);
  let exited = false;
  void done.then(() => (exited = true));
  await progressPast(out, 0, () => exited);
  child.kill("SIGINT");
  const stopped = await done;
  expect(stopped.code).toBe(130);
  expect(stopped.stderr).toMatch(/amperity-profiles: interrupted by SIGINT/);
  expect(stopped.stderr).toMatch(/run the same command with --resume/);
  const resumed = await exportOnce(out, ["--resume"]);
  expect(resumed.code).toBe(0);
  expect((await readFile(out)).equals(references.get("csv")!)).toBe(true);
}, 60_000);
