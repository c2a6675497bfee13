/**
 * `--out` that is not a regular file. A character device (here /dev/null, through a symlink so the test can
 * never harm the real one) or a FIFO must be written straight through and stay what it was, never renamed over;
 * --resume with one, or a socket as --out, is a usage error; `--out -` is stdout.
 */
import { execFileSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { lstat, mkdtemp, readdir, rm, stat, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 120 });
  dir = await mkdtemp(join(tmpdir(), "export-out-device-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const exportTo = (out: string, extra: string[] = []) =>
  runCli(["export", sandbox.indexes[0]!, "--out", out, "--limit", "50", "--no-progress", ...extra], { env: sandboxEnv(sandbox) });

it("a character device at --out is written through and stays a device", async () => {
  const device = join(dir, "mynull");
  await symlink("/dev/null", device);
  const result = await exportTo(device);
  expect(result.code).toBe(0);
  expect((await lstat(device)).isSymbolicLink()).toBe(true);
  expect((await stat(device)).isCharacterDevice()).toBe(true);
  expect(await readdir(dir)).toEqual(["mynull"]);
});

it("a FIFO at --out is written through to its reader and stays a FIFO", async () => {
  const fifo = join(dir, "myfifo");
  execFileSync("mkfifo", [fifo]);
  const chunks: Buffer[] = [];
  const reader = createReadStream(fifo);
  reader.on("data", (chunk) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve) => reader.on("end", () => resolve()));
  const result = await exportTo(fifo);
  await ended;
  expect(result.code).toBe(0);
  expect(Buffer.concat(chunks).toString().trimEnd().split("\n")).toHaveLength(120);
  expect((await lstat(fifo)).isFIFO()).toBe(true);
  expect((await readdir(dir)).filter((name) => name.startsWith("myfifo"))).toEqual(["myfifo"]);
});

it("--resume with a device at --out is a usage error: there is no checkpoint to resume", async () => {
  const device = join(dir, "null2");
  await symlink("/dev/null", device);
  const result = await exportTo(device, ["--resume"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/--resume needs --out to be a regular file; .*null2 is a character device/);
});

it("a socket at --out is refused with exit 2 and left alone", async () => {
  const path = join(dir, "sock");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  try {
    const result = await exportTo(path);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write --out .*sock: it is a socket/);
    expect((await lstat(path)).isSocket()).toBe(true);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

it("--out - is stdout", async () => {
  const result = await runCli(["export", sandbox.indexes[0]!, "--out", "-", "--max-items", "3", "--no-progress"], { env: sandboxEnv(sandbox) });
  expect(result.code).toBe(0);
  expect(result.stdout.trimEnd().split("\n")).toHaveLength(3);
  await expect(lstat("-")).rejects.toMatchObject({ code: "ENOENT" });
});
