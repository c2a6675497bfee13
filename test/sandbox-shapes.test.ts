// Indexes of several attribute shapes: numbers (integers and decimals), booleans, nulls, absent keys, empty
// strings, non-ASCII names and values, up to the documented 30 fields; the same seed serves the same bytes; a shape
// file is checked before anything is served, and one beyond the maximum is refused.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { run } from "../src/cli/program.js";
import { builtinShapeNames, startSandbox, type ProfileShapeSpec, type Sandbox } from "../src/sandbox/index.js";
import { JsonWriter } from "../src/sandbox/json-writer.js";
import { resolveShapes } from "../src/sandbox/shapes.js";
import { runCli } from "./cli-harness.js";
import { call, walk, type Json } from "./support/sandbox-http.js";

let sb: Sandbox;
let dir: string;
const profiles: Record<string, Json[]> = {};
beforeAll(async () => {
  sb = await startSandbox({ profiles: 400, indexes: 4, seed: "shapes", pageMax: 400 });
  for (const [i, id] of sb.indexes.entries()) profiles[builtinShapeNames[i]!] = (await call(sb, `/indexes/${id}/profiles?limit=400`)).body["data"];
  dir = await mkdtemp(join(tmpdir(), "sandbox-shapes-"));
});
afterAll(() => Promise.all([sb?.close(), rm(dir, { recursive: true, force: true })]));

const values = (shape: string) => profiles[shape]!.flatMap((p) => Object.values(p["attributes"] as Json));

test("by default the indexes take the built-in shapes in turn, customers first, every page valid against the spec", () => {
  expect(builtinShapeNames).toEqual(["customers", "loyalty", "wide", "sparse"]);
  expect(Object.keys(profiles["customers"]![0]!["attributes"])).toContain("loyalty_tier");
  expect(Object.keys(profiles["loyalty"]![0]!["attributes"])).toContain("points");
  // call() checked every body against the spec's listProfiles schema (ProfileAttributes: at most 30 scalars).
  const keys = new Set(profiles["wide"]!.flatMap((p) => Object.keys(p["attributes"])));
  expect(keys.size).toBe(30);
});

test("real shapes: integers, decimals, booleans, nulls, absent keys, empty strings, non-ASCII names and values", () => {
  const all = ["loyalty", "wide", "sparse"].flatMap(values);
  expect(all.some((v) => Number.isInteger(v))).toBe(true);
  expect(all.some((v) => typeof v === "number" && !Number.isInteger(v))).toBe(true);
  expect(all.some((v) => v === true) && all.some((v) => v === false)).toBe(true);
  expect(all.some((v) => v === null)).toBe(true);
  expect(all.some((v) => v === "")).toBe(true);
  expect(all.some((v) => typeof v === "string" && /[^\x00-\x7f]/.test(v))).toBe(true);
  const names = profiles["wide"]!.flatMap((p) => Object.keys(p["attributes"]));
  expect(names).toContain("顧客ランク");
  const counts = profiles["loyalty"]!.map((p) => Object.keys(p["attributes"]).length);
  expect(Math.min(...counts)).toBeLessThan(Math.max(...counts)); // opted_in is absent from some profiles
});

test("every shape's two renderings agree: the bytes served parse to the values filters compare", () => {
  const index = { id: "idx-0000abcd", key: 0x5eed };
  for (const shape of resolveShapes()) {
    const served: Json[] = [], expected: Json[] = [];
    for (let position = 0; position < 300; position++) {
      const out = new JsonWriter(256);
      shape.write(out, index, position);
      served.push(JSON.parse(out.result().toString())["attributes"]);
      const drawn = shape.values(index, position);
      expected.push(Object.fromEntries(shape.attributes.map((name, i) => [name, drawn[i]]).filter(([, v]) => v !== undefined)));
    }
    expect({ shape: shape.name, attributes: served }).toEqual({ shape: shape.name, attributes: expected });
    // In the declared order too (toEqual ignores the order of keys).
    expect(served.map((a) => Object.keys(a).join())).toEqual(expected.map((a) => Object.keys(a).join()));
  }
});

test("the same seed serves byte-identical pages of every shape; another seed other values", async () => {
  const [again, other] = await Promise.all([
    startSandbox({ profiles: 400, indexes: 4, seed: "shapes", pageMax: 400 }),
    startSandbox({ profiles: 400, indexes: 4, seed: "other shapes", pageMax: 400 }),
  ]);
  try {
    for (const [i, id] of again.indexes.entries()) {
      expect(id).toBe(sb.indexes[i]);
      expect((await call(again, `/indexes/${id}/profiles?limit=400`)).body["data"]).toEqual(profiles[builtinShapeNames[i]!]);
      const differs = (await call(other, `/indexes/${other.indexes[i]}/profiles?limit=400`)).body["data"];
      expect(differs.map((p: Json) => p["attributes"])).not.toEqual(profiles[builtinShapeNames[i]!]!.map((p) => p["attributes"]));
    }
  } finally {
    await Promise.all([again.close(), other.close()]);
  }
});

test("filters on a shaped index match its values exactly; null, absent and other fields never match", async () => {
  const index = sb.indexes[1]!;
  const tier = profiles["loyalty"]![3]!["attributes"]["tier"];
  const { ids } = await walk(sb, `/indexes/${index}/profiles`, `filter[tier]=${tier}`, 100);
  expect(ids).toEqual(profiles["loyalty"]!.filter((p) => p["attributes"]["tier"] === tier).map((p) => p["id"]));
  const empty = await walk(sb, `/indexes/${sb.indexes[3]}/profiles`, "filter[email]=", 400);
  expect(empty.ids).toEqual(profiles["sparse"]!.filter((p) => p["attributes"]["email"] === "").map((p) => p["id"]));
  const { status, body } = await call(sb, `/indexes/${index}/profiles?filter[points]=5`);
  expect(status).toBe(400);
  expect(body["message"]).toContain("filter fields: member_id, given_name, surname, email, city, tier");
});

const attribute = (i: number) => ({ name: `field_${i}`, kind: "integer" });
const refusals: Array<[string, unknown, RegExp]> = [
  ["31 attributes, one over the documented maximum", { name: "big", attributes: Array.from({ length: 31 }, (_, i) => attribute(i)) },
    /shape "big" has 31 attributes; the Profile API allows at most 30 per index/],
  ["an unknown kind", { name: "k", attributes: [{ name: "a", kind: "uuid" }] }, /attribute 1 \("a"\) has kind "uuid"; use one of given_name/],
  ["a filter on a number", { name: "f", attributes: [{ name: "n", kind: "integer", filter: true }] }, /a filter field holds strings/],
  ["a name given twice", { name: "t", attributes: [attribute(1), attribute(1)] }, /repeats a name/],
  ["rates above 1", { name: "r", attributes: [{ name: "a", kind: "email", null: 0.6, absent: 0.6 }] }, /add up to more than 1/],
  ["an unknown built-in", "customer", /names no built-in shape "customer" \(built-in: customers, loyalty, wide, sparse\)/],
];

test.each(refusals)("a shape with %s is refused before anything is served, naming it", async (_what, shape, message) => {
  await expect(startSandbox({ shapes: [shape as ProfileShapeSpec] })).rejects.toThrow(message);
});

test("sandbox --shape-file serves the file's shapes; a bad file is a usage error naming the flag and the file", async () => {
  const file = join(dir, "shapes.json");
  const mine = { name: "mine", attributes: [{ name: "score", kind: "decimal", min: -1, max: 1, scale: 3 }, { name: "nom", kind: "given_name", filter: true }] };
  await writeFile(file, JSON.stringify([mine, "wide"]));
  const stdout = new PassThrough();
  const controller = new AbortController();
  const line = new Promise<string>((resolve) => stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())));
  const exit = run(["sandbox", "--profiles", "5", "--indexes", "2", "--shape-file", file], { env: {}, stdout, stderr: new PassThrough().resume(), signal: controller.signal });
  const ready = JSON.parse(await line) as Sandbox;
  try {
    const [first, second] = await Promise.all(ready.indexes.map(async (id) => (await call(ready, `/indexes/${id}/profiles?limit=5`)).body["data"]));
    expect(Object.keys(first[0]["attributes"])).toEqual(["score", "nom"]);
    expect(Object.keys(second[0]["attributes"])).toContain("Kundennummer");
  } finally {
    controller.abort();
  }
  expect(await exit).toBe(0);

  const big = join(dir, "big.json");
  await writeFile(big, JSON.stringify(refusals[0]![1]));
  const fifo = join(dir, "shapes.fifo");
  execFileSync("mkfifo", [fifo]);
  const notJson = join(dir, "bad.json");
  await writeFile(notJson, "{name: 'x'}");
  for (const [args, message] of [
    [["--shape-file", big], `--shape-file ${big}: shapes[0]: shape "big" has 31 attributes`],
    [["--shape-file", notJson], `--shape-file ${notJson} is not valid JSON`],
    [["--shape-file", join(dir, "missing.json")], "missing.json (--shape-file) does not exist; check the path given to --shape-file"],
    [["--shape-file", dir], `the shape file ${dir} (--shape-file) is a folder`],
    // A FIFO (or a device) is refused at once, never read until someone writes to it.
    [["--shape-file", fifo], `the shape file ${fifo} (--shape-file) is a FIFO`],
    [["--shapes", "wide,nope"], '--shapes[1] names no built-in shape "nope"'],
    [["--shapes", "wide", "--shape-file", big], "--shapes or --shape-file, not both"],
  ] as const) {
    const result = await runCli(["sandbox", ...args]);
    expect([args, result.code]).toEqual([args, 2]);
    expect(result.stderr).toContain(message);
  }
});
