/**
 * A checkpoint that does not describe its part file: its byte length cut by a few bytes or by 1000, the part file
 * edited, or a version 1 checkpoint that carries no digest. Resuming must refuse with exit 2 and say how to start
 * over, never commit a file with a broken or duplicated record.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 300 });
  dir = await mkdtemp(join(tmpdir(), "export-checkpoint-digest-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const exportTo = (out: string, extra: string[], fetchImpl: typeof fetch = fetch) =>
  runCli(["export", sandbox.indexes[0]!, "--out", out, "--limit", "50", "--no-progress", ...extra], {
    env: sandboxEnv(sandbox),
    client: { fetch: fetchImpl },
  });

/** An unfinished export at `out` with a checkpoint after two pages (the third request fails). */
async function interrupted(out: string): Promise<Record<string, unknown>> {
  let calls = 0;
  const failing: typeof fetch = (input, init) => (++calls === 3 ? Promise.resolve(new Response("", { status: 503 })) : fetch(input, init));
  expect((await exportTo(out, ["--max-attempts", "1"], failing)).code).toBe(1);
  return JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8")) as Record<string, unknown>;
}

it.each([5, 1000])("a checkpoint whose length is %d bytes short of its part file is refused with exit 2", async (short) => {
  const out = join(dir, `short-${short}.csv`);
  const saved = await interrupted(out);
  await writeFile(`${out}.checkpoint.json`, JSON.stringify({ ...saved, bytes: (saved["bytes"] as number) - short }));
  const part = await readFile(`${out}.part`);
  const result = await exportTo(out, ["--resume"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/checkpoint\.json was changed after this program wrote it \(its digest does not match its fields\); nothing was written/);
  expect(result.stderr).toMatch(/Run the same command without --resume to start over/);
  // Nothing committed, nothing cut.
  await expect(readFile(out)).rejects.toMatchObject({ code: "ENOENT" });
  expect((await readFile(`${out}.part`)).equals(part)).toBe(true);
  // And starting over as advised gives the whole export.
  const again = await exportTo(out, []);
  expect(again.code).toBe(0);
  expect((await readFile(out, "utf8")).trimEnd().split("\n")).toHaveLength(301);
});

it("a part file edited after its checkpoint (same length) is refused with exit 2", async () => {
  const out = join(dir, "edited.ndjson");
  await interrupted(out);
  const part = await readFile(`${out}.part`);
  part[10] = part[10] === 0x41 ? 0x42 : 0x41;
  await writeFile(`${out}.part`, part);
  const result = await exportTo(out, ["--resume"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/does not hold the \d+ bytes/);
});

it("a version 1 checkpoint (no digest) is refused with exit 2 and a way to start over", async () => {
  const out = join(dir, "old.ndjson");
  const saved = await interrupted(out);
  const { sha256: _digest, ...rest } = saved;
  await writeFile(`${out}.checkpoint.json`, JSON.stringify({ ...rest, version: 1 }));
  const result = await exportTo(out, ["--resume"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/written by an older amperity-profiles .* without --resume to start over/);
});

it("an intact checkpoint still resumes to the same bytes as an uninterrupted export", async () => {
  const reference = join(dir, "reference.ndjson");
  expect((await exportTo(reference, [])).code).toBe(0);
  const out = join(dir, "intact.ndjson");
  await interrupted(out);
  const result = await exportTo(out, ["--resume"]);
  expect(result.code).toBe(0);
  expect((await readFile(out)).equals(await readFile(reference))).toBe(true);
});
