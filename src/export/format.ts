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

/** Turns pages of profiles into text: one string per page, so the writer makes one write per page. */
export interface Encoder {
  page(profiles: readonly ExportProfile[]): string;
  /** What closes the output (the JSON array's bracket, the header of an empty CSV). */
  end(): string;
  state(): EncoderState;
}

/** The format implied by the output file name: `.csv` → csv, `.json` → json, anything else → ndjson. */
export function formatForPath(path: string | undefined): Format {
  const lower = path?.toLowerCase() ?? "";
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".json")) return "json";
  return "ndjson";
}
