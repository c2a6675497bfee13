import { mkdtemp, readFile, readdir, rm, writeFile, mkdir, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AtomicFile, partPath } from "../src/edges/files/atomic-file.js";
import {
  assertSameCommand,
  checkpointPath,
  CheckpointError,
  fingerprint,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type Checkpoint,
} from "../src/export/checkpoint.js";
import { createHash } from "node:crypto";
import { createEncoder } from "../src/export/encoder.js";
import { pageOf } from "../src/export/page-profiles.js";
import { writePages, type PageLike } from "../src/export/write-pages.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-checkpoint-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const checkpoint: Checkpoint = {
  version: 3,
  indexId: "idx-1",
  format: "csv",
  fingerprint: fingerprint({ filter: { a: "1" } }),
  next_token: "abc",
  bytes: 10,
  sha256: sha256("0123456789"),
  count: 2,
  columns: [
    { header: "id", from: "profile", key: "id" },
    { header: "index_id", from: "profile", key: "index_id" },
  ],
};

describe("checkpoint", () => {
  it("round-trips through an atomic write and leaves no temporary file", async () => {
    const path = checkpointPath(join(dir, "out.csv"));
    await writeCheckpoint(path, checkpoint);
    await writeCheckpoint(path, { ...checkpoint, count: 3 });
    expect(await readCheckpoint(path)).toEqual({ ...checkpoint, count: 3 });
    expect(await readdir(dir)).toEqual(["out.csv.checkpoint.json"]);
  });

  it("is undefined when absent, and a CheckpointError when unreadable", async () => {
    const path = join(dir, "x.checkpoint.json");
    expect(await readCheckpoint(path)).toBeUndefined();
    await writeFile(path, "{not json");
    await expect(readCheckpoint(path)).rejects.toThrow(CheckpointError);
    await writeFile(path, JSON.stringify({ version: 3 }));
    await expect(readCheckpoint(path)).rejects.toThrow(/not a valid checkpoint/);
    await writeFile(path, JSON.stringify({ ...checkpoint, sha256: undefined }));
    await expect(readCheckpoint(path)).rejects.toThrow(/not a valid checkpoint/);
  });

  it("refuses a checkpoint of another index, format or query", () => {
    const same = { indexId: "idx-1", format: "csv" as const, fingerprint: checkpoint.fingerprint };
    expect(() => assertSameCommand(checkpoint, same, "p")).not.toThrow();
    expect(() => assertSameCommand(checkpoint, { ...same, indexId: "idx-2" }, "p")).toThrow(/different export \(index idx-1\)/);
    expect(() => assertSameCommand(checkpoint, { ...same, format: "json" }, "p")).toThrow(/format csv/);
    expect(() => assertSameCommand(checkpoint, { ...same, fingerprint: fingerprint({ filter: { a: "2" } }) }, "p")).toThrow(
      CheckpointError,
    );
  });

  it("fingerprints ignore key order", () => {
    expect(fingerprint({ a: 1, filter: { x: "1", y: "2" } })).toBe(fingerprint({ filter: { y: "2", x: "1" }, a: 1 }));
    expect(fingerprint({ limit: 10 })).not.toBe(fingerprint({ limit: 11 }));
  });

  it("removeCheckpoint tolerates a missing file", async () => {
    await expect(removeCheckpoint(join(dir, "none.checkpoint.json"))).resolves.toBeUndefined();
  });

  it("a symlink planted at the checkpoint's name and its temporary file: removing the checkpoint removes the links, never their targets", async () => {
    const target = join(dir, "precious.txt");
    await writeFile(target, "keep me\n");
    const path = join(dir, "out.ndjson.checkpoint.json");
    await symlink(target, path);
    await symlink(target, `${path}.tmp`);
    await removeCheckpoint(path);
    expect((await readdir(dir)).sort()).toEqual(["precious.txt"]);
    expect(await readFile(target, "utf8")).toBe("keep me\n");
  });
});

describe("AtomicFile", () => {
  it("writes to <path>.part and renames on commit", async () => {
    const path = join(dir, "out.ndjson");
    const file = await AtomicFile.create(path);
    await file.write("one\n");
    expect(await readdir(dir)).toEqual(["out.ndjson.part"]);
    await file.commit();
    expect(await readdir(dir)).toEqual(["out.ndjson"]);
    expect(await readFile(path, "utf8")).toBe("one\n");
  });

  it("resumes by truncating the part file to the checkpointed length, continuing its digest", async () => {
    const path = join(dir, "out.ndjson");
    await writeFile(partPath(path), "kept\nlost, never checkpointed");
    const file = await AtomicFile.resume(path, 5, sha256("kept\n"));
    if (!(file instanceof AtomicFile)) throw new Error(`not resumed: ${file}`);
    expect(file.bytes).toBe(5);
    await file.write("more\n");
    expect(file.digest()).toBe(sha256("kept\nmore\n"));
    await file.commit();
    expect(await readFile(path, "utf8")).toBe("kept\nmore\n");
  });

  it("cannot resume a missing or short part file", async () => {
    const path = join(dir, "out.ndjson");
    expect(await AtomicFile.resume(path, 0, sha256(""))).toBe("missing");
    await writeFile(partPath(path), "abc");
    expect(await AtomicFile.resume(path, 4, sha256("abcd"))).toBe("mismatch");
  });

  it("abandon deletes the part file unless it is kept for --resume", async () => {
    const path = join(dir, "out.ndjson");
    const kept = await AtomicFile.create(path);
    await kept.abandon({ keep: true });
    expect(await readdir(dir)).toEqual(["out.ndjson.part"]);
    const dropped = await AtomicFile.create(path);
    await dropped.abandon({ keep: false });
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a directory as the output path", async () => {
    await mkdir(join(dir, "sub"));
    await expect(AtomicFile.create(join(dir, "sub"))).rejects.toMatchObject({ code: "EISDIR" });
  });
});

describe("writePages", () => {
  const profiles = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `p${from + i}` }));
  async function* source(pages: PageLike[], fetched: number[]) {
    for (const [i, page] of pages.entries()) {
      fetched.push(i);
      yield page;
    }
  }
  const collect = () => {
    const chunks: string[] = [];
    const text = (chunk: string | Uint8Array) => (typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return { chunks, sink: { write: async (chunk: string | Uint8Array) => void chunks.push(text(chunk)) } };
  };

  it("writes one chunk per page, then the ending, and reports each page's cursor (DOC-10: every page)", async () => {
    const { chunks, sink } = collect();
    const tokens: (string | null)[] = [];
    const count = await writePages({
      pages: source([{ ...pageOf(profiles(0, 2)), next_token: "t1" }, { ...pageOf(profiles(2, 1)), next_token: "" }], []),
      encoder: createEncoder("json"),
      sink,
      afterPage: (token) => void tokens.push(token),
    });
    expect(count).toBe(3);
    expect(tokens).toEqual(["t1", null]);
    expect(chunks).toEqual(['[\n{"id":"p0"},\n{"id":"p1"}', ',\n{"id":"p2"}', "\n]\n"]);
  });

  it("stops at maxItems, mid-page, without fetching further pages", async () => {
    const { chunks, sink } = collect();
    const fetched: number[] = [];
    const tokens: (string | null)[] = [];
    const pages = [0, 1, 2, 3].map((i) => ({ ...pageOf(profiles(i * 2, 2)), next_token: `t${i + 1}` }));
    const count = await writePages({
      pages: source(pages, fetched),
      encoder: createEncoder("ndjson"),
      sink,
      maxItems: 3,
      afterPage: (token) => void tokens.push(token),
    });
    expect(count).toBe(3);
    expect(chunks.join("")).toBe('{"id":"p0"}\n{"id":"p1"}\n{"id":"p2"}\n');
    expect(tokens).toEqual(["t1", null]);
    expect(fetched).toEqual([0, 1]);
  });

  it("fetches nothing when a resumed export already holds maxItems", async () => {
    const fetched: number[] = [];
    const { sink } = collect();
    const encoder = createEncoder("ndjson", { count: 5, columns: null });
    await writePages({ pages: source([{ ...pageOf(profiles(0, 1)) }], fetched), encoder, sink, maxItems: 5 });
    expect(fetched).toEqual([]);
  });

  it("propagates a failed page after the pages before it were written", async () => {
    const { chunks, sink } = collect();
    async function* failing() {
      yield { ...pageOf(profiles(0, 1)), next_token: "t1" };
      throw new Error("boom");
    }
    await expect(writePages({ pages: failing(), encoder: createEncoder("ndjson"), sink })).rejects.toThrow("boom");
    expect(chunks).toEqual(['{"id":"p0"}\n']);
  });
});
