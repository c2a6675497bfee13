/**
 * A resume trusts nothing in its checkpoint it did not verify. Edited state that the part file's digest does not
 * cover (CSV's columns, Parquet's row groups and types, the count) is refused with exit 2 before anything is cut
 * or renamed; a checkpoint whose digest was recomputed after the edit is still refused where its fields cannot be
 * true (row groups that do not add up to the count, a header the part file does not start with). And a Parquet
 * checkpoint stays small for very wide profiles: no column name and no long value in every row group's entry.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetEncoder } from "../src/export/parquet.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 300 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-checkpoint-trust-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

type Saved = Record<string, unknown> & { digest: string; columns: { header: string; key: string }[]; count: number; parquet?: { rowGroups: { num_rows: string }[] } };

const exportTo = (out: string, extra: string[], fetchImpl: typeof fetch = fetch) =>
  runCli(["export", sandbox.indexes[0]!, "--out", out, "--limit", "50", "--checkpoint-interval", "0", "--no-progress", ...extra], {
    env: sandboxEnv(sandbox),
    client: { fetch: fetchImpl },
  });

/** An export to `out` stopped by a 503 on its fourth request, leaving a part file and a checkpoint of three pages. */
async function interrupted(out: string, extra: string[] = []): Promise<Saved> {
  let calls = 0;
  const failing: typeof fetch = (input, init) => (++calls === 4 ? Promise.resolve(new Response("", { status: 503 })) : fetch(input, init));
  expect((await exportTo(out, ["--max-attempts", "1", ...extra], failing)).code).toBe(1);
  return JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8")) as Saved;
}

/** What an attacker who knows the algorithm writes: the fields' digest, keys sorted. */
function redigest({ digest: _old, ...fields }: Saved): Saved {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]))
        : value;
  return { ...fields, digest: createHash("sha256").update(JSON.stringify(sorted(fields))).digest("hex") } as Saved;
}

/** Resumes after `edit`, expecting exit 2 with `message`, and nothing committed, the part file as it was. */
async function refusedAfter(out: string, edited: Saved, message: RegExp): Promise<void> {
  await writeFile(`${out}.checkpoint.json`, JSON.stringify(edited));
  const part = await readFile(`${out}.part`);
  const result = await exportTo(out, ["--resume"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toContain("Run the same command without --resume to start over");
  await expect(readFile(out)).rejects.toMatchObject({ code: "ENOENT" });
  expect((await readFile(`${out}.part`)).equals(part)).toBe(true);
  expect((await readdir(dir)).filter((name) => name.startsWith("out")).sort()).toEqual(
    [`${out.slice(dir.length + 1)}.checkpoint.json`, `${out.slice(dir.length + 1)}.part`].sort(),
  );
}

const edited = /checkpoint\.json was changed after this program wrote it \(its digest does not match its fields\); nothing was written/;

it("a CSV checkpoint whose columns were swapped (the part file's digest still matching) is refused, nothing committed", async () => {
  const out = join(dir, "out.csv");
  const saved = await interrupted(out);
  const columns = [...saved.columns];
  [columns[2], columns[3]] = [columns[3]!, columns[2]!];
  await refusedAfter(out, { ...saved, columns }, edited);
});

it("a Parquet checkpoint whose row group count was edited is refused, nothing committed", async () => {
  const out = join(dir, "out.parquet");
  const saved = await interrupted(out, ["--row-group-size", "50"]);
  const rowGroups = saved.parquet!.rowGroups.map((group, i) => (i === 0 ? { ...group, num_rows: "49n" } : group));
  await refusedAfter(out, { ...saved, parquet: { ...saved.parquet!, rowGroups } }, edited);
});

it("a Parquet checkpoint re-digested after its count was raised is refused: its row groups do not add up", async () => {
  const out = join(dir, "out.parquet");
  const saved = await interrupted(out, ["--row-group-size", "50"]);
  await refusedAfter(out, redigest({ ...saved, count: saved.count + 1 }), /row groups of 150 rows in all, but a count of 151/);
});

it("a CSV checkpoint re-digested after its columns were renamed is refused: the part file does not start with that header", async () => {
  const out = join(dir, "out.csv");
  const saved = await interrupted(out);
  const columns = saved.columns.map((column, i) => (i === 2 ? { ...column, header: `${column.header}_renamed` } : column));
  await refusedAfter(out, redigest({ ...saved, columns }), /does not hold the \d+ bytes its checkpoint .* describes/);
});

it("an untouched checkpoint still resumes to the bytes of an uninterrupted export (CSV and Parquet)", async () => {
  for (const [name, extra] of [["ok.csv", []], ["ok.parquet", ["--row-group-size", "50"]]] as const) {
    const reference = join(dir, `reference-${name}`);
    expect((await exportTo(reference, [...extra])).code).toBe(0);
    const out = join(dir, name);
    await interrupted(out, [...extra]);
    expect((await exportTo(out, ["--resume", ...extra])).code).toBe(0);
    expect((await readFile(out)).equals(await readFile(reference))).toBe(true);
  }
}, 30_000);

describe("a Parquet checkpoint for very wide profiles", () => {
  /** The saved row groups of a 20-profile page with `columns` attributes named `nameLength` long and long values. */
  function savedRowGroups(columns: number, nameLength: number): { perChunk: number; text: string } {
    const name = (i: number) => `a${i}_`.padEnd(nameLength, "n");
    const profiles = Array.from({ length: 20 }, (_, p) => ({
      id: `p${p}`,
      index_id: "idx",
      attributes: Object.fromEntries(
        Array.from({ length: columns }, (_, i) => [name(i), i % 3 === 0 ? `${"x".repeat(300)}${p}` : i % 3 === 1 ? p * i : { text: "y".repeat(200), p }]),
      ),
    }));
    const texts = profiles.map((profile) => JSON.stringify(profile));
    const body = Buffer.from(`{"data":[${texts.join(",")}]}`);
    const spans: number[] = [];
    let at = '{"data":['.length;
    for (const text of texts) spans.push(at, (at += Buffer.byteLength(text))), at++;
    const encoder = parquetEncoder(undefined, { rowGroupSize: 10 });
    encoder.page({ body, spans: Uint32Array.from(spans), count: profiles.length });
    const { rowGroups } = encoder.state().parquet!;
    const text = JSON.stringify(rowGroups);
    return { perChunk: text.length / rowGroups.length / (columns + 2), text };
  }

  it("holds no column name and no long value: under 450 bytes per column chunk, whatever the names' length", () => {
    const short = savedRowGroups(300, 12);
    const long = savedRowGroups(300, 200);
    expect(long.perChunk).toBeLessThan(450);
    expect(long.perChunk).toBe(short.perChunk);
    expect(long.text).not.toContain("n".repeat(100));
    expect(long.text).not.toContain(Buffer.from("x".repeat(60)).toString("base64").slice(0, 40));
  });
});
