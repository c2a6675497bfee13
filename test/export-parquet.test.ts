/**
 * The Parquet encoder on its own: columns typed from the first page and read back by hyparquet's reader, the
 * schema policy (a new field or a contradicting type is an error naming it and the profile), and a resume from
 * the state a checkpoint saves, at any row-group boundary, giving the same bytes as an uninterrupted run.
 */
import fc from "fast-check";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { loadEncoder } from "../src/export/encoder.js";
import type { EncoderState, ExportProfile } from "../src/export/format.js";
import { pageOf } from "../src/export/page-profiles.js";
import { ParquetColumnError } from "../src/export/parquet-columns.js";

const bytesOf = (chunks: (string | Uint8Array)[]): Buffer => Buffer.concat(chunks.map((chunk) => (typeof chunk === "string" ? Buffer.from(chunk) : chunk)));
const arrayBuffer = (bytes: Buffer): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;

async function encode(pages: ExportProfile[][], rowGroupSize = 2): Promise<Buffer> {
  const encoder = await loadEncoder("parquet", undefined, { rowGroupSize });
  return bytesOf([...pages.map((page) => encoder.page(pageOf(page))), encoder.end()]);
}

it("double encoding: a JSON column stores the value's JSON text once, not a JSON string holding it", async () => {
  const file = await encode([[{ id: "cl-1", index_id: "idx-1", attributes: { tags: ["a", "b"] } }]]);
  const text = Buffer.from(file).toString("latin1");
  expect(text).toContain('["a","b"]');
  expect(text).not.toContain('"[\\"a\\"');
});

it("types each column from the first page (string, number, boolean, JSON for nested values) and keeps nulls", async () => {
  const first = [
    { id: "cl-1", index_id: "idx-1", attributes: { name: "Ann", ltv: 12.5, vip: true, tags: ["a", "b"], phone: null } },
    { id: "cl-2", index_id: "idx-1", attributes: { name: null, ltv: 0, vip: false, tags: { x: 1 } } },
  ];
  const file = await encode([first, [{ id: "cl-3", index_id: "idx-1", attributes: { name: "Bo", ltv: 3, vip: null, tags: null, phone: null } }]]);
  const metadata = parquetMetadata(arrayBuffer(file));
  expect(metadata.schema.slice(1).map(({ name, type, converted_type }) => [name, type, converted_type])).toEqual([
    ["id", "BYTE_ARRAY", "UTF8"],
    ["index_id", "BYTE_ARRAY", "UTF8"],
    ["name", "BYTE_ARRAY", "UTF8"],
    ["ltv", "DOUBLE", undefined],
    ["vip", "BOOLEAN", undefined],
    ["tags", "BYTE_ARRAY", "JSON"],
    // No value on the first page: a string column.
    ["phone", "BYTE_ARRAY", "UTF8"],
  ]);
  expect(metadata.num_rows).toBe(3n);
  expect(metadata.row_groups.map((group) => group.num_rows)).toEqual([2n, 1n]);
  const rows = await parquetReadObjects({ file: arrayBuffer(file) });
  expect(rows).toEqual([
    // A JSON column holds each value's JSON text, which a reader parses back into the value.
    { id: "cl-1", index_id: "idx-1", name: "Ann", ltv: 12.5, vip: true, tags: ["a", "b"], phone: null },
    { id: "cl-2", index_id: "idx-1", name: null, ltv: 0, vip: false, tags: { x: 1 }, phone: null },
    { id: "cl-3", index_id: "idx-1", name: "Bo", ltv: 3, vip: null, tags: null, phone: null },
  ]);
});

// Regression: the string columns' values reach the writer as views of a buffer, and a Buffer's toJSON once turned
// the saved statistics into "[object Object]" in the footer.
it("writes each row group's statistics: the string columns' min and max as text, the numbers' as numbers", async () => {
  const page = (names: string[], first: number) =>
    names.map((name, k) => ({ id: `cl-${first + k}`, index_id: "idx-1", attributes: { name, ltv: first + k } }));
  const file = await encode([page(["Zoë", "Ann"], 1), page(["Émile", "Bo"], 3)]);
  const statistics = parquetMetadata(arrayBuffer(file)).row_groups.map((group) =>
    group.columns.map(({ meta_data }) => [meta_data?.statistics?.min_value, meta_data?.statistics?.max_value]),
  );
  expect(statistics).toEqual([
    [["cl-1", "cl-2"], ["idx-1", "idx-1"], ["Ann", "Zoë"], [1, 2]],
    [["cl-3", "cl-4"], ["idx-1", "idx-1"], ["Bo", "Émile"], [3, 4]],
  ]);
});

it("an empty export is a valid file with the id and index_id columns and no row", async () => {
  const file = await encode([[]]);
  const metadata = parquetMetadata(arrayBuffer(file));
  expect(metadata.schema.slice(1).map((element) => element.name)).toEqual(["id", "index_id"]);
  expect(metadata.num_rows).toBe(0n);
});

describe("the schema is fixed by the first page", () => {
  const first = [{ id: "cl-1", index_id: "idx-1", attributes: { ltv: 1, tier: "gold" } }];

  it("a later attribute not in it stops the export with an error naming the attribute and the profile", async () => {
    const encoder = await loadEncoder("parquet");
    encoder.page(pageOf(first));
    expect(() => encoder.page(pageOf([{ id: "cl-9", index_id: "idx-1", attributes: { ltv: 2, tier: "gold", churned: true } }]))).toThrow(
      new ParquetColumnError(
        'profile "cl-9" has attribute "churned" that is not in the Parquet schema (the schema comes from the first page); export with --format ndjson or json to keep every value as it is',
      ),
    );
  });

  it("a value whose type contradicts its column stops the export with an error naming the attribute, column and profile", async () => {
    const encoder = await loadEncoder("parquet");
    encoder.page(pageOf(first));
    expect(() => encoder.page(pageOf([{ id: "cl-7", index_id: "idx-1", attributes: { ltv: "12.50", tier: "gold" } }]))).toThrow(
      /^profile "cl-7" has attribute "ltv" holding a string, but its Parquet column "ltv" holds numbers \(typed by the first page\)/,
    );
    expect(() => encoder.page(pageOf([{ id: "cl-8", index_id: "idx-1", attributes: { ltv: 1, tier: { level: 2 } } }]))).toThrow(/"cl-8" has attribute "tier" holding a nested value/);
  });
});

describe("a resumed encoder continues the same bytes", () => {
  const profile = fc.record({
    id: fc.string({ minLength: 1, maxLength: 6 }),
    index_id: fc.constant("idx-1"),
    attributes: fc.record({
      a: fc.option(fc.string(), { nil: null }),
      n: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
      b: fc.option(fc.boolean(), { nil: null }),
    }),
  });

  // Its 0 makes the first row group's DOUBLE minimum -0 in the footer, which plain JSON would lose.
  const typed = { id: "cl-0", index_id: "idx-1", attributes: { a: "text", n: 0, b: true } };

  it("cut at any page where it is settled (a row group boundary), its state through JSON as the checkpoint stores it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(profile, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 5 }), fc.nat(), async (drawn, rowGroupSize, cut) => {
        // The first profile types every column (a column with no value on the first page holds strings).
        const pages = [[typed, ...drawn[0]!], ...drawn.slice(1)];
        const expected = await encode(pages, rowGroupSize);
        const first = await loadEncoder("parquet", undefined, { rowGroupSize });
        const written: (string | Uint8Array)[] = [];
        const settled: { at: number; bytes: number; state: EncoderState }[] = [{ at: 0, bytes: 0, state: first.state() }];
        pages.forEach((page, i) => {
          written.push(first.page(pageOf(page)));
          if (first.settled?.()) settled.push({ at: i + 1, bytes: bytesOf(written).length, state: JSON.parse(JSON.stringify(first.state())) as EncoderState });
        });
        const point = settled[cut % settled.length]!;
        const resumed = await loadEncoder("parquet", point.state, { rowGroupSize });
        const rest = [...pages.slice(point.at).map((page) => resumed.page(pageOf(page))), resumed.end()];
        expect(Buffer.concat([bytesOf(written).subarray(0, point.bytes), bytesOf(rest)]).equals(expected)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
