/**
 * NDJSON and JSON exports copy each profile's bytes as the API sent them: nothing a round trip through JavaScript
 * would change is changed, a pretty-printed server still gives one profile per line, and bytes that are not
 * valid UTF-8 never reach the file.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./cli-harness.js";
import { TOKEN } from "./client-harness.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-raw-bytes-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: TOKEN };
/** A server that answers every request with `body`, as bytes. */
const serving = (body: string | Uint8Array<ArrayBuffer>) => ({ fetch: async () => new Response(body, { headers: { "content-type": "application/json" } }) });

const exported = async (format: string, body: string | Uint8Array<ArrayBuffer>) => {
  const out = join(dir, `p-${Math.random().toString(36).slice(2)}.${format}`);
  const result = await runCli(["export", "idx-1", "--out", out, "--no-progress"], { env, client: serving(body) });
  expect(result).toMatchObject({ code: 0 });
  return readFile(out);
};

it("keeps integers beyond 2^53, trailing zeros and escapes exactly as sent", async () => {
  const profile = '{"id":"a","attributes":{"loyalty_points":12345678901234567890,"ltv":"1.50","price":1.50,"note":"\\u00e9\\/"}}';
  expect((await exported("ndjson", `{"data":[${profile}]}`)).toString()).toBe(`${profile}\n`);
  expect((await exported("json", `{"data":[${profile}, ${profile}]}`)).toString()).toBe(`[\n${profile},\n${profile}\n]\n`);
});

it("a pretty-printed page still gives one profile per line, whitespace inside strings kept", async () => {
  const body = JSON.stringify({ data: [{ id: "a", attributes: { note: "two  spaces,\ttab" } }, { id: "b" }] }, null, 2);
  const text = (await exported("ndjson", body)).toString();
  expect(text).toBe('{"id":"a","attributes":{"note":"two  spaces,\\ttab"}}\n{"id":"b"}\n');
});

it("invalid UTF-8 from the server becomes U+FFFD in the file, which stays valid UTF-8", async () => {
  const bytes = new TextEncoder().encode('{"data":[{"id":"a?b"}]}');
  bytes[bytes.indexOf(0x3f)] = 0xc0;
  const file = await exported("ndjson", bytes);
  expect(() => new TextDecoder("utf-8", { fatal: true }).decode(file)).not.toThrow();
  expect(JSON.parse(file.toString())).toEqual({ id: "a\ufffdb" });
});
