// The hand-written CSV cells against csv-stringify, the library they replaced: the same bytes for any JSON value,
// so files exported before and after the change (and a resumed export across it) agree.
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { csvCell, csvLine } from "../src/export/csv-cell.js";

// quoted_match /^$/ quotes the empty string and nothing else: null and undefined stay empty, unquoted cells.
const reference = (rows: unknown[][]) =>
  stringify(rows, { quoted_match: /^$/, cast: { boolean: (value: boolean) => String(value), object: (value: object) => JSON.stringify(value) } });

// Strings rich in the characters that matter to CSV.
const tricky = fc.string({ unit: fc.constantFrom(",", '"', "\n", "\r", " ", "'", "a", "é", "=", "\t", "-") });
const value = fc.oneof(tricky, fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
  fc.constant(undefined), fc.jsonValue());

describe("CSV cells", () => {
  it("quoting injection: any value gives the bytes csv-stringify gives", () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(rows.map(csvLine).join("")).toBe(reference(rows));
      }),
      { numRuns: 2000 },
    );
  });

  it("null written like the empty string: null is an empty cell, the empty string a quoted one, as warehouses read them", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("")).toBe('""');
    expect(csvLine(["a", "", null, ""])).toBe('a,"",,""\n');
  });

  it("quotes commas, quotes and line breaks, doubling the quotes; leaves other text alone", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("a\rb")).toBe('"a\rb"');
    expect(csvCell("=1+2")).toBe("=1+2");
    expect(csvCell(null)).toBe("");
    expect(csvCell(false)).toBe("false");
    expect(csvCell({ a: [1, "x,y"] })).toBe('"{""a"":[1,""x,y""]}"');
  });
});
