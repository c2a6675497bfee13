import type { Encoder, EncoderState } from "./format.js";
import { joinProfiles } from "./join-profiles.js";

const lines = { first: "", between: "\n", after: "\n" };

/** NDJSON: one profile per line, as the API sent it. */
export function ndjsonEncoder(initial: EncoderState = { count: 0, columns: null }): Encoder {
  let count = initial.count;
  return {
    page(page) {
      if (page.count === 0) return "";
      count += page.count;
      return joinProfiles(page, lines);
    },
    end: () => "",
    state: () => ({ count, columns: null }),
  };
}
