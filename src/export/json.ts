import type { Encoder, EncoderState } from "./format.js";
import { joinProfiles } from "./join-profiles.js";

/**
 * JSON: one array written incrementally, one profile per line — `[\n{…},\n{…}\n]\n`, or `[]\n` when empty.
 * Whether a separator is due depends only on the count, which the checkpoint keeps.
 */
export function jsonEncoder(initial: EncoderState = { count: 0, columns: null }): Encoder {
  let count = initial.count;
  return {
    page(page) {
      if (page.count === 0) return "";
      const first = count === 0 ? "[\n" : ",\n";
      count += page.count;
      return joinProfiles(page, { first, between: ",\n", after: "" });
    },
    end: () => (count === 0 ? "[]\n" : "\n]\n"),
    state: () => ({ count, columns: null }),
  };
}
