import fc from "fast-check";
import { csvColumns, csvEncoder, csvRows, CsvColumnError } from "../src/export/csv.js";
import { createEncoder, type TextFormat } from "../src/export/encoder.js";
import { compressionForPath, formatForPath, formats, type Encoder, type ExportProfile } from "../src/export/format.js";
import { pageOf } from "../src/export/page-profiles.js";

/** What an encoder writes for a page holding `profiles`, as text. */
const encode = (encoder: Encoder, profiles: readonly ExportProfile[]): string => {
  const chunk = encoder.page(pageOf(profiles));
  return typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
};

const alice = { id: "cl-1", index_id: "idx-1", attributes: { given_name: "Alice", email: "a@example.com" } };
const bob = { id: "cl-2", index_id: "idx-1", attributes: { given_name: "Bob", email: "b@example.com" } };

describe("formatForPath", () => {
  it("picks the format from the --out extension; stdout is ndjson", () => {
    expect(formatForPath("out/profiles.CSV")).toBe("csv");
    expect(formatForPath("profiles.json")).toBe("json");
    expect(formatForPath("profiles.ndjson")).toBe("ndjson");
    expect(formatForPath("profiles.jsonl")).toBe("ndjson");
    expect(formatForPath(undefined)).toBe("ndjson");
    expect(formatForPath("-")).toBe("ndjson");
  });

  it("reads the format through a .gz ending, which means gzip", () => {
    expect([formatForPath("p.csv.gz"), compressionForPath("p.csv.gz")]).toEqual(["csv", "gzip"]);
    expect([formatForPath("p.NDJSON.GZ"), compressionForPath("p.NDJSON.GZ")]).toEqual(["ndjson", "gzip"]);
    expect([formatForPath("p.jsonl.gz"), formatForPath("p.json.gz"), formatForPath("p.parquet")]).toEqual(["ndjson", "json", "parquet"]);
    expect(compressionForPath("p.csv")).toBeUndefined();
  });

  it.each(["profiles.txt", "x.xml", "p.gz", "p.csv.zst", "profiles"])("formats are never guessed: %s has no format", (path) => {
    expect(formatForPath(path)).toBeUndefined();
  });
});

describe("ndjson encoder", () => {
  it("writes one profile per line", () => {
    const encoder = createEncoder("ndjson");
    expect(encode(encoder, [alice, bob]) + encoder.end()).toBe(`${JSON.stringify(alice)}\n${JSON.stringify(bob)}\n`);
    expect(encoder.state().count).toBe(2);
  });

  it("writes nothing for an empty export", () => {
    const encoder = createEncoder("ndjson");
    expect(encode(encoder, []) + encoder.end()).toBe("");
  });
});

describe("json encoder", () => {
  it("writes one array across pages, a profile per line", () => {
    const encoder = createEncoder("json");
    const text = [encode(encoder, [alice]), encode(encoder, []), encode(encoder, [bob]), encoder.end()].join("");
    expect(text).toBe(`[\n${JSON.stringify(alice)},\n${JSON.stringify(bob)}\n]\n`);
    expect(JSON.parse(text)).toEqual([alice, bob]);
  });

  it("writes [] for an empty export", () => {
    const encoder = createEncoder("json");
    expect(encode(encoder, []) + encoder.end()).toBe("[]\n");
  });
});

describe("csv (DOC-11: flattened attributes, header from the first page, no silent drop)", () => {
  it("flattens attributes into one column each, after id and index_id", () => {
    const encoder = csvEncoder();
    expect(encode(encoder, [alice, bob]) + encoder.end()).toBe(
      "id,index_id,given_name,email\ncl-1,idx-1,Alice,a@example.com\ncl-2,idx-1,Bob,b@example.com\n",
    );
  });

  it("takes attribute order from the first profile and adds keys first seen later in the first page", () => {
    const columns = csvColumns([
      { id: "a", attributes: { b: "1", a: "2" } },
      { id: "b", attributes: { a: "3", c: "4" } },
    ]);
    expect(columns.map((column) => column.header)).toEqual(["id", "index_id", "b", "a", "c"]);
  });

  it("makes columns of the seed page's top-level fields (DOC-07 shape)", () => {
    const encoder = csvEncoder();
    const text = encode(encoder, [{ id: "idx-1", name: "Loyalty, Members", created_at: "2025-01-01T00:00:00Z" }]);
    expect(text).toBe('id,index_id,name,created_at\nidx-1,,"Loyalty, Members",2025-01-01T00:00:00Z\n');
  });

  it("prefixes an attribute named like a top-level column so both are kept", () => {
    const encoder = csvEncoder();
    const text = encode(encoder, [{ id: "x", name: "top", attributes: { name: "attr", id: "inner" } }]);
    expect(text).toBe("id,index_id,attributes.name,attributes.id,name\nx,,attr,inner,top\n");
  });

  it("quotes commas, quotes and newlines, and writes booleans, numbers and nulls readably", () => {
    const encoder = csvEncoder();
    const text = encode(encoder, [
      { id: "x", attributes: { note: 'say "hi", then\nleave', vip: true, churned: false, ltv: 12.5, phone: null } },
    ]);
    expect(text).toBe('id,index_id,note,vip,churned,ltv,phone\nx,,"say ""hi"", then\nleave",true,false,12.5,\n');
  });

  it("stops with an error naming an attribute that is not in the header", () => {
    const encoder = csvEncoder();
    encode(encoder, [alice]);
    const late = { id: "cl-9", index_id: "idx-1", attributes: { given_name: "Eve", loyalty_tier: "gold" } };
    expect(() => encode(encoder, [late])).toThrow(CsvColumnError);
    expect(() => encode(encoder, [late])).toThrow(/"cl-9" has attribute "loyalty_tier" that is not in the CSV header/);
  });

  it("stops with an error naming a top-level field that is not in the header", () => {
    const columns = csvColumns([alice]);
    expect(() => csvRows([{ ...bob, name: "x" }], columns)).toThrow(/field "name"/);
  });

  it("leaves a missing attribute empty", () => {
    const columns = csvColumns([alice]);
    expect(csvRows([{ id: "cl-3", attributes: { email: "c@example.com" } }], columns).bytes().toString()).toBe("cl-3,,,c@example.com\n");
  });

  it("writes only the id,index_id header for an empty export", () => {
    const encoder = csvEncoder();
    expect(encode(encoder, []) + encoder.end()).toBe("id,index_id\n");
  });

  it("refuses attributes that are not an object", () => {
    expect(() => csvColumns([{ id: "x", attributes: "flat" }])).toThrow(CsvColumnError);
  });
});

describe("a resumed encoder continues the same bytes", () => {
  const profile = fc.record({
    id: fc.string({ minLength: 1, maxLength: 6 }),
    index_id: fc.constant("idx-1"),
    attributes: fc.record({ a: fc.string(), b: fc.oneof(fc.string(), fc.boolean(), fc.integer(), fc.constant(null)) }),
  });
  const textFormats = formats.filter((format): format is TextFormat => format !== "parquet");
  it.each(textFormats)("%s: any split into pages, resumed from the saved state at any page, gives the same output", (format) => {
    fc.assert(
      fc.property(fc.array(fc.array(profile, { maxLength: 4 }), { maxLength: 6 }), fc.nat(), (pages, cut) => {
        const whole = createEncoder(format);
        const expected = pages.map((page) => encode(whole, page)).join("") + whole.end();
        const at = pages.length === 0 ? 0 : cut % (pages.length + 1);
        const first = createEncoder(format);
        let text = pages.slice(0, at).map((page) => encode(first, page)).join("");
        // What the checkpoint stores goes through JSON, as it does on disk.
        const resumed = createEncoder(format, JSON.parse(JSON.stringify(first.state())));
        text += pages.slice(at).map((page) => encode(resumed, page as ExportProfile[])).join("") + resumed.end();
        expect(text).toBe(expected);
      }),
    );
  });
});
