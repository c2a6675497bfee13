import type { Encoder, EncoderState } from "./format.js";

/**
 * JSON: one array written incrementally, one profile per line — `[\n{…},\n{…}\n]\n`, or `[]\n` when empty.
 * Whether a separator is due depends only on the count, which the checkpoint keeps.
 */
export function jsonEncoder(initial: EncoderState = { count: 0, columns: null }): Encoder<string> {
  let count = initial.count;
  return {
    page(profiles) {
      if (profiles.length === 0) return "";
      let text = count === 0 ? "[\n" : ",\n";
      for (let i = 0; i < profiles.length; i++) {
        if (i > 0) text += ",\n";
        text += JSON.stringify(profiles[i]);
      }
      count += profiles.length;
      return text;
    },
    end: () => (count === 0 ? "[]\n" : "\n]\n"),
    state: () => ({ count, columns: null }),
  };
}
