import type { Encoder, EncoderState } from "./format.js";

/** NDJSON: one profile per line. */
export function ndjsonEncoder(initial: EncoderState = { count: 0, columns: null }): Encoder<string> {
  let count = initial.count;
  return {
    page(profiles) {
      if (profiles.length === 0) return "";
      count += profiles.length;
      let text = "";
      for (const profile of profiles) text += JSON.stringify(profile) + "\n";
      return text;
    },
    end: () => "",
    state: () => ({ count, columns: null }),
  };
}
