/**
 * A string or JSON column chunk written from the column's bytes. hyparquet-writer takes a column as one object
 * per value (a Uint8Array view of ≈100 bytes of heap for each of a row group's 10,000 strings); they live while
 * it encodes the column, are promoted out of the 1 MB young generation (src/cli/tune-heap.ts) and die in the old
 * one, which on V8 13–14 (Node 24 and 26) overshoots its limit by tens of MB before a full GC reclaims them. Here
 * no object per value exists: the values' bytes are copied from the column's buffer into each page.
 *
 * The chunk is what hyparquet-writer 0.17.0's `writeColumn` (src/column.js) writes for a flat OPTIONAL BYTE_ARRAY
 * column with statistics and without page indexes or bloom filter, byte for byte: its dictionary choice
 * (parquet-dictionary.ts), statistics, page split, DATA_PAGE_V2 pages (RLE definition levels, then PLAIN values
 * or bit-packed dictionary indexes, compressed by its codec) and page headers, through its own functions for the
 * encodings, the thrift page headers and the compression; test/parquet-byte-column.test.ts compares the two.
 */
import type { ColumnChunk, CompressionCodec, Encoding, Statistics } from "hyparquet";
import { ByteWriter, type ParquetWriter } from "hyparquet-writer";
import { writePageHeader } from "hyparquet-writer/src/datapage.js";
import { writeRleBitPackedHybrid } from "hyparquet-writer/src/encoding.js";
import { byteDictionary, lengthPrefix, startOf, type ByteDictionary } from "./parquet-dictionary.js";
import type { ByteColumn } from "./parquet-values.js";

type Writer = ParquetWriter["writer"];

export interface ByteColumnOptions {
  readonly name: string;
  readonly codec: CompressionCodec;
  readonly compressors: Partial<Record<CompressionCodec, (input: Uint8Array) => Uint8Array>>;
  readonly statistics: boolean;
  /** Uncompressed bytes after which a page ends (hyparquet-writer's `pageSize`). */
  readonly pageSize: number;
}

export function writeByteColumn(writer: Writer, column: ByteColumn, options: ByteColumnOptions): ColumnChunk {
  const offsetStart = writer.offset;
  const statistics = options.statistics ? byteStatistics(column) : undefined;
  const dictionary = byteDictionary(column);
  const encodings: Encoding[] = [];
  let uncompressedSize = 0;
  let dictionary_page_offset: bigint | undefined;
  if (dictionary) {
    dictionary_page_offset = BigInt(writer.offset);
    uncompressedSize += writeDictionaryPage(writer, column, dictionary, options);
    encodings.push("PLAIN");
  }
  const encoding: Encoding = dictionary ? "RLE_DICTIONARY" : "PLAIN";
  encodings.push(encoding);
  const data_page_offset = BigInt(writer.offset);
  const pages = pageBoundaries(column, dictionary !== undefined, options.pageSize);
  for (let p = 0; p < pages.length - 1; p++) {
    uncompressedSize += writeDataPage(writer, column, dictionary, pages[p]!, pages[p + 1]!, options);
  }
  const encoding_stats = options.statistics
    ? [
        ...(dictionary ? [{ page_type: "DICTIONARY_PAGE" as const, encoding: "PLAIN" as const, count: 1 }] : []),
        { page_type: "DATA_PAGE_V2" as const, encoding, count: pages.length - 1 },
      ]
    : undefined;
  return {
    meta_data: {
      type: "BYTE_ARRAY",
      encodings,
      path_in_schema: [options.name],
      codec: options.codec,
      num_values: BigInt(column.rows),
      total_compressed_size: BigInt(writer.offset - offsetStart),
      total_uncompressed_size: BigInt(uncompressedSize),
      data_page_offset,
      dictionary_page_offset,
      statistics,
      encoding_stats,
      geospatial_statistics: undefined,
    },
    file_offset: BigInt(offsetStart),
  };
}

/** The chunk's minimum and maximum (bytes in unsigned order, then the shorter first) and its nulls. */
function byteStatistics(column: ByteColumn): Statistics & { nan_count: undefined } {
  const { rows, bytes, ends, marks } = column;
  let min = -1;
  let max = -1;
  let nulls = 0;
  for (let row = 0; row < rows; row++) {
    if (marks[row] === 0) nulls++;
    else if (min < 0) min = max = row;
    else if (compare(column, row, min) < 0) min = row;
    else if (compare(column, row, max) > 0) max = row;
  }
  const view = (row: number) =>
    row < 0 ? undefined : new Uint8Array(bytes.buffer, bytes.byteOffset + startOf(column, row), ends[row]! - startOf(column, row));
  return { min_value: view(min), max_value: view(max), null_count: BigInt(nulls), nan_count: undefined };
}

function compare(column: ByteColumn, a: number, b: number): number {
  const { bytes, ends } = column;
  const aStart = startOf(column, a);
  const bStart = startOf(column, b);
  const aLength = ends[a]! - aStart;
  const bLength = ends[b]! - bStart;
  const length = Math.min(aLength, bLength);
  for (let k = 0; k < length; k++) {
    if (bytes[aStart + k] !== bytes[bStart + k]) return bytes[aStart + k]! - bytes[bStart + k]!;
  }
  return aLength - bLength;
}

/** Each page's first row, then the chunk's row count: a page ends once its values reach `pageSize` bytes. */
function pageBoundaries(column: ByteColumn, indexed: boolean, pageSize: number): number[] {
  const { rows, ends, marks } = column;
  if (!pageSize) return [0, rows];
  const boundaries: number[] = [];
  let start = 0;
  let bytes = 0;
  for (let row = 0; row < rows; row++) {
    // As hyparquet-writer estimates: a dictionary index as 4 bytes, a PLAIN value as its length, a null as 0.
    const size = marks[row] === 0 ? 0 : indexed ? 4 : ends[row]! - startOf(column, row);
    bytes += size;
    if (bytes >= pageSize && row > start) {
      boundaries.push(start);
      start = row;
      bytes = size;
    }
  }
  if (start < rows) boundaries.push(start);
  boundaries.push(rows);
  return boundaries;
}

/** PLAIN BYTE_ARRAY: each value's length (4 bytes, little-endian), then its bytes. */
function plainValues(column: ByteColumn, rowList: Iterable<number>): Uint8Array {
  const { bytes, ends } = column;
  let length = 0;
  for (const row of rowList) length += lengthPrefix + ends[row]! - startOf(column, row);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const row of rowList) {
    const start = startOf(column, row);
    const end = ends[row]!;
    view.setUint32(at, end - start, true);
    at += lengthPrefix;
    // Most values are a few bytes: a loop beats a subarray view (an object per value) and a native call.
    if (end - start < 64) for (let i = start; i < end; i++) out[at++] = bytes[i]!;
    else {
      out.set(bytes.subarray(start, end), at);
      at += end - start;
    }
  }
  return out;
}

function nonNullRows(column: ByteColumn, start: number, end: number): Int32Array {
  const rows: number[] = [];
  for (let row = start; row < end; row++) if (column.marks[row] !== 0) rows.push(row);
  return Int32Array.from(rows);
}

function compress(bytes: Uint8Array, { codec, compressors }: ByteColumnOptions): Uint8Array {
  return compressors[codec]?.(bytes) ?? bytes;
}

function writeDictionaryPage(writer: Writer, column: ByteColumn, dictionary: ByteDictionary, options: ByteColumnOptions): number {
  const page = plainValues(column, dictionary.rows);
  const compressed = compress(page, options);
  const headerStart = writer.offset;
  writePageHeader(writer, {
    type: "DICTIONARY_PAGE",
    uncompressed_page_size: page.length,
    compressed_page_size: compressed.length,
    dictionary_page_header: { num_values: dictionary.size, encoding: "PLAIN" },
  });
  const headerSize = writer.offset - headerStart;
  writer.appendBytes(compressed);
  return headerSize + page.length;
}

/** Rows [start, end) as one DATA_PAGE_V2: definition levels (not compressed), then the values. */
function writeDataPage(writer: Writer, column: ByteColumn, dictionary: ByteDictionary | undefined, start: number, end: number, options: ByteColumnOptions): number {
  const definitionLevels = column.marks.subarray(start, end);
  const levels = new ByteWriter();
  const definition_levels_byte_length = writeRleBitPackedHybrid(levels, definitionLevels, 1);
  const rows = nonNullRows(column, start, end);
  let page: Uint8Array;
  if (dictionary) {
    const indexes = rows.map((row) => dictionary.indexes[row]!);
    let maxIndex = 0;
    for (const index of indexes) if (index > maxIndex) maxIndex = index;
    const bitWidth = Math.ceil(Math.log2(maxIndex + 1));
    const values = new ByteWriter();
    values.appendUint8(bitWidth);
    writeRleBitPackedHybrid(values, indexes, bitWidth);
    page = values.getBytes();
  } else {
    page = plainValues(column, rows);
  }
  const compressed = compress(page, options);
  const headerStart = writer.offset;
  writePageHeader(writer, {
    type: "DATA_PAGE_V2",
    uncompressed_page_size: levels.offset + page.length,
    compressed_page_size: levels.offset + compressed.length,
    data_page_header_v2: {
      num_values: end - start,
      num_nulls: end - start - rows.length,
      num_rows: end - start,
      encoding: dictionary ? "RLE_DICTIONARY" : "PLAIN",
      definition_levels_byte_length,
      repetition_levels_byte_length: 0,
      is_compressed: !!options.codec,
    },
  });
  const headerSize = writer.offset - headerStart;
  writer.appendBytes(levels.getBytes());
  writer.appendBytes(compressed);
  return headerSize + levels.offset + page.length;
}
