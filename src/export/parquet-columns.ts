/**
 * Parquet's columns: the CSV export's (`id`, `index_id`, one per attribute, then other top-level fields), each
 * typed from its values: string, number (DOUBLE), boolean, or JSON text for nested values; null is allowed
 * everywhere. The columns and most types are fixed by the first page, like the CSV header: a later field that is
 * not in it, or a value whose type contradicts its column, stops the export with an error naming the field and the
 * profile. A column with no value on the first page (a sparse attribute) takes the type of its first value in the
 * first row group, and holds strings only when that row group has none.
 */
import type { SchemaElement } from "hyparquet";
import { attributesOf } from "./csv.js";
import type { CsvColumn } from "./csv-column.js";
import type { ExportPage, ExportProfile } from "./format.js";
import type { ParquetColumnType } from "./parquet-state.js";
import { ColumnValues } from "./parquet-values.js";
import { backslash, profileSpans, quote, type ProfileSpans } from "./profile-spans.js";

/** A profile does not fit the Parquet schema taken from the first page. */
export class ParquetColumnError extends Error {
  override readonly name = "ParquetColumnError";
}

type Cell = string | number | boolean | null;

const keep = "export with --format ndjson or json to keep every value as it is";

function kindOf(value: unknown): ParquetColumnType | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  return "json";
}

const valueOf = (profile: ExportProfile, column: CsvColumn, attributes: Readonly<Record<string, unknown>> | undefined) =>
  (column.from === "profile" ? profile : attributes)?.[column.key];

/** A column's type, or undefined while it has had no value (ColumnBuffer types it from its first value). */
export type PendingType = ParquetColumnType | undefined;

/**
 * Each column's type from the first page: JSON if any value is an object or array, else the first non-null value's
 * type; undefined for a column with no value on the first page.
 */
export function parquetTypes(page: Iterable<ExportProfile>, columns: readonly CsvColumn[]): PendingType[] {
  const types: PendingType[] = new Array(columns.length).fill(undefined);
  for (const profile of page) {
    const attributes = attributesOf(profile);
    columns.forEach((column, i) => {
      const kind = kindOf(valueOf(profile, column, attributes));
      if (kind === "json" || (kind !== undefined && types[i] === undefined)) types[i] = kind;
    });
  }
  return types;
}

/** The type a JSON value's first byte announces: a string, a boolean, a number, or nested (JSON). */
function kindOfByte(first: number): ParquetColumnType {
  if (first === quote) return "string";
  if (first === 0x74 || first === 0x66) return "boolean";
  if (first === 0x7b || first === 0x5b) return "json";
  return "number";
}

/** The schema of the file: every column optional (nullable). */
export function parquetSchema(columns: readonly CsvColumn[], types: readonly ParquetColumnType[]): SchemaElement[] {
  const element = (name: string, type: ParquetColumnType): SchemaElement => {
    const repetition_type = "OPTIONAL";
    if (type === "number") return { name, type: "DOUBLE", repetition_type };
    if (type === "boolean") return { name, type: "BOOLEAN", repetition_type };
    return { name, type: "BYTE_ARRAY", converted_type: type === "json" ? "JSON" : "UTF8", repetition_type };
  };
  return [{ name: "root", num_children: columns.length }, ...columns.map((column, i) => element(column.header, types[i]!))];
}

/**
 * Profiles gathered column by column until a row group is written; only the values are kept, as bytes (see
 * parquet-values.ts). Each value is copied from the page's bytes where the profile-spans scan finds it and its
 * first byte fits the column's type; a profile the scan declines, or with a value that does not fit, is parsed, so
 * its values are converted (or its error reported) exactly as before.
 */
export class ColumnBuffer {
  private readonly fields = new Set(["attributes"]);
  private readonly attributeKeys = new Set<string>();
  private readonly spans: ProfileSpans;
  private readonly types: PendingType[];
  // A column still untyped gathers its nulls as a string column until its first value says what it holds.
  private readonly columnValues: ColumnValues[];

  constructor(
    private readonly columns: readonly CsvColumn[],
    types: readonly PendingType[],
  ) {
    for (const column of columns) (column.from === "profile" ? this.fields : this.attributeKeys).add(column.key);
    this.spans = profileSpans(columns);
    this.types = [...types];
    this.columnValues = types.map((type) => new ColumnValues(type ?? "string"));
  }

  get rows(): number {
    return this.columnValues[0]?.rows ?? 0;
  }

  /** Fixes every column's type for the rest of the export (a column still without a value holds strings). */
  fixTypes(): ParquetColumnType[] {
    for (let i = 0; i < this.types.length; i++) this.types[i] ??= "string";
    return this.types as ParquetColumnType[];
  }

  /** Types an untyped column by its first value: its nulls so far go into a column of that type. */
  private settle(i: number, kind: ParquetColumnType): void {
    this.types[i] = kind;
    const gathered = this.columnValues[i]!;
    if (kind === "string") return;
    const typed = new ColumnValues(kind);
    for (let row = 0; row < gathered.rows; row++) typed.addNull();
    this.columnValues[i] = typed;
  }

  /** Adds the page's profiles; throws ParquetColumnError when one does not fit the schema (the export stops there). */
  append({ body, spans, count }: ExportPage): void {
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    for (let k = 0; k < count; k++) {
      const start = spans[2 * k]!;
      if (this.spans.find(text, start) && this.fits(text)) this.copy(text);
      else this.add(JSON.parse(text.toString("utf8", start, spans[2 * k + 1])) as ExportProfile);
    }
  }

  /** Column i's values, valid until `clear()`. */
  column(i: number): ColumnValues {
    return this.columnValues[i]!;
  }

  /** Empties the buffer for the next row group. */
  clear(): void {
    for (const values of this.columnValues) values.clear();
  }

  /** Whether each value found can be copied: null, or the first byte of a value of the column's type (any, untyped). */
  private fits(b: Buffer): boolean {
    const { starts } = this.spans;
    for (let i = 0; i < this.types.length; i++) {
      const start = starts[i]!;
      if (start < 0) continue;
      const first = b[start]!;
      const type = this.types[i];
      if (first === 0x6e || type === "json" || type === undefined) continue;
      if (type === "string" ? first !== quote : type === "boolean" ? first !== 0x74 && first !== 0x66 : first !== 0x2d && (first < 0x30 || first > 0x39)) {
        return false;
      }
    }
    return true;
  }

  /** The values the scan found, each fitting its column (`fits`). */
  private copy(b: Buffer): void {
    const { starts, ends } = this.spans;
    for (let i = 0; i < this.types.length; i++) {
      const start = starts[i]!;
      const end = ends[i]!;
      if (start >= 0 && b[start] !== 0x6e && this.types[i] === undefined) this.settle(i, kindOfByte(b[start]!));
      const values = this.columnValues[i]!;
      if (start < 0 || b[start] === 0x6e) values.addNull();
      else if (values.type === "string") {
        if (escaped(b, start + 1, end - 1)) values.addText(JSON.parse(b.toString("utf8", start, end)) as string);
        else values.addBytes(b, start + 1, end - 1);
      } else if (values.type === "number") values.addNumber(Number(b.toString("latin1", start, end)));
      else if (values.type === "boolean") values.addBoolean(b[start] === 0x74);
      // A JSON column keeps any value as its JSON text, as JSON.stringify prints it.
      else values.addJson(JSON.stringify(JSON.parse(b.toString("utf8", start, end))));
    }
  }

  /** A parsed profile's values. */
  private add(profile: ExportProfile): void {
    for (const key in profile) {
      if (!this.fields.has(key)) throw unknownField(profile, "field", key);
    }
    const attributes = attributesOf(profile);
    for (const key in attributes) {
      if (!this.attributeKeys.has(key)) throw unknownField(profile, "attribute", key);
    }
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i]!;
      const raw = valueOf(profile, column, attributes);
      if (this.types[i] === undefined && kindOf(raw) !== undefined) this.settle(i, kindOf(raw)!);
      const value = cell(profile, column, this.types[i] ?? "string", raw);
      const values = this.columnValues[i]!;
      if (value === null) values.addNull();
      else if (typeof value === "string") {
        if (values.type === "json") values.addJson(value);
        else values.addText(value);
      }
      else if (typeof value === "number") values.addNumber(value);
      else values.addBoolean(value);
    }
  }
}

/** Whether a string's bytes hold an escape: then its bytes are not its value's. */
function escaped(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] === backslash) return true;
  return false;
}

function cell(profile: ExportProfile, column: CsvColumn, type: ParquetColumnType, value: unknown): Cell {
  if (value === undefined || value === null) return null;
  // A JSON column keeps any value as its JSON text.
  if (type === "json") return JSON.stringify(value);
  const kind = kindOf(value);
  if (kind !== type) {
    const what = column.from === "attributes" ? "attribute" : "field";
    throw new ParquetColumnError(
      `profile ${JSON.stringify(profile["id"])} has ${what} "${column.key}" holding ${kind === "json" ? "a nested value" : `a ${kind}`}, ` +
        `but its Parquet column "${column.header}" holds ${type === "number" ? "numbers" : `${type}s`} (typed by the first page); ${keep}`,
    );
  }
  return value as Cell;
}

function unknownField(profile: ExportProfile, kind: string, key: string): ParquetColumnError {
  return new ParquetColumnError(
    `profile ${JSON.stringify(profile["id"])} has ${kind} "${key}" that is not in the Parquet schema ` +
      `(the schema comes from the first page); ${keep}`,
  );
}
