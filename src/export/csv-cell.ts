/**
 * CSV cells, RFC 4180 style, byte for byte what csv-stringify writes with the export's options (a test compares
 * the two on random values): a cell holding `,` `"` CR or LF is quoted, with `"` doubled; booleans are
 * `true`/`false`; numbers as JavaScript prints them; anything nested as JSON. Done by hand because csv-stringify's
 * general record machinery was a quarter of the export's CPU.
 *
 * Null and the empty string are told apart the way warehouses read CSV: `null` (and a missing value) is an empty,
 * unquoted cell, the empty string a quoted one, `""`. PostgreSQL's COPY … CSV reads them so by default, Snowflake
 * with FIELD_OPTIONALLY_ENCLOSED_BY = '"', DuckDB's read_csv with allow_quoted_nulls = false (by default it reads
 * `""` as NULL as well).
 */
const needsQuotes = /[",\n\r]/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (value === "") return '""';
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record: the cells joined by commas, ended by LF. */
export function csvLine(values: readonly unknown[]): string {
  let line = values.length > 0 ? csvCell(values[0]) : "";
  for (let i = 1; i < values.length; i++) line += "," + csvCell(values[i]);
  return line + "\n";
}
