/**
 * Planted files beside --out: a symlink at FILE.part, FILE.checkpoint.json or its temporary file must never be
 * followed (it would overwrite what it points to), and a part file the export did not create (a hard link to
 * another file) must never be reused. Each is refused with exit 2 before any request, the target untouched.
 */
import { link, lstat, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { countingFetch, runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let dir: string;
const sent = countingFetch();

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 50 });
  dir = await mkdtemp(join(tmpdir(), "export-part-symlink-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

/** A real unfinished export at `out`: its third request fails and --max-attempts 1 gives up. */
async function interrupted(out: string): Promise<void> {
  let calls = 0;
  const failing: typeof fetch = (input, init) => (++calls === 3 ? Promise.resolve(new Response("", { status: 503 })) : fetch(input, init));
  const first = await runCli(["export", sandbox.indexes[0]!, "--out", out, "--limit", "10", "--max-attempts", "1", "--no-progress"], {
    env: sandboxEnv(sandbox),
    client: { fetch: failing },
  });
  expect(first.code).toBe(1);
}

async function plant(name: string, suffix: string, resume: boolean): Promise<{ out: string; victim: string }> {
  const victim = join(dir, `${name}.victim`);
  await writeFile(victim, "precious\n");
  const out = join(dir, `${name}.ndjson`);
  if (resume) {
    await interrupted(out);
    await rm(`${out}${suffix}`);
  }
  await symlink(victim, `${out}${suffix}`);
  return { out, victim };
}

const exportTo = (out: string, extra: string[] = []) =>
  runCli(["export", sandbox.indexes[0]!, "--out", out, "--limit", "10", "--no-progress", ...extra], {
    env: sandboxEnv(sandbox),
    client: { fetch: sent.fetch },
  });

it.each([
  ["part file", ".part", []],
  ["part file, with --resume", ".part", ["--resume"]],
  ["checkpoint, with --resume", ".checkpoint.json", ["--resume"]],
  ["checkpoint", ".checkpoint.json", []],
  ["temporary checkpoint", ".checkpoint.json.tmp", []],
] as const)("a symlink planted at the %s is refused with exit 2 and its target is untouched", async (_what, suffix, extra) => {
  const { out, victim } = await plant(`planted${suffix.replace(/\./g, "-")}${extra.length}`, suffix, extra.length > 0);
  if (suffix === ".part" && extra.length === 0) await writeFile(`${out}.checkpoint.json`, "{}");
  sent.requests = 0;
  const result = await exportTo(out, [...extra]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/is a symbolic link, so it is not a file this export created/);
  expect(sent.requests).toBe(0);
  expect(await readFile(victim, "utf8")).toBe("precious\n");
  expect((await lstat(`${out}${suffix}`)).isSymbolicLink()).toBe(true);
  await expect(lstat(out)).rejects.toMatchObject({ code: "ENOENT" });
});

it("a part file hard-linked to another file is not reused by --resume", async () => {
  const out = join(dir, "linked.ndjson");
  await interrupted(out);
  const victim = join(dir, "linked.victim");
  await link(`${out}.part`, victim);
  const before = await readFile(victim);
  const resumed = await exportTo(out, ["--resume"]);
  expect(resumed.code).toBe(2);
  expect(resumed.stderr).toMatch(/has 2 hard links/);
  expect((await readFile(victim)).equals(before)).toBe(true);
});
