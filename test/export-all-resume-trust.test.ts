/**
 * `export --all-indexes --resume` leaves a file alone only if this user's earlier run wrote it: a finished file or
 * manifest that others could have written (group- or world-writable, another owner, a second hard link) is
 * exported again, and so is one whose manifest has a field of the wrong type (never a TypeError).
 */
import type { Stats } from "node:fs";
import { chmod, link, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writtenOnlyByThisUser } from "../src/edges/files/input-file.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 40, indexes: 2 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-all-resume-trust-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function exportAll(extra: string[]) {
  const requested = new Set<string>();
  const fetch = async (input: Request | string, init?: RequestInit) => {
    const match = /\/indexes\/([^/]+)\/profiles$/.exec(new URL(typeof input === "string" ? input : input.url).pathname);
    if (match) requested.add(match[1]!);
    return globalThis.fetch(input, init);
  };
  const result = await runCli(["export", "--all-indexes", "--out-dir", dir, "--no-progress", ...extra], { env: sandboxEnv(sandbox), client: { fetch: fetch as typeof globalThis.fetch } });
  return { ...result, requested: [...requested] };
}

const file = (id: string) => join(dir, `${id}.ndjson`);

it.each([
  ["a finished file that group or others can write", (id: string) => chmod(file(id), 0o666)],
  ["a manifest that group or others can write", (id: string) => chmod(`${file(id)}.manifest.json`, 0o664)],
  ["a finished file with a second hard link", (id: string) => link(file(id), join(dir, "elsewhere"))],
])("--resume exports again %s, and leaves the other index alone", async (_what, loosen) => {
  expect((await exportAll([])).code).toBe(0);
  const [loose, kept] = sandbox.indexes as [string, string];
  await loosen(loose);
  const resumed = await exportAll(["--resume"]);
  expect(resumed.code).toBe(0);
  expect(resumed.requested).toEqual([loose]);
  expect(resumed.stderr).toContain(`${kept}: already exported`);
  expect(resumed.stderr).toContain(`${loose}: exported to ${file(loose)}`);
}, 30_000);

it("--resume exports again a file whose manifest has a field of the wrong type, with no TypeError", async () => {
  expect((await exportAll([])).code).toBe(0);
  const [broken] = sandbox.indexes as [string];
  const manifest = JSON.parse(await readFile(`${file(broken)}.manifest.json`, "utf8")) as Record<string, unknown>;
  await writeFile(`${file(broken)}.manifest.json`, JSON.stringify({ ...manifest, filters: null }));
  const resumed = await exportAll(["--resume"]);
  expect(resumed.code).toBe(0);
  expect(resumed.requested).toEqual([broken]);
  expect(resumed.stderr).not.toContain("TypeError");
}, 30_000);

describe("writtenOnlyByThisUser (what --resume asks of a finished file and its manifest)", () => {
  const uid = process.getuid!();
  const stats = (owner: number, mode: number) => ({ uid: owner, mode: 0o100000 | mode }) as Stats;
  it.each([
    ["this user's file, 0644", stats(uid, 0o644), true],
    ["another user's file, 0644", stats(uid + 1, 0o644), false],
    ["this user's file, group-writable", stats(uid, 0o664), false],
    ["this user's file, world-writable", stats(uid, 0o646), false],
  ])("%s", (_name, info, trusted) => {
    expect(writtenOnlyByThisUser(info)).toBe(trusted);
  });
});
