/**
 * Every attribute shape of the sandbox, exported as NDJSON, JSON, CSV and Parquet and loaded into DuckDB, holds the
 * values the API served: numbers, booleans, NULL (null or absent) and '' (the empty string) alike in every format,
 * and Parquet's columns typed DOUBLE and BOOLEAN where the shape's attributes are numbers and booleans.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtinShapeNames, startSandbox, type ProfileShapeSpec, type Sandbox } from "../src/sandbox/index.js";
import { builtinShapeSpecs } from "../src/sandbox/builtin-shapes.js";
import { resolveShapes } from "../src/sandbox/shapes.js";
import { runCli, sandboxEnv } from "./cli-harness.js";
import { startDuckDb, type DuckDb, type Row } from "./support/duckdb-process.js";

// A numeric and a boolean attribute null on most profiles: the first page of 20 has no value of either (checked
// below), the first row group of 500 has some.
const rare: ProfileShapeSpec = {
  name: "rare",
  attributes: [
    { name: "code", kind: "id", prefix: "X-" },
    { name: "bonus", kind: "integer", min: 1, max: 9, null: 0.98 },
    { name: "flag", kind: "boolean", null: 0.97 },
  ],
};
const profiles = 1500;

let sandbox: Sandbox;
let dir: string;
let duck: DuckDb;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles, shapes: [...builtinShapeNames, rare], indexes: builtinShapeNames.length + 1, seed: "sparse-first-page" });
  dir = await mkdtemp(join(tmpdir(), "export-shapes-"));
  duck = await startDuckDb();
});
afterAll(async () => {
  await duck?.close();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

const rows = (sql: string): Promise<Row[]> => duck.rows(sql);
const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;
const sqlType = (kind: string) => (kind === "integer" || kind === "decimal" ? "DOUBLE" : kind === "boolean" ? "BOOLEAN" : "VARCHAR");

async function exportTo(index: string, name: string, args: string[]): Promise<string> {
  const out = join(dir, name);
  const result = await runCli(["export", index, "--out", out, "--no-progress", ...args], { env: sandboxEnv(sandbox) });
  expect({ name, code: result.code, stderr: result.stderr }).toEqual({ name, code: 0, stderr: "" });
  return out.replaceAll("'", "''");
}

const shapes = resolveShapes([...builtinShapeNames, rare]);
const specs: Array<ProfileShapeSpec | undefined> = [undefined, ...builtinShapeSpecs, rare]; // customers: strings only

/** Exports the index of shape `i` in every format and compares what DuckDB loads from each with the NDJSON. */
async function sameEverywhere(name: string, i: number): Promise<void> {
  const index = sandbox.indexes[i]!;
  const attributes = shapes[i]!.attributes;
  const spec = specs[i];
  expect(spec?.name ?? "customers").toBe(name);
  const typeOf = (attribute: string) => sqlType(spec?.attributes.find((a) => a.name === attribute)?.kind ?? "string");
  const struct = attributes.map((a) => `${quoteName(a)} ${typeOf(a)}`).join(", ");
  const select = ["id", "index_id", ...attributes].map(quoteName).join(", ");
  const fromJson = (path: string, format: string) =>
    `SELECT ${select} FROM (SELECT id, index_id, UNNEST(attributes) FROM read_json('${path}', format='${format}', ` +
    `columns={id: 'VARCHAR', index_id: 'VARCHAR', attributes: 'STRUCT(${struct.replaceAll("'", "''")})'})) ORDER BY id`;
  const ndjsonPath = await exportTo(index, `${name}.ndjson`, ["--limit", "20"]);
  if (name === "rare") {
    // What this shape is for: no value of bonus or flag on the first page of 20, values further on.
    const firstPage = (await readFile(ndjsonPath, "utf8")).split("\n").slice(0, 20).map((line) => JSON.parse(line).attributes);
    expect(firstPage.filter((a) => a.bonus !== null || a.flag !== null)).toEqual([]);
  }
  const ndjson = await rows(fromJson(ndjsonPath, "newline_delimited"));
  expect(ndjson).toHaveLength(profiles);
  const json = await rows(fromJson(await exportTo(index, `${name}.json`, ["--limit", "250"]), "array"));
  const csvPath = await exportTo(index, `${name}.csv`, ["--limit", "250"]);
  // The header's order is the first page's (a key absent from the first profile comes later); no name here is quoted.
  const header = (await readFile(csvPath, "utf8")).split("\n", 1)[0]!.split(",");
  expect([...header].sort()).toEqual(["id", "index_id", ...attributes].sort());
  const columns = `{${header.map((c) => `${quoteName(c).replaceAll("'", "''")}: '${c === "id" || c === "index_id" ? "VARCHAR" : typeOf(c)}'`).join(", ")}}`;
  // The CSV read as a warehouse loads it: declared types, "" the empty string, an unquoted empty cell NULL.
  const csv = await rows(`SELECT ${select} FROM read_csv('${csvPath}', header=true, allow_quoted_nulls=false, columns=${columns}) ORDER BY id`);
  const parquetPath = await exportTo(index, `${name}.parquet`, ["--limit", "20", "--row-group-size", "500"]);
  const parquet = await rows(`SELECT ${select} FROM read_parquet('${parquetPath}') ORDER BY id`);
  for (const [format, got] of Object.entries({ json, csv, parquet })) expect({ format, rows: got }).toEqual({ format, rows: ndjson });
  const types = await rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${parquetPath}'))`);
  expect(Object.fromEntries(types.map((t) => [t["column_name"], t["column_type"]]))).toEqual(
    Object.fromEntries(["id", "index_id", ...attributes].map((a) => [a, a === "id" || a === "index_id" ? "VARCHAR" : typeOf(a)])),
  );
}

it.each(builtinShapeNames.map((name, i) => [name, i] as const))(
  "shape %s: NDJSON, JSON, CSV and Parquet load the same values, numbers, booleans, NULLs and empty strings alike",
  (name, i) => sameEverywhere(name, i),
  60_000,
);

it("a number and a boolean attribute null on the whole first page: Parquet types them by their first values instead of stopping the export", async () => {
  await sameEverywhere("rare", builtinShapeNames.length);
}, 60_000);
