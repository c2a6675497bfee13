/**
 * A row group's statistics, bounded before its footer entry is saved in the checkpoint (and then written in the
 * footer): a string column's minimum and maximum are cut as hyparquet-writer cuts them in the footer anyway (16
 * bytes, on a character boundary, marked inexact), so the footer of a string column is what it always was; a
 * value still longer than 64 bytes after that (a JSON column's, which cannot be cut) is not kept, and the chunk
 * has no minimum or maximum, as parquet-mr does for long values. Without this a profile's long values went into
 * every checkpoint in full, twice per column per row group.
 */
import type { RowGroup, SchemaElement, Statistics } from "hyparquet";
import { unconvertMinMax } from "hyparquet-writer/src/unconvert.js";
import type { ParquetColumnType } from "./parquet-state.js";

export const maxStatisticBytes = 64;

const utf8: SchemaElement = { name: "", type: "BYTE_ARRAY", converted_type: "UTF8" };

export function boundStatistics(group: RowGroup, types: readonly ParquetColumnType[]): RowGroup {
  group.columns.forEach((chunk, i) => {
    const statistics = chunk.meta_data?.statistics as (Statistics & { min_value?: unknown; max_value?: unknown }) | undefined;
    const type = types[i];
    if (!statistics || (type !== "string" && type !== "json")) return;
    if (type === "string") {
      const min = statistics.min_value;
      const max = statistics.max_value;
      if (min instanceof Uint8Array) {
        const cut = unconvertMinMax(min, utf8, false);
        if (cut !== min) Object.assign(statistics, { min_value: cut, is_min_value_exact: false });
      }
      if (max instanceof Uint8Array) {
        const cut = unconvertMinMax(max, utf8, true);
        if (cut !== max) Object.assign(statistics, { max_value: cut, is_max_value_exact: false });
      }
    }
    const long = (value: unknown) => value instanceof Uint8Array && value.length > maxStatisticBytes;
    if (long(statistics.min_value) || long(statistics.max_value)) {
      delete statistics.min_value;
      delete statistics.max_value;
      delete statistics.is_min_value_exact;
      delete statistics.is_max_value_exact;
    }
  });
  return group;
}
