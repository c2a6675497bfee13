import { csvEncoder } from "./csv.js";
import type { Encoder, EncoderState, Format } from "./format.js";
import { jsonEncoder } from "./json.js";
import { ndjsonEncoder } from "./ndjson.js";
import type { ParquetOptions } from "./parquet.js";

/** The formats whose encoders are loaded with this module; Parquet's library is loaded only when it is asked for. */
export type TextFormat = Exclude<Format, "parquet">;

/** The encoder for `format`, continuing from `state` when an export resumes. */
export function createEncoder(format: TextFormat, state?: EncoderState): Encoder {
  switch (format) {
    case "csv":
      return csvEncoder(state);
    case "json":
      return jsonEncoder(state);
    case "ndjson":
      return ndjsonEncoder(state);
  }
}

/** The encoder for any format; Parquet's writer is imported here, on use, like the other writers are by the CLI. */
export async function loadEncoder(format: Format, state?: EncoderState, parquet?: ParquetOptions): Promise<Encoder> {
  if (format !== "parquet") return createEncoder(format, state);
  const { parquetEncoder } = await import("./parquet.js");
  return parquetEncoder(state, parquet);
}
