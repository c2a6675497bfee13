/**
 * Proven with a reader nobody here wrote: the NDJSON, JSON, CSV, gzip and Parquet outputs of one sandbox export,
 * loaded into DuckDB, hold the same rows as the API served (read through the client): the same ids, the same
 * values, in every format. And Parquet's types as DuckDB sees them: DOUBLE, BOOLEAN, NULL where the API had them.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAmperityClient } from "../src/index.js";
import { attributeNames } from "../src/sandbox/profiles.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv, type RunOptions } from "./cli-harness.js";
import { startDuckDb, type DuckDb, type Row } from "./support/duckdb-process.js";

let sandbox: Sandbox;
let index: string;
let dir: string;
let duck: DuckDb;

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 2000 });
  index = sandbox.indexes[0]!;
  dir = await mkdtemp(join(tmpdir(), "export-duckdb-"));
  duck = await startDuckDb();
});
afterAll(async () => {
  await duck?.close();
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const columns = ["id", "index_id", ...attributeNames];
const rows = (sql: string): Promise<Row[]> => duck.rows(sql);
const byId = (list: Row[]) => [...list].sort((a, b) => String(a["id"]).localeCompare(String(b["id"])));
const exportTo = async (name: string, args: string[] = [], options: RunOptions = {}) => {
  const out = join(dir, name);
  const result = await runCli(["export", index, "--out", out, "--no-progress", ...args], { env: sandboxEnv(sandbox), ...options });
  expect(result).toMatchObject({ code: 0, stderr: "" });
  return out.replaceAll("'", "''");
};
// JSON is read with its shape spelled out: DuckDB would otherwise turn date-like strings into DATEs.
const jsonColumns = `columns={id: 'VARCHAR', index_id: 'VARCHAR', attributes: 'STRUCT(${attributeNames.map((name) => `${name} VARCHAR`).join(", ")})'}`;
const fromJson = (path: string, format: string) => `SELECT id, index_id, UNNEST(attributes) FROM read_json('${path}', format='${format}', ${jsonColumns})`;
// allow_quoted_nulls=false: a quoted empty cell is the empty string, an unquoted one NULL (csv-cell.ts).
const fromCsv = (path: string) => `SELECT * FROM read_csv('${path}', header=true, all_varchar=true, allow_quoted_nulls=false)`;

it("NDJSON, JSON, CSV, their gzip files and Parquet hold the rows the API served, value for value", async () => {
  const client = createAmperityClient({ tenant: sandbox.tenant, token: sandbox.token, baseUrl: sandbox.url });
  const served: Row[] = [];
  for await (const profile of client.profiles.items(index, { limit: 1000 })) {
    served.push({ id: profile.id, index_id: profile.index_id, ...(profile.attributes as Row) });
  }
  expect(served).toHaveLength(2000);
  const expected = byId(served);
  const queries = {
    ndjson: fromJson(await exportTo("p.ndjson"), "newline_delimited"),
    "ndjson.gz": fromJson(await exportTo("p.ndjson.gz"), "newline_delimited"),
    json: fromJson(await exportTo("p.json"), "array"),
    csv: fromCsv(await exportTo("p.csv")),
    "csv.gz": fromCsv(await exportTo("p.csv.gz")),
    // Several row groups, as a large export has.
    parquet: `SELECT * FROM read_parquet('${await exportTo("p.parquet", ["--limit", "250", "--row-group-size", "500"])}')`,
  };
  for (const [format, sql] of Object.entries(queries)) {
    const got = byId(await rows(sql));
    expect(Object.keys(got[0]!)).toEqual(columns);
    expect({ format, rows: got }).toEqual({ format, rows: expected });
  }
  const groups = await rows(`SELECT count(DISTINCT row_group_id) AS groups FROM parquet_metadata('${join(dir, "p.parquet")}')`);
  expect(groups).toEqual([{ groups: 4n }]);
  // Six exports and their queries: 3–4 s alone, past Jest's 5 s default on a loaded machine.
}, 20_000);

it("Parquet columns typed from the values: DuckDB reads DOUBLE, BOOLEAN and NULL where the API sent numbers, booleans and null", async () => {
  // The sandbox serves strings only; these pages are rewritten to carry numbers, booleans and nulls.
  const typed: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const body = (await response.json()) as { data: Array<{ attributes: Record<string, unknown> }> };
    for (const [i, profile] of body.data.entries()) {
      const attributes = profile.attributes;
      attributes["lifetime_value"] = Number(attributes["lifetime_value"]);
      attributes["vip"] = i % 3 === 0;
      if (attributes["phone"] === "") attributes["phone"] = null;
    }
    return Response.json(body, { status: response.status, headers: response.headers });
  };
  const parquet = await exportTo("typed.parquet", ["--max-items", "500"], { client: { fetch: typed } });
  const ndjson = await exportTo("typed.ndjson", ["--max-items", "500"], { client: { fetch: typed } });
  const types = await rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${parquet}')) WHERE column_name IN ('lifetime_value', 'vip', 'phone')`);
  expect(types).toEqual([
    { column_name: "phone", column_type: "VARCHAR" },
    { column_name: "lifetime_value", column_type: "DOUBLE" },
    { column_name: "vip", column_type: "BOOLEAN" },
  ]);
  const fromParquet = await rows(`SELECT id, lifetime_value, vip, phone FROM read_parquet('${parquet}') ORDER BY id`);
  const fromNdjson = await rows(
    `SELECT id, attributes.lifetime_value AS lifetime_value, attributes.vip AS vip, attributes.phone AS phone FROM read_json('${ndjson}', format='newline_delimited', ` +
      `columns={id: 'VARCHAR', attributes: 'STRUCT(lifetime_value DOUBLE, vip BOOLEAN, phone VARCHAR)'}) ORDER BY id`,
  );
  expect(fromParquet).toHaveLength(500);
  expect(fromParquet.some((row) => row["phone"] === null) && fromParquet.some((row) => row["vip"] === true)).toBe(true);
  expect(fromParquet).toEqual(fromNdjson);

  // --parquet-codec gzip: every column chunk, string, number and boolean, declares GZIP and reads back the same.
  const gzipped = await exportTo("typed-gzip.parquet", ["--max-items", "500", "--parquet-codec", "gzip"], { client: { fetch: typed } });
  const codecs = (path: string) => rows(`SELECT type, list(DISTINCT compression) AS codecs FROM parquet_metadata('${path}') GROUP BY type ORDER BY type`);
  expect(await codecs(gzipped)).toEqual(["BOOLEAN", "BYTE_ARRAY", "DOUBLE"].map((type) => ({ type, codecs: ["GZIP"] })));
  expect(await codecs(parquet)).toEqual(["BOOLEAN", "BYTE_ARRAY", "DOUBLE"].map((type) => ({ type, codecs: ["SNAPPY"] })));
  expect(await rows(`SELECT id, lifetime_value, vip, phone FROM read_parquet('${gzipped}') ORDER BY id`)).toEqual(fromNdjson);
}, 20_000);

it("null written like the empty string: every format loads NULL where the API sent null and '' where it sent an empty string", async () => {
  // The sandbox's empty phones become null for profiles whose id ends in an even digit; the rest stay empty strings.
  const mixed: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const body = (await response.json()) as { data: Array<{ id: string; attributes: Record<string, unknown> }> };
    for (const { id, attributes } of body.data) if (attributes["phone"] === "" && id.charCodeAt(id.length - 1) % 2 === 0) attributes["phone"] = null;
    return Response.json(body, { status: response.status, headers: response.headers });
  };
  const phones = async (sql: string) => (await rows(`SELECT id, phone FROM (${sql}) ORDER BY id`)).map((row) => [row["id"], row["phone"]]);
  const options = { client: { fetch: mixed } };
  const served = await phones(fromJson(await exportTo("empty.ndjson", [], options), "newline_delimited"));
  const nulls = served.filter(([, phone]) => phone === null).length;
  const emptyStrings = served.filter(([, phone]) => phone === "").length;
  expect(nulls).toBeGreaterThan(10);
  expect(emptyStrings).toBeGreaterThan(10);
  expect(await phones(fromJson(await exportTo("empty.json", [], options), "array"))).toEqual(served);
  expect(await phones(fromCsv(await exportTo("empty.csv", [], options)))).toEqual(served);
  expect(await phones(fromCsv(await exportTo("empty.csv.gz", [], options)))).toEqual(served);
  expect(await phones(`SELECT * FROM read_parquet('${await exportTo("empty.parquet", [], options)}')`)).toEqual(served);
}, 20_000);
