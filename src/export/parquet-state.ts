/**
 * What a Parquet export keeps in its checkpoint. A Parquet file ends with a footer that lists every row group
 * (offsets, sizes, statistics), so a resumed export must know the row groups already in the part file: their
 * metadata is saved after each one, as JSON. The metadata holds BigInts, byte arrays and -0 (a DOUBLE column's
 * minimum of 0 is written as -0), none of which plain JSON keeps, so those are tagged; a round trip gives back the
 * same values, and the footer comes out byte for byte as an uninterrupted export writes it.
 */
import type { RowGroup, SchemaElement } from "hyparquet";

export type ParquetColumnType = "string" | "number" | "boolean" | "json";

export interface ParquetState {
  /** The type of each column, in the order of the columns, fixed by the first page. */
  types: ParquetColumnType[];
  /** Bytes written so far: the footer's offsets count from the start of the file, so a resume continues from here. */
  offset: number;
  /** The footer's entry for each row group written so far, tagged (see `saveRowGroup`). */
  rowGroups: unknown[];
}

type Tagged = `${bigint}n` | { $bytes: string } | { $number: string };

// A BigInt is its digits and an n, as in JavaScript: the entries' other strings are enum names (PLAIN, SNAPPY).
const bigintText = /^-?\d{1,20}n$/;

function tag(this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n` satisfies Tagged;
  // The holder's own value: a Buffer reaches the replacer already turned into { type, data } by its toJSON.
  const raw = this[key];
  if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64") } satisfies Tagged;
  if (typeof value === "number" && (Object.is(value, -0) || !Number.isFinite(value))) {
    return { $number: Object.is(value, -0) ? "-0" : String(value) } satisfies Tagged;
  }
  return value;
}

function untag(_key: string, value: unknown): unknown {
  if (typeof value === "string" && bigintText.test(value)) return BigInt(value.slice(0, -1));
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const tagged = value as Record<string, unknown>;
  if (typeof tagged["$bytes"] === "string") return new Uint8Array(Buffer.from(tagged["$bytes"], "base64"));
  if (typeof tagged["$number"] === "string") return Number(tagged["$number"]);
  return value;
}

/**
 * A row group's footer entry as plain JSON, without what the schema says already (each chunk's column name and
 * physical type): a long column name is not repeated in every row group's entry.
 */
export function saveRowGroup(rowGroup: RowGroup): unknown {
  const saved = JSON.parse(JSON.stringify(rowGroup, tag)) as { columns: { meta_data?: Record<string, unknown> }[] };
  for (const { meta_data } of saved.columns) {
    if (meta_data) {
      delete meta_data["path_in_schema"];
      delete meta_data["type"];
    }
  }
  return saved;
}

/** The footer entries back from their saved form; `leaves` are the schema's column elements, in column order. */
export function restoreRowGroups(saved: readonly unknown[], leaves: readonly SchemaElement[]): RowGroup[] {
  const groups = JSON.parse(JSON.stringify(saved), untag) as RowGroup[];
  for (const group of groups) {
    group.columns.forEach((chunk, i) => {
      if (chunk.meta_data) Object.assign(chunk.meta_data, { type: leaves[i]!.type, path_in_schema: [leaves[i]!.name] });
    });
  }
  return groups;
}

/** Whether `value` has the shape of a ParquetState (checked when a checkpoint is read). */
export function isParquetState(value: unknown): value is ParquetState {
  const state = value as Partial<ParquetState> | null;
  return (
    typeof state === "object" &&
    state !== null &&
    Array.isArray(state.types) &&
    state.types.every((type) => type === "string" || type === "number" || type === "boolean" || type === "json") &&
    Number.isSafeInteger(state.offset) &&
    Array.isArray(state.rowGroups)
  );
}
