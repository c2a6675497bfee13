/**
 * The codec of every page of an exported Parquet file (`--parquet-codec`). Snappy is hyparquet-writer's own
 * compressor and the format's usual codec. GZIP (the gzip format of RFC 1952, as the Parquet spec names it) goes
 * through Node's zlib at level 1: files about 30 % smaller at about Snappy's CPU, compressed in native memory
 * (Snappy's JavaScript compressor makes two views per literal, which shows in peak RSS on Node 24 and 26), and
 * read by DuckDB, Arrow and Spark alike; hyparquet reads it with a decompressor plug-in. zlib's output has no
 * timestamp or name, so a resumed export writes the same bytes as an uninterrupted one.
 */
import { gzipSync } from "node:zlib";
import type { CompressionCodec } from "hyparquet";
import type { ParquetCodecName } from "./format.js";

type Compressors = Partial<Record<CompressionCodec, (input: Uint8Array) => Uint8Array>>;

// Level 1: level 6 took about 30 % more CPU for 1.5 points of size (README, "Parquet's memory").
const gzipLevel = 1;

/** What hyparquet-writer's ParquetWriter is given for `name`: the codec, and the compressor it lacks (GZIP). */
export function writerCodec(name: ParquetCodecName): { codec: CompressionCodec; compressors?: Compressors } {
  if (name === "snappy") return { codec: "SNAPPY" };
  return { codec: "GZIP", compressors: { GZIP: (input) => gzipSync(input, { level: gzipLevel }) } };
}
