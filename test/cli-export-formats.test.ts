/** `export --out`: a format is never guessed from a name it does not understand; a replaced file is announced. */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let index: string;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 20 });
  index = sandbox.indexes[0]!;
  env = sandboxEnv(sandbox);
  dir = await mkdtemp(join(tmpdir(), "cli-formats-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const ndjsonIds = (text: string) => text.trimEnd().split("\n").map((line) => (JSON.parse(line) as { id: string }).id);

describe("export: formats are never guessed", () => {
  it.each([
    ["p.csv.zst", "; gzip is the one compression written (.gz, or --compress gzip)"],
    ["p.gz", ""],
    ["x.xml", ""],
    ["profiles", ""],
  ])("--out %s without --format is a usage error naming the supported extensions; nothing is sent or written", async (name, extra) => {
    let requests = 0;
    const out = join(dir, name);
    const result = await runCli(["export", index, "--out", out], { env, client: { fetch: async () => (requests++, new Response("{}")) } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `amperity-profiles: cannot tell the format of --out ${out} from its name: use an extension of .ndjson, .jsonl, .csv, .json, .parquet (with .gz after it for gzip), or give --format ndjson|csv|json|parquet${extra}\n`,
    );
    expect(requests).toBe(0);
    await expect(readdir(dir)).resolves.not.toContain(name);
  });

  it("--format makes any name acceptable", async () => {
    const out = join(dir, "export.xml");
    const result = await runCli(["export", index, "--out", out, "--format", "csv", "--max-items", "2", "--no-progress"], { env });
    expect(result.code).toBe(0);
    expect((await readFile(out, "utf8")).split("\n")[0]).toMatch(/^id,index_id,/);
  });

  it("replacing an existing --out file says so in one line", async () => {
    const out = join(dir, "replaced.ndjson");
    await writeFile(out, "old\n");
    const result = await runCli(["export", index, "--out", out, "--max-items", "1", "--no-progress"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`replaced the existing file ${out}\n`);
    expect(ndjsonIds(await readFile(out, "utf8"))).toHaveLength(1);
    const fresh = await runCli(["export", index, "--out", join(dir, "never-there.ndjson"), "--max-items", "1", "--no-progress"], { env });
    expect(fresh.stderr).toBe("");
  });
});
