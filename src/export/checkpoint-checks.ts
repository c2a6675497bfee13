/**
 * What a checkpoint's fields must say of each other before a resume may trust them (the digest in checkpoint.ts
 * proves they were not edited; these catch a checkpoint that is well formed yet cannot be true): the columns
 * (CSV's header, Parquet's schema) of the format that has them, Parquet's types one per column, its row groups
 * laid end to end from the magic number to exactly the checkpointed bytes, each column chunk inside its row group,
 * and their rows adding up to the count. Cheap: no byte of the part file is read here.
 */
import type { CsvColumn } from "./csv-column.js";
import type { Format } from "./format.js";
import type { ParquetState } from "./parquet-state.js";

interface Claimed {
  format: Format;
  bytes: number;
  count: number;
  columns: CsvColumn[] | null;
  parquet?: ParquetState;
}

/** Why the checkpoint cannot be true, or undefined when its fields agree. */
export function checkpointInconsistency(c: Claimed): string | undefined {
  if (c.count < 0 || c.bytes < 0) return "a negative count or length";
  // Every text record takes a byte at least; a Parquet row may take less (dictionaries, run lengths).
  if (c.format !== "parquet" && c.count > c.bytes) return `${c.count} profiles in ${c.bytes} bytes`;
  const tabular = c.format === "csv" || c.format === "parquet";
  if (!tabular && c.columns !== null) return `columns for ${c.format}, which has none`;
  if (c.columns !== null) {
    const wrong = columnsProblem(c.columns);
    if (wrong) return wrong;
  } else if (tabular && c.count > 0) {
    return `${c.count} profiles but no columns`;
  }
  if (c.format !== "parquet") return c.parquet === undefined ? undefined : `Parquet state for ${c.format}`;
  if (c.parquet === undefined) return c.columns === null ? undefined : "Parquet columns without their state";
  if (c.columns === null || c.parquet.types.length !== c.columns.length) return "Parquet types that do not match its columns";
  if (c.parquet.offset !== c.bytes) return `row groups ending at ${c.parquet.offset}, not at the checkpointed ${c.bytes} bytes`;
  return rowGroupsProblem(c.parquet.rowGroups, c.columns.length, c.bytes, c.count);
}

function columnsProblem(columns: readonly unknown[]): string | undefined {
  const headers = new Set<string>();
  for (const [i, column] of columns.entries()) {
    const c = column as Partial<CsvColumn> | null;
    if (typeof c !== "object" || c === null || typeof c.header !== "string" || typeof c.key !== "string" || (c.from !== "profile" && c.from !== "attributes")) {
      return `column ${i} is not a column`;
    }
    if (headers.has(c.header)) return `two columns named ${JSON.stringify(c.header)}`;
    headers.add(c.header);
  }
  const [id, indexId] = columns as CsvColumn[];
  if (id?.key !== "id" || indexId?.key !== "index_id") return "columns that do not start with id and index_id";
  return undefined;
}

/** A saved BigInt ("123n", parquet-state.ts) as a number, or NaN. */
const saved = (value: unknown): number => (typeof value === "string" && /^\d{1,16}n$/.test(value) ? Number(value.slice(0, -1)) : NaN);

interface SavedChunk {
  file_offset?: unknown;
  meta_data?: { data_page_offset?: unknown; dictionary_page_offset?: unknown; total_compressed_size?: unknown; num_values?: unknown };
}

function rowGroupsProblem(groups: readonly unknown[], columns: number, bytes: number, count: number): string | undefined {
  // Checkpoints are taken between row groups only, and the first one carries the magic number.
  if (groups.length === 0) return count === 0 && bytes === 0 ? undefined : `${count} rows in no row group`;
  let start = 4;
  let rows = 0;
  for (const [g, value] of groups.entries()) {
    const group = value as { columns?: unknown; num_rows?: unknown; total_compressed_size?: unknown } | null;
    const size = saved(group?.total_compressed_size);
    const groupRows = saved(group?.num_rows);
    if (!Array.isArray(group?.columns) || group.columns.length !== columns || !(size > 0) || !(groupRows > 0)) {
      return `row group ${g} is not one of ${columns} columns`;
    }
    const end = start + size;
    for (const chunk of group.columns as SavedChunk[]) {
      const meta = chunk?.meta_data;
      const first = saved(chunk?.file_offset);
      const data = saved(meta?.data_page_offset);
      const dictionary = meta?.dictionary_page_offset === undefined ? first : saved(meta.dictionary_page_offset);
      const length = saved(meta?.total_compressed_size);
      const inside = (at: number) => at >= start && at < end;
      if (![first, data, dictionary].every(inside) || !(first + length <= end) || saved(meta?.num_values) !== groupRows) {
        return `a column chunk of row group ${g} lies outside it`;
      }
    }
    start = end;
    rows += groupRows;
  }
  if (start !== bytes) return `row groups ending at ${start}, not at the checkpointed ${bytes} bytes`;
  if (rows !== count) return `row groups of ${rows} rows in all, but a count of ${count}`;
  return undefined;
}
