/** The output formats of `amperity-profiles export` and the encoder contract they share. */
import type { CsvColumn } from "./csv-column.js";
import type { ParquetState } from "./parquet-state.js";

export const formats = ["ndjson", "csv", "json", "parquet"] as const;
export type Format = (typeof formats)[number];

/** The compressions `--compress` writes; Parquet compresses its own columns and takes none. */
export const compressions = ["gzip"] as const;
export type Compression = (typeof compressions)[number];

/** The codecs of a Parquet file's pages (`--parquet-codec`); Snappy, the format's usual one, by default. */
export const parquetCodecs = ["snappy", "gzip"] as const;
export type ParquetCodecName = (typeof parquetCodecs)[number];

/** A profile as the writers see it: any JSON object; the client's `Profile` type fits. */
export type ExportProfile = Readonly<Record<string, unknown>>;

/**
 * What an encoder must remember between pages. It is saved in the checkpoint, so a resumed export
 * continues the same byte stream (JSON separators, the CSV header, Parquet's schema and row groups).
 */
export interface EncoderState {
  /** Profiles encoded so far. */
  count: number;
  /** CSV (and Parquet) columns fixed by the first page; null before any profile and for other formats. */
  columns: CsvColumn[] | null;
  /** Parquet only: what the footer will need about the row groups already written. */
  parquet?: ParquetState;
}

/**
 * A page as the export sees it (the client's `RawProfilePage`): the body's bytes and where each of its `count`
 * profiles lies in them, two offsets per profile. Every span is a JSON object; see page-profiles.ts to parse them.
 */
export interface ExportPage {
  body: Uint8Array;
  spans: Uint32Array;
  count: number;
}

/** Turns pages of profiles into text or bytes: one chunk per page, so the writer makes one write per page. */
export interface Encoder {
  page(page: ExportPage): string | Uint8Array;
  /** What closes the output (the JSON array's bracket, the header of an empty CSV, Parquet's footer). */
  end(): string | Uint8Array;
  state(): EncoderState;
  /**
   * False while the encoder holds profiles it has not yet written out (Parquet gathers a row group across pages):
   * no checkpoint may be taken then, since it would count them. Absent means always true.
   */
  settled?(): boolean;
}

/** Extensions `--out` understands, and the format each implies. */
export const extensionFormats: Readonly<Record<string, Format>> = {
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".csv": "csv",
  ".json": "json",
  ".parquet": "parquet",
};

const gzipEnding = /\.gz$/i;

/**
 * The format implied by the output file name (case-insensitive): `.ndjson`/`.jsonl`, `.csv`, `.json`, `.parquet`,
 * each optionally followed by `.gz`; stdout (no path, or `-`) is ndjson. Any other name gives undefined: a format is
 * never guessed, so `p.csv.zst` or `x.xml` does not silently become NDJSON.
 */
export function formatForPath(path: string | undefined): Format | undefined {
  if (path === undefined || path === "-") return "ndjson";
  const lower = path.toLowerCase().replace(gzipEnding, "");
  const extension = Object.keys(extensionFormats).find((ending) => lower.endsWith(ending));
  return extension === undefined ? undefined : extensionFormats[extension];
}

/** The compression implied by the output file name: gzip for a name ending in `.gz`. */
export function compressionForPath(path: string | undefined): Compression | undefined {
  return path !== undefined && gzipEnding.test(path) ? "gzip" : undefined;
}

/** Why `path`'s format cannot be told, and the ways out. */
export function unknownFormatMessage(path: string): string {
  const supported = Object.keys(extensionFormats).join(", ");
  const compressed = /\.(gzip|zst|bz2|xz|zip|br|lz4)$/i.test(path) ? "; gzip is the one compression written (.gz, or --compress gzip)" : "";
  return (
    `cannot tell the format of --out ${path} from its name: use an extension of ${supported} (with .gz after it for gzip), ` +
    `or give --format ${formats.join("|")}${compressed}`
  );
}
