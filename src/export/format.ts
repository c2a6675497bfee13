/** The output formats of `amperity-profiles export` and the encoder contract they share. */
import type { CsvColumn } from "./csv-column.js";

export const formats = ["ndjson", "csv", "json"] as const;
export type Format = (typeof formats)[number];

/** A profile as the writers see it: any JSON object; the client's `Profile` type fits. */
export type ExportProfile = Readonly<Record<string, unknown>>;

/**
 * What an encoder must remember between pages. It is saved in the checkpoint, so a resumed export
 * continues the same byte stream (JSON separators, the CSV header).
 */
export interface EncoderState {
  /** Profiles encoded so far. */
  count: number;
  /** CSV columns fixed by the first page; null before any profile and for other formats. */
  columns: CsvColumn[] | null;
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
  /** What closes the output (the JSON array's bracket, the header of an empty CSV). */
  end(): string;
  state(): EncoderState;
}

/** Extensions `--out` understands, and the format each implies. */
export const extensionFormats: Readonly<Record<string, Format>> = { ".ndjson": "ndjson", ".jsonl": "ndjson", ".csv": "csv", ".json": "json" };

/**
 * The format implied by the output file name (case-insensitive): `.ndjson`/`.jsonl`, `.csv`, `.json`; stdout
 * (no path, or `-`) is ndjson. Any other name gives undefined: a format is never guessed, so `p.csv.gz` or
 * `x.xml` does not silently become uncompressed NDJSON.
 */
export function formatForPath(path: string | undefined): Format | undefined {
  if (path === undefined || path === "-") return "ndjson";
  const lower = path.toLowerCase();
  const extension = Object.keys(extensionFormats).find((ending) => lower.endsWith(ending));
  return extension === undefined ? undefined : extensionFormats[extension];
}

/** Why `path`'s format cannot be told, and the ways out. */
export function unknownFormatMessage(path: string): string {
  const supported = Object.keys(extensionFormats).join(", ");
  const compressed = /\.(gz|gzip|zst|bz2|xz|zip)$/i.test(path) ? "; compressed output is not written (pipe stdout to gzip instead)" : "";
  return `cannot tell the format of --out ${path} from its name: use an extension of ${supported}, or give --format ${formats.join("|")}${compressed}`;
}
