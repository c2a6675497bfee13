// The bounded read of a file the user names (a shape file): a FIFO with no writer, a device, a directory or an
// oversized file is refused at once with a short reason, never waited on or read whole.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSmallFile } from "../src/edges/files/read-small-file.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "read-small-file-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test("reads a small regular file whole, as UTF-8", async () => {
  await writeFile(join(dir, "ok.json"), '{"name":"Zoë"}');
  expect(await readSmallFile(join(dir, "ok.json"), 100)).toBe('{"name":"Zoë"}');
});

test("a FIFO with no writer is refused at once instead of hanging the command", async () => {
  const fifo = join(dir, "fifo");
  execFileSync("mkfifo", [fifo]);
  await expect(readSmallFile(fifo, 100)).rejects.toThrow("is not a regular file");
}, 10_000);

test.each([["/dev/zero"], ["/dev/null"]])("the device %s is refused, not read", async (device) => {
  await expect(readSmallFile(device, 100)).rejects.toThrow("is not a regular file");
});

test("a file over the bound is refused; one at the bound is read", async () => {
  await writeFile(join(dir, "big"), "x".repeat(101));
  await expect(readSmallFile(join(dir, "big"), 100)).rejects.toThrow("is larger than 100 bytes");
  await writeFile(join(dir, "edge"), "x".repeat(100));
  expect(await readSmallFile(join(dir, "edge"), 100)).toHaveLength(100);
});

test("a directory, a missing file and bytes that are not UTF-8 get their own reasons", async () => {
  await expect(readSmallFile(dir, 100)).rejects.toThrow("is not a regular file");
  await expect(readSmallFile(join(dir, "missing"), 100)).rejects.toThrow("cannot be read (ENOENT)");
  await writeFile(join(dir, "latin1"), Buffer.from([0x7b, 0xe9, 0x7d]));
  await expect(readSmallFile(join(dir, "latin1"), 100)).rejects.toThrow("is not valid UTF-8 text");
});
