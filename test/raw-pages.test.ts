/**
 * `profiles.rawPages()`: pages as bytes with each profile located, checked like any page. The spans must read as
 * exactly the profiles `pages()` gives, whatever the server's formatting; a body the scan leaves alone (odd
 * spelling, invalid UTF-8) is still usable; a body that is not the envelope fails as it does for `pages()`.
 */
import { responseOf, ResponseShapeError, ResponseValidationError, type RawProfilePage } from "../src/index.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { caught, clientWith, json, page, scripted } from "./client-harness.js";
import { createAmperityClient } from "../src/index.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const profilesIn = (raw: RawProfilePage) =>
  Array.from({ length: raw.count }, (_, i) => JSON.parse(strictUtf8.decode(raw.body.subarray(raw.spans[2 * i], raw.spans[2 * i + 1]))) as unknown);
const bodyOf = (text: string | Uint8Array<ArrayBuffer>) => new Response(text, { status: 200, headers: { "content-type": "application/json" } });

async function collect(pages: AsyncIterable<RawProfilePage>): Promise<RawProfilePage[]> {
  const all: RawProfilePage[] = [];
  for await (const raw of pages) all.push(raw);
  return all;
}

describe("against a sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ profiles: 2500, seed: "raw-pages" });
  });
  afterAll(() => sandbox.close());

  it("locates exactly the profiles pages() parses, page by page, with the same cursors and responses", async () => {
    const amperity = createAmperityClient({ tenant: sandbox.tenant, token: sandbox.token, baseUrl: sandbox.url });
    const parsed = [];
    for await (const p of amperity.profiles.pages(sandbox.indexes[0]!, { limit: 400, with_total: true })) parsed.push(p);
    const raw = await collect(amperity.profiles.rawPages(sandbox.indexes[0]!, { limit: 400, with_total: true }, { prefetch: 1 }));
    expect(raw.map((r) => r.count)).toEqual([400, 400, 400, 400, 400, 400, 100]);
    expect(raw.map(profilesIn)).toEqual(parsed.map((p) => p.data));
    expect(raw.map((r) => [r.next_token, r.total])).toEqual(parsed.map((p) => [p.next_token, p.total]));
    expect(responseOf(raw[0]!)).toMatchObject({ status: 200 });
  });

  it("stops after the page that reaches maxItems", async () => {
    const amperity = createAmperityClient({ tenant: sandbox.tenant, token: sandbox.token, baseUrl: sandbox.url });
    const raw = await collect(amperity.profiles.rawPages(sandbox.indexes[0]!, { limit: 400 }, { maxItems: 500 }));
    expect(raw.map((r) => r.count)).toEqual([400, 400]);
  });
});

describe("bodies of every shape", () => {
  const expected = page(["a", "b"], "t2", { total: 2 });

  it.each([
    ["compact", JSON.stringify(expected)],
    ["pretty-printed", JSON.stringify(expected, null, 2)],
    ["with a byte-order mark", `\ufeff${JSON.stringify(expected)}`],
    ["with a key spelled with escapes (left to JSON.parse)", JSON.stringify(expected).replace('"data"', '"d\\u0061ta"')],
    ["with data twice (JSON.parse keeps the last)", JSON.stringify(expected).replace("{", '{"data":[{"id":"gone"}],')],
  ])("%s: the spans read as the profiles JSON.parse reads", async (_what, text) => {
    const [raw] = await collect(clientWith(scripted(bodyOf(text))).profiles.rawPages("idx-1", {}, { maxPages: 1 }));
    expect(profilesIn(raw!)).toEqual(expected.data);
    expect(raw).toMatchObject({ count: 2, next_token: "t2", total: 2 });
  });

  it("invalid UTF-8 is never passed on: the profile is re-encoded with U+FFFD, as JSON.parse read it", async () => {
    const bytes = new TextEncoder().encode('{"data":[{"id":"a?"}]}');
    bytes[bytes.indexOf(0x3f)] = 0xff;
    const [raw] = await collect(clientWith(scripted(bodyOf(bytes))).profiles.rawPages("idx-1"));
    expect(profilesIn(raw!)).toEqual([{ id: "a\ufffd" }]);
  });

  it.each([
    ["data as a string", { data: "abc" }, "/data"],
    ["a profile that is a string", { data: [{ id: "a" }, "b"] }, "/data/1"],
    ["next_token as a number", { data: [], next_token: 42 }, "/next_token"],
    ["total negative", { data: [], total: -1 }, "/total"],
    ["a body that is an array", [{ id: "a" }], ""],
  ])("a hostile envelope is the same ResponseShapeError as for pages(): %s", async (_what, body, pointer) => {
    const s = scripted(json(200, body));
    const error = await caught(collect(clientWith(s).profiles.rawPages("idx-1")));
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect(error).toMatchObject({ operation: "listProfiles", pointer });
    expect(s.requests).toHaveLength(1);
  });

  it("a body cut off mid-profile is retried like any cut-off body", async () => {
    const s = scripted(bodyOf('{"data":[{"id":"a"'), json(200, page(["a"])));
    const [raw] = await collect(clientWith(s).profiles.rawPages("idx-1"));
    expect(profilesIn(raw!)).toEqual(page(["a"]).data);
    expect(s.requests).toHaveLength(2);
  });

  it("strict mode checks the whole page against the schema first", async () => {
    const amperity = clientWith(scripted(json(200, { data: [{ index_id: "no id" }] })), { validateResponses: true });
    expect(await caught(collect(amperity.profiles.rawPages("idx-1")))).toBeInstanceOf(ResponseValidationError);
    const valid = clientWith(scripted(json(200, expected)), { validateResponses: true });
    const [raw] = await collect(valid.profiles.rawPages("idx-1", {}, { maxPages: 1 }));
    expect(profilesIn(raw!)).toEqual(expected.data);
  });
});
