import { csvEncoder } from "./csv.js";
import type { Encoder, EncoderState, Format } from "./format.js";
import { jsonEncoder } from "./json.js";
import { ndjsonEncoder } from "./ndjson.js";

/** The encoder for `format`, continuing from `state` when an export resumes. */
export function createEncoder(format: Format, state?: EncoderState): Encoder {
  switch (format) {
    case "csv":
      return csvEncoder(state);
    case "json":
      return jsonEncoder(state);
    case "ndjson":
      return ndjsonEncoder(state);
  }
}
