/**
 * One row group written from a ColumnBuffer: its column chunks in schema order, then its footer entry as
 * hyparquet-writer's ParquetWriter makes it. String and JSON columns are written from their bytes
 * (parquet-byte-column.ts); number and boolean columns, which are no object per value (a double is at most a heap
 * number of 16 bytes), by hyparquet-writer itself, one column per call, its row group entry giving the chunk.
 */
import type { ColumnChunk, RowGroup } from "hyparquet";
import type { ParquetWriter } from "hyparquet-writer";
import type { CsvColumn } from "./csv-column.js";
import { writeByteColumn } from "./parquet-byte-column.js";
import type { ColumnBuffer } from "./parquet-columns.js";

// hyparquet-writer's default page size (uncompressed bytes), given to both writers.
const pageSize = 1_048_576;

export function writeRowGroup(parquet: ParquetWriter, columns: readonly CsvColumn[], buffer: ColumnBuffer): RowGroup {
  const { writer } = parquet;
  const groupStart = writer.offset;
  const chunks = columns.map((column, i): ColumnChunk => {
    const values = buffer.column(i);
    const name = column.header;
    if (values.type === "string" || values.type === "json") {
      const { codec, compressors, statistics } = parquet;
      return writeByteColumn(writer, values.byteColumn(), { name, codec, compressors, statistics, pageSize });
    }
    void parquet.write({ columnData: [{ name, data: values.values(), offsetIndex: false }], rowGroupSize: buffer.rows, pageSize });
    // With no page index or bloom filter, what the writer keeps per column for finish() is empty.
    parquet.pendingIndexes.length = 0;
    return parquet.row_groups.pop()!.columns[0]!;
  });
  let total_byte_size = 0n;
  for (const { meta_data } of chunks) total_byte_size += meta_data?.total_uncompressed_size ?? 0n;
  return { columns: chunks, total_byte_size, num_rows: BigInt(buffer.rows), total_compressed_size: BigInt(writer.offset - groupStart) };
}
