/**
 * Checkpoints at most once per --checkpoint-interval (each costs two fsyncs and a rename): a crash re-fetches the
 * pages written since the last one, and a stop the process lives through (a signal, a failed request) still
 * checkpoints every whole page it wrote. Either way --resume ends with the bytes of an uninterrupted export.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkpointPath } from "../src/export/checkpoint.js";
import { fingerprint } from "../src/export/checkpoint.js";
import { openResumableOutput } from "../src/export/resumable-output.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { bundleCli } from "./cli-harness.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-checkpoint-interval-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const identity = { indexId: "idx-1", format: "ndjson" as const, fingerprint: fingerprint({}) };
const savedCount = async (out: string) =>
  readFile(checkpointPath(out), "utf8").then((text) => (JSON.parse(text) as { count: number }).count, () => undefined);

describe("the checkpoint schedule", () => {
  it("writes a checkpoint once the interval has passed, and always after the last page", async () => {
    const out = join(dir, "schedule.ndjson");
    let clock = 0;
    const output = await openResumableOutput(out, identity, { resume: false, note: () => undefined, checkpointIntervalMs: 1000, now: () => clock });
    const seen: (number | undefined)[] = [];
    for (let page = 1; page <= 25; page++) {
      clock += 100;
      await output.file.write(`{"id":"p${page}"}\n`);
      await output.pageWritten(page === 25 ? null : `t${page}`, { count: page, columns: null });
      seen.push(await savedCount(out));
    }
    // Pages 10 and 20 fall a second after the previous checkpoint; page 25 is the last.
    expect(seen).toEqual([...Array(9).fill(undefined), ...Array(10).fill(10), ...Array(5).fill(20), 25]);
    await output.commit();
  });

  it("checkpoints the last whole page when the export stops before the interval is up", async () => {
    const out = join(dir, "stopped.ndjson");
    const output = await openResumableOutput(out, identity, { resume: false, note: () => undefined, checkpointIntervalMs: 60_000 });
    for (let page = 1; page <= 3; page++) {
      await output.file.write(`{"id":"p${page}"}\n`);
      await output.pageWritten(`t${page}`, { count: page, columns: null });
    }
    expect(await savedCount(out)).toBeUndefined();
    // Half a page, as a write cut short by the failure would leave.
    await output.file.write('{"id":"p4"');
    expect(await output.abandon()).toEqual({ resumable: true });
    const saved = JSON.parse(await readFile(checkpointPath(out), "utf8")) as { count: number; bytes: number; next_token: string };
    expect(saved).toMatchObject({ count: 3, next_token: "t3", bytes: Buffer.byteLength('{"id":"p1"}\n{"id":"p2"}\n{"id":"p3"}\n') });
  });
});

describe("a real export with an interval", () => {
  let sandbox: Sandbox;
  let cli: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    cli = await bundleCli(dir);
    sandbox = await startSandbox({ profiles: 12_000, seed: "interval", latencyMs: 5 });
    env = { PATH: process.env["PATH"], AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token, AMPERITY_BASE_URL: sandbox.url };
  }, 30_000);
  afterAll(() => sandbox.close());

  const run = (out: string, extra: string[]) => {
    // 120 pages of at least 5 ms, checkpointed every 200 ms: a few checkpoints with pages written between them.
    const child = spawn(process.execPath, [cli, "export", sandbox.indexes[0]!, "--out", out, "--limit", "100", "--no-progress", "--checkpoint-interval", "200", ...extra], { env, stdio: "ignore" });
    return { child, closed: once(child, "close") as Promise<[number | null, string | null]> };
  };

  it("SIGKILL between checkpoints: --resume cuts the part file back to the last one and ends byte-identical", async () => {
    const reference = join(dir, "reference.ndjson");
    expect((await run(reference, []).closed)[0]).toBe(0);
    const out = join(dir, "killed.ndjson");
    const { child, closed } = run(out, []);
    // Killed once the first checkpoint exists and more has been written after it.
    for (;;) {
      const saved = await readFile(checkpointPath(out), "utf8").then((text) => JSON.parse(text) as { bytes: number }, () => undefined);
      const part = await stat(`${out}.part`).then((info) => info.size, () => 0);
      if (saved && part > saved.bytes) break;
      if (child.exitCode !== null) throw new Error("the export ended before it could be killed between checkpoints");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill("SIGKILL");
    expect((await closed)[1]).toBe("SIGKILL");
    expect((await run(out, ["--resume"]).closed)[0]).toBe(0);
    expect((await readFile(out)).equals(await readFile(reference))).toBe(true);
  }, 60_000);
});
