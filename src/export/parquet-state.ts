/**
 * What a Parquet export keeps in its checkpoint. A Parquet file ends with a footer that lists every row group
 * (offsets, sizes, statistics), so a resumed export must know the row groups already in the part file: their
 * metadata is saved after each one, as JSON. The metadata holds BigInts, byte arrays and -0 (a DOUBLE column's
 * minimum of 0 is written as -0), none of which plain JSON keeps, so those are tagged; a round trip gives back the
 * same values, and the footer comes out byte for byte as an uninterrupted export writes it.
 */

export type ParquetColumnType = "string" | "number" | "boolean" | "json";

export interface ParquetState {
  /** The type of each column, in the order of the columns, fixed by the first page. */
  types: ParquetColumnType[];
  /** Bytes written so far: the footer's offsets count from the start of the file, so a resume continues from here. */
  offset: number;
  /** The footer's entry for each row group written so far, tagged (see `saveRowGroup`). */
  rowGroups: unknown[];
}

type Tagged = { $bigint: string } | { $bytes: string } | { $number: string };

function tag(this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (typeof value === "bigint") return { $bigint: String(value) } satisfies Tagged;
  // The holder's own value: a Buffer reaches the replacer already turned into { type, data } by its toJSON.
  const raw = this[key];
  if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64") } satisfies Tagged;
  if (typeof value === "number" && (Object.is(value, -0) || !Number.isFinite(value))) {
    return { $number: Object.is(value, -0) ? "-0" : String(value) } satisfies Tagged;
  }
  return value;
}

function untag(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const tagged = value as Record<string, unknown>;
  if (typeof tagged["$bigint"] === "string") return BigInt(tagged["$bigint"]);
  if (typeof tagged["$bytes"] === "string") return new Uint8Array(Buffer.from(tagged["$bytes"], "base64"));
  if (typeof tagged["$number"] === "string") return Number(tagged["$number"]);
  return value;
}

/** A row group's footer entry as plain JSON. */
export function saveRowGroup(rowGroup: unknown): unknown {
  return JSON.parse(JSON.stringify(rowGroup, tag)) as unknown;
}

/** The footer entries back from their saved form. */
export function restoreRowGroups<T>(saved: readonly unknown[]): T[] {
  return JSON.parse(JSON.stringify(saved), untag) as T[];
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
