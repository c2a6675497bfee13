/**
 * The one way a file the user named is written (writeOutputFile: `verify --junit`'s report): atomically, never
 * through a symlink planted at its path, never over a device or folder, never over another output of the same
 * command or one of its side files (an export's manifest, checkpoint, part file, lock).
 */
import { spawnSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeOutputFile } from "../src/edges/files/replace-file.js";
import { handleError } from "../src/cli/handle-error.js";
import { PassThrough } from "node:stream";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "write-output-file-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it("writes the file whole and leaves no temporary file", async () => {
  const report = join(dir, "report.xml");
  await writeOutputFile(report, "<testsuites/>\n");
  await writeOutputFile(report, "<testsuites></testsuites>\n");
  expect(await readFile(report, "utf8")).toBe("<testsuites></testsuites>\n");
  expect(await readdir(dir)).toEqual(["report.xml"]);
});

it("replaces a symlink planted at the report's path, never writing through it to its target", async () => {
  const target = join(dir, "victim.txt");
  await writeFile(target, "not yours\n");
  const report = join(dir, "report.xml");
  await symlink(target, report);
  await writeOutputFile(report, "<testsuites/>\n");
  expect(await readFile(target, "utf8")).toBe("not yours\n");
  expect((await lstat(report)).isSymbolicLink()).toBe(false);
  expect(await readFile(report, "utf8")).toBe("<testsuites/>\n");
});

it("never writes through a symlink planted at the temporary name", async () => {
  const target = join(dir, "victim.txt");
  await writeFile(target, "not yours\n");
  const report = join(dir, "report.xml");
  await symlink(target, `${report}.tmp`);
  await expect(writeOutputFile(report, "<x/>")).rejects.toMatchObject({ name: "UnsafeFileError" });
  expect(await readFile(target, "utf8")).toBe("not yours\n");
  expect(await readlink(`${report}.tmp`)).toBe(target);
});

it.each([
  ["a FIFO", async (path: string) => void spawnSync("mkfifo", [path])],
  ["a folder", (path: string) => mkdir(path)],
])("refuses a report path that is %s, before writing anything", async (what, make) => {
  const report = join(dir, "report.xml");
  await make(report);
  const error = await writeOutputFile(report, "<x/>").then(() => undefined, (e: unknown) => e);
  expect(error).toMatchObject({ name: "UnsafeFileError", message: expect.stringContaining(`${report} is ${what === "a folder" ? "a folder" : "not a regular file"}`) });
  expect((await readdir(dir)).sort()).toEqual(["report.xml"]);
});

it.each([
  ["manifest", "out.csv.manifest.json"],
  ["checkpoint", "out.csv.checkpoint.json"],
  ["part file", "out.csv.part"],
  ["lock", "out.csv.lock"],
  ["file", "OUT.csv"],
])("refuses a report path that is the %s of another output of the same command", async (role, name) => {
  const out = join(dir, "out.csv");
  const error = await writeOutputFile(join(dir, name), "<x/>", [out]).then(() => undefined, (e: unknown) => e);
  expect(error).toMatchObject({ name: "UnsafeFileError", message: `${join(dir, name)} would be the ${role} of ${out}, another output of this command; give another path` });
  expect(await readdir(dir)).toEqual([]);
  // Said as a usage error, exit 2, without a class name.
  const stderr = new PassThrough();
  expect(handleError(error, stderr, {})).toBe(2);
  expect(String(stderr.read())).toBe(`amperity-profiles: ${(error as Error).message}\n`);
});
