/**
 * Token and client secret files that are not files: a FIFO (whose open blocked the CLI forever), a device, a file
 * far too large to be a token, a path that does not exist. Each is refused at once, before any request, with exit 2
 * and a message naming the flag or variable the user set, never a bare errno code.
 */
import { spawnSync } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readInputFile } from "../src/edges/files/input-file.js";
import { countingFetch, runCli } from "./cli-harness.js";

let dir: string;
let fifo: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hostile-input-files-"));
  fifo = join(dir, "token.fifo");
  expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
});
afterAll(async () => {
  // A reader still blocked in open() (the failure this file guards against) is released by a writer's open.
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // No reader was waiting.
  }
  await rm(dir, { recursive: true, force: true });
});

const env = { AMPERITY_TENANT: "acme", AMPERITY_BASE_URL: "http://127.0.0.1:9" };

async function exportWith(flags: string[], extraEnv: Record<string, string> = {}) {
  const counter = countingFetch();
  const result = await runCli(["export", "idx-1", "--no-progress", ...flags], { env: { ...env, ...extraEnv }, client: { fetch: counter.fetch } });
  return { ...result, requests: counter.requests };
}

describe("a token or client secret file that is not a regular file is refused at once, naming the setting", () => {
  it.each([
    ["--token-file", (path: string) => ({ flags: ["--token-file", path], env: {} })],
    ["AMPERITY_TOKEN_FILE", (path: string) => ({ flags: [], env: { AMPERITY_TOKEN_FILE: path } })],
    ["--client-secret-file", (path: string) => ({ flags: ["--client-secret-file", path], env: { AMPERITY_CLIENT_ID: "client-1" } })],
    ["AMPERITY_CLIENT_SECRET_FILE", (path: string) => ({ flags: [], env: { AMPERITY_CLIENT_ID: "client-1", AMPERITY_CLIENT_SECRET_FILE: path } })],
  ])("a FIFO as %s: exit 2 at once, no request", async (setting, given) => {
    const { flags, env: extra } = given(fifo);
    const result = await exportWith(flags, extra);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${fifo} (${setting}) is a FIFO, not a regular file`);
    expect(result.stderr).toContain(`give ${setting} the path of a file`);
    expect(result.requests).toBe(0);
  }, 10_000);

  it("a character device as --token-file (/dev/null): exit 2, named as a device", async () => {
    const result = await exportWith(["--token-file", "/dev/null"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("the token file /dev/null (--token-file) is a character device, not a regular file");
    expect(result.requests).toBe(0);
  });
});

it("a token file far larger than any token is refused without being read to its end", async () => {
  const huge = join(dir, "huge-token");
  await writeFile(huge, "");
  // Sparse: 2 GiB of size, no disk used; the old reader read every byte of it into memory.
  await truncate(huge, 2 ** 31);
  const result = await exportWith([], { AMPERITY_TOKEN_FILE: huge });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`the token file ${huge} (AMPERITY_TOKEN_FILE) is too large (2147483648 bytes, at most 65536), so it is not a token file`);
  expect(result.requests).toBe(0);
}, 10_000);

it("a token file that does not exist is said in words, naming the flag, not as ENOENT", async () => {
  const missing = join(dir, "no-such-token");
  const result = await exportWith(["--token-file", missing]);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`amperity-profiles: the token file ${missing} (--token-file) does not exist; check the path given to --token-file\n`);
});

describe("readInputFile (the files edge's bounded reader)", () => {
  it("refuses a file over its cap, and reads a file at the cap whole", async () => {
    const file = join(dir, "small");
    await writeFile(file, "x".repeat(5000));
    expect((await readInputFile(file, { follow: true, maxBytes: 5000 })).bytes.toString()).toBe("x".repeat(5000));
    await expect(readInputFile(file, { follow: true, maxBytes: 4999 })).rejects.toMatchObject({ name: "InputFileError", refusal: "too large" });
  });

  it("never follows a symlink when asked not to (the program's own side files)", async () => {
    const link = join(dir, "planted.json");
    await writeFile(join(dir, "target.json"), "{}");
    spawnSync("ln", ["-s", join(dir, "target.json"), link]);
    await expect(readInputFile(link, { follow: false, maxBytes: 100 })).rejects.toMatchObject({ refusal: "symlink" });
    expect((await readInputFile(link, { follow: true, maxBytes: 100 })).bytes.toString()).toBe("{}");
  });
});
