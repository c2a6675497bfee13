/**
 * Parquet's columns: the CSV export's (`id`, `index_id`, one per attribute, then other top-level fields), each
 * typed from the first page's values: string, number (DOUBLE), boolean, or JSON text for nested values; null is
 * allowed everywhere. The schema is fixed by the first page, like the CSV header: a later field that is not in it,
 * or a value whose type contradicts its column, stops the export with an error naming the field and the profile.
 */
import type { SchemaElement } from "hyparquet";
import { attributesOf } from "./csv.js";
import type { CsvColumn } from "./csv-column.js";
import type { ExportProfile } from "./format.js";
import type { ParquetColumnType } from "./parquet-state.js";

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

/**
 * Each column's type from the first page: JSON if any value is an object or array, else the first non-null value's
 * type; a column with no value on the first page holds strings.
 */
export function parquetTypes(page: Iterable<ExportProfile>, columns: readonly CsvColumn[]): ParquetColumnType[] {
  const types: (ParquetColumnType | undefined)[] = new Array(columns.length).fill(undefined);
  for (const profile of page) {
    const attributes = attributesOf(profile);
    columns.forEach((column, i) => {
      const kind = kindOf(valueOf(profile, column, attributes));
      if (kind === "json" || (kind !== undefined && types[i] === undefined)) types[i] = kind;
    });
  }
  return types.map((type) => type ?? "string");
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

/** Profiles gathered column by column until a row group is written; only the values are kept, not the profiles. */
export class ColumnBuffer {
  private readonly fields = new Set(["attributes"]);
  private readonly attributeKeys = new Set<string>();
  private values: Cell[][];

  constructor(
    private readonly columns: readonly CsvColumn[],
    private readonly types: readonly ParquetColumnType[],
  ) {
    for (const column of columns) (column.from === "profile" ? this.fields : this.attributeKeys).add(column.key);
    this.values = columns.map(() => []);
  }

  get rows(): number {
    return this.values[0]?.length ?? 0;
  }

  /** Adds `profiles`; throws ParquetColumnError when one does not fit the schema (the export stops there). */
  append(profiles: Iterable<ExportProfile>): void {
    for (const profile of profiles) this.add(profile);
  }

  /** The gathered values, one array per column; the buffer starts empty again. */
  take(): Cell[][] {
    const taken = this.values;
    this.values = this.columns.map(() => []);
    return taken;
  }

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
      this.values[i]!.push(cell(profile, column, this.types[i]!, valueOf(profile, column, attributes)));
    }
  }
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
