/**
 * Signals to a running export, as a CI runner or a closed terminal sends them: SIGTERM exits 143 and SIGHUP 129
 * (128 + the signal's number), each with one line on stderr, keeping the part file and checkpoint for --resume.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { bundleCli } from "./cli-harness.js";

let sandbox: Sandbox;
let dir: string;
let cli: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-signals-"));
  cli = await bundleCli(dir);
  sandbox = await startSandbox({ profiles: 6000, latencyMs: 10 });
}, 30_000);
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

async function exportOnce(out: string, extra: string[], signal?: NodeJS.Signals) {
  const child = spawn(process.execPath, [cli, "export", sandbox.indexes[0]!, "--out", out, "--limit", "200", "--no-progress", "--checkpoint-interval", "0", ...extra], {
    env: { PATH: process.env["PATH"], AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token, AMPERITY_BASE_URL: sandbox.url },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = once(child, "close");
  if (signal) {
    // After the first checkpoint, so there is something to keep.
    const checkpoint = `${out}.checkpoint.json`;
    while (!(await readFile(checkpoint).then(() => true, () => false)) && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill(signal);
  }
  const [code] = (await closed) as [number | null];
  return { code, stderr };
}

it.each([
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const)("%s stops the export with exit %d and one line, keeping the part file and checkpoint", async (signal, code) => {
  const out = join(dir, `${signal}.ndjson`);
  const stopped = await exportOnce(out, [], signal);
  expect(stopped.code).toBe(code);
  expect(stopped.stderr.trimEnd().split("\n")).toEqual([
    expect.stringMatching(new RegExp(`^amperity-profiles: interrupted by ${signal}; .*\\.part and its checkpoint are kept: run the same command with --resume to continue$`)),
  ]);
  expect((await readdir(dir)).filter((name) => name.startsWith(signal)).sort()).toEqual([
    `${signal}.ndjson.checkpoint.json`,
    `${signal}.ndjson.part`,
  ]);
  const resumed = await exportOnce(out, ["--resume"]);
  expect(resumed.code).toBe(0);
  expect((await readFile(out, "utf8")).trimEnd().split("\n")).toHaveLength(6000);
}, 30_000);
