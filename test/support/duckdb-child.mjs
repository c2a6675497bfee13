// The DuckDB end of duckdb-process.ts: one in-memory database; each stdin line is {"id", "sql"}, each stdout line
// {"id", "rows"} (getRowObjectsJS, with the values JSON has no form for tagged) or {"id", "error"}. At the end of
// stdin it closes the database and exits: the bindings' native handle would keep the process alive otherwise.
import { createInterface } from "node:readline";
import { DuckDBInstance } from "@duckdb/node-api";

const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();

/** A bigint, a non-finite number or -0 as a tagged object; any other value JSON cannot hold is an error. */
function tagged(_key, value) {
  if (typeof value === "bigint") return { $bigint: String(value) };
  if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0))) return { $number: Object.is(value, -0) ? "-0" : String(value) };
  if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) {
    throw new TypeError(`a ${value.constructor?.name ?? "value"} in a row: duckdb-child.mjs does not carry it`);
  }
  return value;
}

for await (const line of createInterface({ input: process.stdin })) {
  const { id, sql } = JSON.parse(line);
  let answer;
  try {
    const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
    answer = JSON.stringify({ id, rows }, tagged);
  } catch (error) {
    answer = JSON.stringify({ id, error: String(error?.message ?? error) });
  }
  process.stdout.write(`${answer}\n`);
}
connection.closeSync();
instance.closeSync();
process.exit(0);
