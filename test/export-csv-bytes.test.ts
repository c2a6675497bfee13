/**
 * The CSV rows written from a page's bytes against the rows written from its parsed profiles: byte for byte the
 * same on generated pages (strings with escapes, commas and non-ASCII, numbers in every JSON spelling, nested
 * values, nulls, missing attributes, any whitespace), and a page the bytes writer declines is still written the
 * parsing way, with the same error where there is one.
 */
import fc from "fast-check";
import { ByteBuilder } from "../src/export/byte-builder.js";
import { csvBytesWriter } from "../src/export/csv-bytes.js";
import { csvColumns, csvEncoder, csvRows } from "../src/export/csv.js";
import type { ExportPage, ExportProfile } from "../src/export/format.js";
import { profilesOf } from "../src/export/page-profiles.js";
import { scanPage } from "../src/client/json-scan.js";

/** A page as the client gives it: the body's bytes and the spans its scan found. */
function pageFrom(text: string): ExportPage {
  const body = Buffer.from(text);
  const layout = scanPage(body)!;
  expect(layout).toBeDefined();
  return { body, spans: layout.items, count: layout.count };
}

const fromBytes = (page: ExportPage, columns: ReturnType<typeof csvColumns>) => {
  const out = new ByteBuilder(16);
  return csvBytesWriter(columns).rows(page, out) ? out.bytes().toString() : undefined;
};
const fromProfiles = (page: ExportPage, columns: ReturnType<typeof csvColumns>) => csvRows(profilesOf(page), columns).bytes().toString();

// Numbers as JSON may spell them; JavaScript prints most of them differently.
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  // Written into the page as they are, not as JavaScript would print them (see pageText).
  fc.constantFrom("1.50", "1e3", "-0", "0", "-0.0", "1E+2", "123456789012345", "1234567890123456", "12345678901234567890", "0.1",
    "-0.5", "12.5", "1.0", "0.000001", "0.0000001", "-0.0000015", "123456789012.345", "1234567890123.456", "0.123456789012345",
    "0.1234567890123456", "9007199254740993", "100", "0.30000000000000004", "4.35", "0.10", "-12.75").map((text) => `\u0001\u0002num:${text}`),
);
const scalar = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constantFrom("a,b", 'say "hi"', "line\nbreak", "tab\t", "é,ü", ""), fc.boolean(), fc.constant(null), number);
const value = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
const keys = ["given_name", "email", "ltv", "note", "é", "a,b"];
const profile = fc.record(
  { id: fc.string(), index_id: fc.constant("idx-1"), attributes: fc.oneof(fc.dictionary(fc.constantFrom(...keys), value), fc.constant(null)) },
  { requiredKeys: ["id"] },
);

/** JSON text of a page, the marked numbers written as spelled, with compact or spread-out whitespace. */
function pageText(profiles: ExportProfile[], spread: boolean): string {
  return JSON.stringify({ data: profiles }, null, spread ? 1 : undefined).replace(/"\\u0001\\u0002num:([^"]*)"/g, "$1");
}

describe("csvBytesWriter", () => {
  it("writes exactly the rows the parsing writer writes, on generated pages", () => {
    fc.assert(
      fc.property(fc.array(profile, { minLength: 1, maxLength: 6 }), fc.boolean(), (profiles, spread) => {
        const page = pageFrom(pageText(profiles, spread));
        const columns = csvColumns(profilesOf(page));
        expect(fromBytes(page, columns)).toBe(fromProfiles(page, columns));
      }),
      { numRuns: 500 },
    );
  });

  it("copies a number's bytes only when JavaScript prints the number so: decimal spellings of every length", () => {
    const digits = fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 18 });
    // Fractions often start with zeros: JavaScript writes a number below 1e-6 with an exponent.
    const fraction = fc.tuple(fc.integer({ min: 0, max: 8 }), digits).map(([zeros, rest]) => "0".repeat(zeros) + rest);
    const spelling = fc.tuple(fc.boolean(), digits, fc.option(fraction)).map(([minus, int, frac]) =>
      `${minus ? "-" : ""}${int.length > 1 ? int.replace(/^0+(?=.)/, "") : int}${frac === null ? "" : `.${frac}`}`);
    fc.assert(
      fc.property(fc.array(spelling, { minLength: 1, maxLength: 20 }), (numbers) => {
        const page = pageFrom(`{"data":[${numbers.map((n, i) => `{"id":"${i}","attributes":{"n":${n}}}`).join(",")}]}`);
        const columns = csvColumns(profilesOf(page));
        expect(fromBytes(page, columns)).toBe(fromProfiles(page, columns));
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ["a key spelled with escapes", '{"data":[{"id":"a","attributes":{"given_n\\u0061me":"x"}}]}'],
    ["a field not in the header", '{"data":[{"id":"a","extra":1}]}'],
    ["attributes that are not an object", '{"data":[{"id":"a","attributes":"flat"}]}'],
    ["attributes twice (JSON.parse keeps the last)", '{"data":[{"id":"a","attributes":{"given_name":"x"},"attributes":{"email":"y"}}]}'],
  ])("declines %s, which the parsing writer then handles", (_what, text) => {
    const columns = csvColumns([{ id: "", attributes: { given_name: "", email: "" } }]);
    expect(fromBytes(pageFrom(text), columns)).toBeUndefined();
  });

  it("null written like the empty string: the bytes writer gives null an empty cell and the empty string a quoted one", () => {
    const page = pageFrom('{"data":[{"id":"a","attributes":{"phone":"","email":null,"note":" "}},{"id":"","attributes":{"phone":"1"}}]}');
    const columns = csvColumns(profilesOf(page));
    expect(fromBytes(page, columns)).toBe('a,,"",, \n"",,1,,\n');
    expect(fromProfiles(page, columns)).toBe(fromBytes(page, columns));
  });

  it("the encoder gives the parsing writer's output and errors for a page it declines", () => {
    const first = pageFrom('{"data":[{"id":"a","attributes":{"given_name":"x"}}]}');
    const encoder = csvEncoder();
    expect(Buffer.from(encoder.page(first)).toString()).toBe("id,index_id,given_name\na,,x\n");
    const escaped = pageFrom('{"data":[{"id":"b","attributes":{"given_n\\u0061me":"y"}}]}');
    expect(Buffer.from(encoder.page(escaped)).toString()).toBe("b,,y\n");
    expect(() => encoder.page(pageFrom('{"data":[{"id":"c","attributes":{"tier":"gold"}}]}'))).toThrow(/"c" has attribute "tier" that is not in the CSV header/);
  });
});
