/** The parsed profiles of an export page, for the encoders that need values (CSV), and pages made from profiles. */
import type { ExportPage, ExportProfile } from "./format.js";

/**
 * The page's profiles, each parsed as it is reached: one small object at a time that dies young, where a whole
 * page parsed at once would outlive the young generation and cost a full garbage collection.
 */
export function* profilesOf({ body, spans, count }: ExportPage): Generator<ExportProfile, void, undefined> {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  for (let k = 0; k < count; k++) yield JSON.parse(bytes.toString("utf8", spans[2 * k], spans[2 * k + 1])) as ExportProfile;
}

/** The first `count` profiles of `page`. */
export function firstProfiles(page: ExportPage, count: number): ExportPage {
  return count >= page.count ? page : { body: page.body, spans: page.spans.subarray(0, 2 * count), count };
}

/** A page holding `profiles`, serialised (tests, and callers that have objects rather than a response). */
export function pageOf(profiles: readonly ExportProfile[]): ExportPage {
  const parts = profiles.map((profile) => Buffer.from(JSON.stringify(profile)));
  const spans = new Uint32Array(parts.length * 2);
  let at = 0;
  parts.forEach((part, k) => {
    spans[2 * k] = at;
    at += part.length;
    spans[2 * k + 1] = at;
  });
  return { body: Buffer.concat(parts), spans, count: parts.length };
}
