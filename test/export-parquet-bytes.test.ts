/**
 * The Parquet encoder copies values straight from a page's bytes and parses only the profiles it must. On
 * generated pages (strings with escapes and non-ASCII, numbers in every JSON spelling, nested values, nulls,
 * missing attributes, any whitespace) its file is byte for byte the one it writes when every profile is parsed,
 * and the values read back are the ones JSON.parse gives.
 */
import fc from "fast-check";
import { parquetReadObjects } from "hyparquet";
import { loadEncoder } from "../src/export/encoder.js";
import type { ExportPage, ExportProfile } from "../src/export/format.js";
import { scanPage } from "../src/client/json-scan.js";

function pageFrom(text: string): ExportPage {
  const body = Buffer.from(text);
  const layout = scanPage(body)!;
  expect(layout).toBeDefined();
  return { body, spans: layout.items, count: layout.count };
}

async function encode(texts: string[]): Promise<Buffer> {
  const encoder = await loadEncoder("parquet", undefined, { rowGroupSize: 3 });
  const chunks = [...texts.map((text) => encoder.page(pageFrom(text))), encoder.end()];
  return Buffer.concat(chunks.map((chunk) => (typeof chunk === "string" ? Buffer.from(chunk) : chunk)));
}

// Numbers as JSON may spell them, written into the page as they are (see pageText).
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom("1.50", "1e3", "-0", "0", "-0.0", "1E+2", "123456789012345678901234567890", "0.1").map((text) => `\u0001\u0002num:${text}`),
);
const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom('say "hi"', "line\nbreak", "\\", "é,ü", "\ud800", ""));
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 4 });
const profile = fc.record(
  {
    id: text,
    index_id: fc.constant("idx-1"),
    attributes: nullable(fc.record({ s: nullable(text), n: nullable(number), b: nullable(fc.boolean()), j: nullable(fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: [] })),
  },
  { requiredKeys: ["id"] },
);
// The first profile types every column.
const typed = { id: "cl-0", index_id: "idx-1", attributes: { s: "text", n: 1, b: true, j: [1] } };

/** JSON text of a page, the marked numbers written as spelled, compact or spread out. */
function pageText(profiles: ExportProfile[], spread: boolean): string {
  return JSON.stringify({ data: profiles }, null, spread ? 1 : undefined).replace(/"\\u0001\\u0002num:([^"]*)"/g, "$1");
}

/** The same page with every `"id"` key spelled with an escape: the byte scan declines it, so each profile is parsed. */
const parsedOnly = (page: string) => page.replace(/"id":/g, '"\\u0069d":');

const arrayBuffer = (bytes: Buffer): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;

it("copies from the bytes exactly what parsing gives: the same file, and the values JSON.parse reads", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(profile, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), fc.boolean(), async (drawn, spread) => {
      const pages = [[typed, ...drawn[0]!], ...drawn.slice(1)].map((page) => pageText(page, spread));
      const file = await encode(pages);
      expect(file.equals(await encode(pages.map(parsedOnly)))).toBe(true);
      type Served = { id: string; index_id?: string; attributes?: Partial<Record<"s" | "n" | "b" | "j", unknown>> | null };
      const served = pages.flatMap((page) => (JSON.parse(page) as { data: Served[] }).data);
      const expected = served.map(({ id, index_id, attributes }) => ({
        id,
        index_id: index_id ?? null,
        s: attributes?.s ?? null,
        n: attributes?.n ?? null,
        b: attributes?.b ?? null,
        // A JSON column: the reader parses each value's text back.
        j: attributes?.j ?? null,
      }));
      // Lone surrogates are not UTF-8: the file holds U+FFFD, as TextEncoder writes it.
      const wellFormed = (row: object) => JSON.parse(JSON.stringify(row).replace(/(?<=(?:^|[^\\])(?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g, "\ufffd")) as unknown;
      const rows = await parquetReadObjects({ file: arrayBuffer(file) });
      expect(rows.map(wellFormed)).toEqual(expected.map(wellFormed));
    }),
    { numRuns: 200 },
  );
});
