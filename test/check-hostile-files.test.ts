/**
 * `check` on files made to hurt it: Parquet footers that lie (a length larger than the file, a length far larger
 * than any footer we write, a list that claims a billion row groups, nesting deep enough to exhaust the stack,
 * row counts that do not add up), a FIFO given as the file, a manifest that is a symlink. Each is answered in plain
 * words, with bounded memory and time: a crafted file is "not a Parquet file this program wrote" (exit 1).
 */
import { spawnSync } from "node:child_process";
import { closeSync, constants, openSync, writeSync } from "node:fs";
import { mkdtemp, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./cli-harness.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "check-hostile-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A manifest that names the file as Parquet; its counts do not matter, the file is refused before they are compared. */
async function manifestFor(file: string, path = `${file}.manifest.json`): Promise<void> {
  const manifest = {
    manifest_version: 1, file: "x.parquet", format: "parquet", compression: null, parquet_codec: "snappy", index_id: "idx", filters: {}, tenant: "acme",
    endpoint: "aws", max_items: null, profiles: 1, bytes: 1, sha256: "0".repeat(64), started_at: "", finished_at: "", resumed_at_profiles: null,
    requests: 1, retries: 0, total_reported: null, count_matches_total: null, generator: "amperity-profiles test",
  };
  await writeFile(path, JSON.stringify(manifest));
}

const varint = (n: number | bigint): number[] => {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
};
const zigzag = (n: number) => varint((BigInt(n) << 1n) ^ (BigInt(n) >> 63n));
/** A Parquet file: PAR1, `footer`, its length (or `claimed`), PAR1. */
const parquetFile = (footer: number[], claimed = footer.length) => {
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(claimed, 0);
  tail.write("PAR1", 4, "latin1");
  return Buffer.concat([Buffer.from("PAR1", "latin1"), Buffer.from(footer), tail]);
};
/** FileMetaData { 3: num_rows, 4: row_groups (each RowGroup { 3: num_rows }) }. */
const footerOf = (rows: number, groups: number[]) => [
  0x36, ...zigzag(rows),
  0x19, ...(groups.length < 15 ? [(groups.length << 4) | 0x0c] : [0xfc, ...varint(groups.length)]),
  ...groups.flatMap((n) => [0x36, ...zigzag(n), 0x00]),
  0x00,
];

async function check(name: string, bytes: Buffer) {
  const file = join(dir, name);
  await writeFile(file, bytes);
  await manifestFor(file);
  const result = await runCli(["check", file]);
  return { ...result, file };
}

describe("check on a crafted Parquet file says it is not one of ours, exit 1", () => {
  it.each([
    ["a footer length larger than the file", parquetFile(footerOf(1, [1]), 5000), "its footer length (5000 bytes) is larger than the file"],
    ["a list that claims a billion row groups in a few bytes", parquetFile([0x36, ...zigzag(1), 0x19, 0xfc, ...varint(1_000_000_000), 0x00]), "a list of 1000000000 entries in"],
    ["nesting 200,000 structs deep", parquetFile([...Array(200_000).fill(0x1c), ...Array(200_001).fill(0x00)]), "its footer nests deeper than a Parquet footer does"],
    ["row groups that do not add up to the file's rows", parquetFile(footerOf(10, [4, 5])), "its footer says 10 rows, its row groups hold 9"],
    ["no PAR1 at its start", Buffer.concat([Buffer.from("NOPE"), parquetFile(footerOf(1, [1])).subarray(4)]), "it does not start and end with PAR1"],
  ])("%s", async (_name, bytes, why) => {
    const result = await check(`crafted-${_name.length}.parquet`, bytes);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`FAIL ${result.file}: cannot be read as parquet: not a Parquet file this program wrote: ${why}`);
  });

  it("a footer length of 80 MiB in an 81 MiB file is refused without reading the footer", async () => {
    const file = join(dir, "huge-footer.parquet");
    const size = 81 * 1024 * 1024;
    await writeFile(file, "PAR1");
    // Sparse: the file is 81 MiB long, its footer claims 80 MiB of it.
    await truncate(file, size);
    const tail = Buffer.alloc(8);
    tail.writeUInt32LE(80 * 1024 * 1024, 0);
    tail.write("PAR1", 4, "latin1");
    const handle = openSync(file, constants.O_WRONLY);
    try {
      writeSync(handle, tail, 0, 8, size - 8);
    } finally {
      closeSync(handle);
    }
    await manifestFor(file);
    const result = await runCli(["check", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`not a Parquet file this program wrote: its footer (83886080 bytes) is larger than 67108864 bytes`);
  }, 30_000);

  it("a well-formed footer of our shape is still counted", async () => {
    const result = await check("fine.parquet", parquetFile(footerOf(9, [4, 5])));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("profiles: the manifest says 1, the file holds 9");
  });
});

it("check on a FIFO is refused at once with exit 2, never read", async () => {
  const fifo = join(dir, "file.fifo");
  expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
  try {
    const result = await runCli(["check", fifo]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`amperity-profiles: ${fifo} is a FIFO, not a regular file: it is not read, since it could block or never end; give the path of a file\n`);
  } finally {
    // Releases a reader blocked in open(), the failure this guards against.
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader was waiting.
    }
  }
}, 10_000);

it("check with a manifest that is a symlink does not follow it: FAIL, exit 1", async () => {
  const file = join(dir, "linked.parquet");
  await writeFile(file, parquetFile(footerOf(1, [1])));
  await manifestFor(file, join(dir, "elsewhere.json"));
  await symlink(join(dir, "elsewhere.json"), `${file}.manifest.json`);
  const result = await runCli(["check", file]);
  expect(result.code).toBe(1);
  expect(result.stdout).toBe(`FAIL ${file}: ${file}.manifest.json is a symbolic link, so it is not a manifest this program wrote\n`);
});
