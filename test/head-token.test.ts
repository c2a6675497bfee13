// The head scan: the top-level next_token read from a list body's first bytes, chunk by chunk, when it comes before
// `data` (the documented order). Every case is fed whole, byte by byte, and split in two at every position: the
// scan's answer may not depend on where the network cut the body.
import { headBound, HeadTokenScanner } from "../src/client/head-token.js";

const encode = (text: string) => new TextEncoder().encode(text);

/** The scanner's token for `body` fed as `chunks`, and whether it stopped looking. */
function scan(chunks: Uint8Array[]): { token: string | undefined; done: boolean } {
  const scanner = new HeadTokenScanner();
  for (const chunk of chunks) scanner.feed(chunk);
  return { token: scanner.token, done: scanner.done };
}

/** The token for `body` under every way of cutting it; fails if two cuts disagree. */
function headToken(body: string): string | undefined {
  const bytes = encode(body);
  const whole = scan([bytes]).token;
  const cuts: Uint8Array[][] = [Array.from(bytes, (_, i) => bytes.subarray(i, i + 1))];
  for (let at = 0; at <= bytes.length; at++) cuts.push([bytes.subarray(0, at), bytes.subarray(at)]);
  for (const chunks of cuts) expect([body, chunks.map((c) => c.length), scan(chunks).token]).toEqual([body, chunks.map((c) => c.length), whole]);
  return whole;
}

const profile = '{"id":"p1","index_id":"idx-1","attributes":{"next_token":"INSIDE"}}';

describe("HeadTokenScanner: the cursor before the profiles", () => {
  it("reads the documented order's cursor: total, next_token, then data", () => {
    expect(headToken(`{"total":3,"next_token":"T1","data":[${profile}]}`)).toBe("T1");
    expect(headToken(`{\n  "total" : 12345 ,\n  "next_token" : "a-b_c.~=" ,\n  "data" : [ ${profile} ]\n}`)).toBe("a-b_c.~=");
    expect(headToken(`{"next_token":"T1","data":[]}`)).toBe("T1");
    expect(headToken(`{"total":-1.5e+3,"next_token":"T1","data":[]}`)).toBe("T1");
  });

  it("has the cursor as soon as its closing quote arrives, before anything after it", () => {
    const scanner = new HeadTokenScanner();
    scanner.feed(encode('{"total":3,"next_token":"T'));
    expect([scanner.token, scanner.done]).toEqual([undefined, false]);
    scanner.feed(encode('1"'));
    expect([scanner.token, scanner.done]).toEqual(["T1", true]);
  });

  it("decodes escapes and UTF-8 in the cursor exactly as JSON.parse does", () => {
    const tokens = [
      "a\\/b",
      "\\u0041\\u00e9\\u4e2d",
      "\\ud83d\\ude00 and 😀",
      'quote \\" backslash \\\\ tab \\t',
      "\\ufeffstarts with a byte-order mark",
      "\ufeffa raw byte-order mark",
      "é中",
      "\\ud800 a lone surrogate",
      "ends with a backslash \\\\",
    ];
    for (const token of tokens) {
      const body = `{"total":1,"next_token":"${token}","data":[]}`;
      expect([token, headToken(body)]).toEqual([token, (JSON.parse(body) as { next_token: string }).next_token]);
    }
  });

  it("reads a key spelled with escapes as JSON.parse reads it", () => {
    expect(headToken('{"next\\u005ftoken":"T1","data":[]}')).toBe("T1");
    expect(headToken('{"\\u0064ata":[],"next_token":"T1"}')).toBeUndefined();
  });

  it('is not fooled by "next_token" inside a string value or a nested object or array before data', () => {
    expect(headToken('{"meta":{"next_token":"NESTED"},"data":[]}')).toBeUndefined();
    expect(headToken('{"meta":[{"a":["}"]},{"next_token":"NESTED"}],"data":[]}')).toBeUndefined();
    expect(headToken('{"note":"\\"next_token\\":\\"STRING\\"","data":[]}')).toBeUndefined();
    expect(headToken('{"note":"next_token","x":"STRING","data":[]}')).toBeUndefined();
    expect(headToken('{"x_next_token":"T0","data":[]}')).toBeUndefined();
    // Past all of them, the top-level member is still found.
    expect(headToken('{"meta":{"next_token":"NESTED","s":"}\\""},"note":"\\"next_token\\":\\"S\\"","next_token":"T1","data":[]}')).toBe("T1");
  });

  it("stops at data: a cursor after the profiles is the tail guess's, never this one's", () => {
    expect(headToken(`{"data":[${profile}],"next_token":"T1"}`)).toBeUndefined();
    const scanner = new HeadTokenScanner();
    scanner.feed(encode('{"total":3,"data":['));
    expect([scanner.token, scanner.done]).toEqual([undefined, true]);
  });

  it("guesses nothing on the last page or on a cursor the envelope refuses", () => {
    for (const body of [
      '{"total":1,"next_token":null,"data":[]}',
      '{"total":1,"next_token":"","data":[]}',
      '{"total":1,"next_token":7,"data":[]}',
      '{"total":1,"data":[]}',
      '{"total":1}',
      '{"next_token":"raw\ncontrol","data":[]}',
      '{"next_token":"bad \\x escape","data":[]}',
      `{"next_token":"${"t".repeat(4097)}","data":[]}`,
    ]) expect([body, scan([encode(body)]).token]).toEqual([body, undefined]);
    expect(scan([encode(`{"next_token":"${"t".repeat(4096)}","data":[]}`)]).token).toBe("t".repeat(4096));
  });

  it("gives up on anything a list body does not start with", () => {
    for (const body of ["[", '"next_token":"T1"', '{"next_token" "T1"', '{"a":1 "next_token":"T1"}', '{"a":@,"next_token":"T1"}', "\ufeff{", '{,"next_token":"T1"}']) {
      expect([body, scan([encode(body)])]).toEqual([body, { token: undefined, done: true }]);
    }
  });

  it(`reads no further than ${headBound} bytes`, () => {
    const padding = " ".repeat(headBound - 20); // the closing quote lands 8 bytes past the bound
    expect(scan([encode(`{"total":1,${padding}"next_token":"T1","data":[]}`)])).toEqual({ token: undefined, done: true });
    // 20 bytes less: it lands inside.
    expect(scan([encode(`{"total":1,${padding.slice(20)}"next_token":"T1","data":[]}`)]).token).toBe("T1");
  });
});
