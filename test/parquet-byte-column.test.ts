/**
 * A string or JSON column chunk written from its bytes (src/export/parquet-byte-column.ts) is the chunk that
 * hyparquet-writer writes from one value per row: the same bytes and the same footer entry, for columns that it
 * dictionary-encodes and columns it writes PLAIN, with nulls, empty strings, several pages and no value at all;
 * with each codec of `--parquet-codec` (src/export/parquet-codec.ts).
 */
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { SchemaElement } from "hyparquet";
import { writeByteColumn } from "../src/export/parquet-byte-column.js";
import { writerCodec } from "../src/export/parquet-codec.js";
import { ColumnValues } from "../src/export/parquet-values.js";

type Row = string | null;
type Codec = ReturnType<typeof writerCodec>;

function fromBytes(rows: readonly Row[], type: "string" | "json", pageSize: number, codec: Codec) {
  const values = new ColumnValues(type);
  for (const row of rows) {
    if (row === null) values.addNull();
    else if (type === "json") values.addJson(row);
    else values.addText(row);
  }
  const parquet = new ParquetWriter({ writer: new ByteWriter(), schema: schemaOf(type), ...codec });
  const chunk = writeByteColumn(parquet.writer, values.byteColumn(), {
    name: "c", codec: parquet.codec, compressors: parquet.compressors, statistics: parquet.statistics, pageSize,
  });
  return { bytes: parquet.writer.getBytes().slice(), chunk };
}

function byLibrary(rows: readonly Row[], type: "string" | "json", pageSize: number, codec: Codec) {
  const parquet = new ParquetWriter({ writer: new ByteWriter(), schema: schemaOf(type), ...codec });
  const encoder = new TextEncoder();
  const data = rows.map((row) => (row === null ? null : type === "json" ? (JSON.parse(row) as unknown) : encoder.encode(row)));
  void parquet.write({ columnData: [{ name: "c", data, offsetIndex: false }], rowGroupSize: rows.length, pageSize });
  return { bytes: parquet.writer.getBytes().slice(), chunk: parquet.row_groups[0]!.columns[0]! };
}

function schemaOf(type: "string" | "json"): SchemaElement[] {
  const converted_type = type === "json" ? "JSON" : "UTF8";
  return [{ name: "root", num_children: 1 }, { name: "c", type: "BYTE_ARRAY", converted_type, repetition_type: "OPTIONAL" }];
}

const rows = (count: number, value: (i: number) => Row): Row[] => Array.from({ length: count }, (_, i) => value(i));

const cases: [string, Row[], "string" | "json", number][] = [
  ["distinct values (PLAIN)", rows(5000, (i) => `id-${i * 7919}-${"x".repeat(i % 40)}`), "string", 1_048_576],
  ["few distinct values (dictionary)", rows(5000, (i) => ["CA", "NY", "TX", "WA", "Ørsted"][i % 5]!), "string", 1_048_576],
  ["nulls and empty strings", rows(3000, (i) => (i % 3 === 0 ? null : i % 3 === 1 ? "" : `v${i % 50}`)), "string", 1_048_576],
  ["only nulls", rows(100, () => null), "string", 1_048_576],
  ["one value", ["only"], "string", 1_048_576],
  ["several PLAIN pages", rows(4000, (i) => `${i}-${"abcdefghij".repeat(3)}`), "string", 8192],
  ["several dictionary pages", rows(4000, (i) => (i % 11 === 0 ? null : `tier-${i % 4}`)), "string", 1000],
  ["a mid-sized dictionary", rows(6000, (i) => `city number ${(i * 31) % 1500}`), "string", 1_048_576],
  ["JSON values", rows(2000, (i) => (i % 4 === 0 ? null : JSON.stringify({ a: i % 9, b: [i % 3, "x"] }))), "json", 1_048_576],
];

describe.each(["snappy", "gzip"] as const)("a string or JSON column chunk written from its bytes, --parquet-codec %s", (name) => {
  const codec = writerCodec(name);
  test.each(cases)("%s: the same bytes and footer entry as hyparquet-writer", (_name, values, type, pageSize) => {
    const ours = fromBytes(values, type, pageSize, codec);
    const theirs = byLibrary(values, type, pageSize, codec);
    expect(ours.chunk.meta_data!.codec).toBe(codec.codec);
    expect(Buffer.from(ours.bytes).equals(Buffer.from(theirs.bytes))).toBe(true);
    // Compared as saved (parquet-state.ts drops undefined fields): the statistics' bytes by content.
    const plain = (chunk: unknown) => JSON.parse(JSON.stringify(chunk, (_key, value: unknown) =>
      typeof value === "bigint" ? `${value}n` : value instanceof Uint8Array ? Array.from(value) : value)) as unknown;
    expect(plain(ours.chunk)).toEqual(plain(theirs.chunk));
  });

  test("the cases cover both encodings and several pages of each", () => {
    const written = cases.map(([, values, type, pageSize]) => fromBytes(values, type, pageSize, codec).chunk.meta_data!);
    const pages = (encoding: string) =>
      Math.max(...written.map((meta) => meta.encoding_stats!.find((stat) => stat.encoding === encoding && stat.page_type === "DATA_PAGE_V2")?.count ?? 0));
    expect(pages("PLAIN")).toBeGreaterThan(1);
    expect(pages("RLE_DICTIONARY")).toBeGreaterThan(1);
  });

  test("a JSON value whose text is null is a null, as hyparquet-writer wrote it", () => {
    const values = new ColumnValues("json");
    values.addJson("null");
    values.addJson("[1]");
    expect(Array.from(values.byteColumn().marks)).toEqual([0, 1]);
  });
});
