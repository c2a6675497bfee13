/**
 * `check` counts profiles by decoding the file as a reader would: NDJSON lines, CSV records (a quoted cell may
 * hold line breaks and quotes), JSON array elements (commas and brackets inside strings are not structure). The
 * counters are fed in arbitrary chunks, as a file stream delivers them, and agree with what the encoders wrote.
 */
import fc from "fast-check";
import { recordCounter, RecordCountError } from "../src/export/count-records.js";
import { createEncoder, type TextFormat } from "../src/export/encoder.js";
import { pageOf } from "../src/export/page-profiles.js";

/** Feeds `text` to a fresh counter in chunks cut at `cuts` (byte offsets, any order). */
function count(format: TextFormat, text: string, cuts: number[] = []): number {
  const bytes = Buffer.from(text);
  const counter = recordCounter(format);
  let from = 0;
  for (const at of [...cuts.map((cut) => cut % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
    counter.push(bytes.subarray(from, Math.max(from, at)));
    from = Math.max(from, at);
  }
  return counter.end();
}

it("CSV: a quoted cell holding line breaks, commas and doubled quotes is one record; the header is not counted", () => {
  expect(count("csv", 'id,note\ncl-1,"two\nlines, and ""quotes"""\ncl-2,plain\n')).toBe(2);
  expect(count("csv", "id,index_id\n")).toBe(0);
  expect(() => count("csv", 'id,note\ncl-1,"never closed\n')).toThrow(RecordCountError);
});

it("JSON: only the array's own commas count, not those in strings or nested values", () => {
  expect(count("json", '[\n{"id":"a,b","x":[1,2,{"y":"]"}]},\n{"id":"c\\"]"}\n]\n')).toBe(2);
  expect(count("json", "[]\n")).toBe(0);
  expect(() => count("json", '[\n{"id":"a"},\n')).toThrow(/ends before its closing bracket/);
  expect(() => count("json", '[{"id":"a"}]\nx')).toThrow(/more after the closing bracket/);
});

it("NDJSON: one profile per line; a last line without its line feed still counts", () => {
  expect(count("ndjson", '{"id":"a"}\n{"id":"b"}\n')).toBe(2);
  expect(count("ndjson", '{"id":"a"}\n{"id":"b"}')).toBe(2);
  expect(count("ndjson", "")).toBe(0);
});

it.each(["ndjson", "csv", "json"] as const)("%s: the count of what the encoder wrote, however the bytes are chunked", (format) => {
  const value = fc.oneof(fc.string(), fc.constantFrom('"', ",", "\n", "\r\n", "[", "]", "{", "\\"), fc.boolean(), fc.integer(), fc.constant(null));
  const profile = fc.record({ id: fc.string(), index_id: fc.constant("idx-1"), attributes: fc.record({ a: value, b: value }) });
  fc.assert(
    fc.property(fc.array(fc.array(profile, { maxLength: 5 }), { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 }), (pages, cuts) => {
      const encoder = createEncoder(format);
      const chunks = [...pages.map((page) => encoder.page(pageOf(page))), encoder.end()];
      const text = chunks.map((chunk) => (typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"))).join("");
      expect(count(format, text, cuts)).toBe(pages.flat().length);
    }),
  );
});
