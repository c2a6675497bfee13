/**
 * The page scan against JSON.parse: whatever it accepts, JSON.parse accepts too and reads the same items, on
 * generated pages (random whitespace, escapes, non-ASCII, nesting) and on those pages with bytes changed at random.
 */
import fc from "fast-check";
import { scanPage } from "../src/client/json-scan.js";

const encode = (text: string) => new TextEncoder().encode(text);
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** JSON.parse's reading of bytes the way the client decodes them, or undefined when it throws. */
function parsed(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/** Checks one accepted body against JSON.parse: valid UTF-8, and every span is the item JSON.parse read. */
function agreesWithJsonParse(bytes: Uint8Array): void {
  const layout = scanPage(bytes);
  if (!layout) return;
  expect(() => strictUtf8.decode(bytes)).not.toThrow();
  const page = parsed(bytes) as { data: unknown[]; next_token?: unknown; total?: unknown };
  expect(page).toBeDefined();
  expect(layout.count).toBe(page.data.length);
  for (let i = 0; i < layout.count; i++) {
    expect(JSON.parse(strictUtf8.decode(bytes.subarray(layout.items[2 * i], layout.items[2 * i + 1])))).toEqual(page.data[i]);
  }
  const at = (span?: readonly [number, number]) => span && JSON.parse(strictUtf8.decode(bytes.subarray(span[0], span[1])));
  expect(at(layout.nextToken)).toEqual(page.next_token);
  expect(at(layout.total)).toEqual(page.total);
}

/** JSON text of `value` with random whitespace between tokens (JSON.stringify with an indent, then reflowed). */
const spaced = (value: unknown, style: number) =>
  style === 0 ? JSON.stringify(value) : style === 1 ? JSON.stringify(value, null, 2) : JSON.stringify(value, null, "\t").replace(/\n\s*/g, " \r\n ");

const item = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
const page = fc.record(
  {
    data: fc.array(item, { maxLength: 6 }),
    next_token: fc.oneof(fc.string(), fc.constant(null)),
    total: fc.nat(),
    other: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: ["data"] },
);

describe("scanPage", () => {
  it("finds every item of generated pages exactly where JSON.parse reads them", () => {
    fc.assert(
      fc.property(page, fc.integer({ min: 0, max: 2 }), (value, style) => {
        const bytes = encode(spaced(value, style));
        expect(scanPage(bytes)).toBeDefined();
        agreesWithJsonParse(bytes);
      }),
      { numRuns: 400 },
    );
  });

  it("never accepts what JSON.parse refuses: generated pages with bytes inserted, removed or replaced", () => {
    const interesting = [0x22, 0x5c, 0x2c, 0x3a, 0x5b, 0x5d, 0x7b, 0x7d, 0x30, 0x2d, 0x2e, 0x65, 0x75, 0x0a, 0x00, 0x1f, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe0, 0xed, 0xf0, 0xf4, 0xf8, 0xff];
    const edit = fc.record({ at: fc.nat(), kind: fc.integer({ min: 0, max: 2 }), byte: fc.oneof(fc.constantFrom(...interesting), fc.integer({ min: 0, max: 255 })) });
    fc.assert(
      fc.property(page, fc.integer({ min: 0, max: 2 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (value, style, edits) => {
        let bytes = encode(spaced(value, style));
        for (const { at, kind, byte } of edits) {
          const k = bytes.length === 0 ? 0 : at % bytes.length;
          const copy = Array.from(bytes);
          if (kind === 0) copy.splice(k, 0, byte);
          else if (kind === 1) copy.splice(k, 1);
          else copy[k] = byte;
          bytes = Uint8Array.from(copy);
        }
        agreesWithJsonParse(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ["an overlong encoding", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["a sequence cut short", [0xe2, 0x82]],
    ["a code point past U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["a lead byte no sequence has", [0xf5, 0x80, 0x80, 0x80]],
    ["a stray continuation byte", [0x80]],
  ])("refuses invalid UTF-8 inside a string: %s (JSON.parse would read U+FFFD there)", (_name, sequence) => {
    const bytes = Uint8Array.from([...encode('{"data":[{"id":"a'), ...sequence, ...encode('"}]}')]);
    expect(scanPage(bytes)).toBeUndefined();
  });

  it.each([
    ["a key spelled with escapes", '{"d\\u0061ta":[{"id":"a"}]}'],
    ["data twice", '{"data":[{"id":"a"}],"data":[]}'],
    ["next_token twice", '{"data":[],"next_token":"a","next_token":null}'],
    ["an item that is not an object", '{"data":[1]}'],
    ["no data", '{"next_token":null}'],
    ["a top level that is not an object", '[{"data":[]}]'],
    ["trailing bytes", '{"data":[]} x'],
    ["a raw control character in a string", '{"data":[{"id":"a\tb"}]}'],
    ["a leading zero", '{"data":[{"n":01}]}'],
    ["nesting deeper than the scan recurses", `{"data":[{"n":${"[".repeat(300)}${"]".repeat(300)}}]}`],
  ])("leaves to JSON.parse: %s", (_name, text) => {
    expect(scanPage(encode(text))).toBeUndefined();
  });

  it("reads what JSON.parse reads around the edges: a byte-order mark, escapes, non-ASCII, numbers", () => {
    const text = '\ufeff { "total" : 2 , "data" : [ {"id":"\\"q\\"\\\\","n":-0.5e+3,"é":"Zoë 😀","z":[true,false,null]} , {} ] , "next_token":"\\ud800" } ';
    const bytes = encode(text);
    expect(scanPage(bytes)).toMatchObject({ count: 2 });
    agreesWithJsonParse(bytes);
  });
});
