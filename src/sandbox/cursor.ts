import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** What a `next_token` stands for: where the next page starts, in which listing, under which filter. */
export interface CursorState {
  /** The listing the token was issued for: an index id, or `"indexes"` for the list of indexes. */
  scope: string;
  /** A digest of the filter the token was issued under ("" without filters). */
  filter: string;
  /** The position of the first item of the next page. */
  offset: number;
}

export type CursorResult = { ok: true; offset: number } | { ok: false; reason: string };

/**
 * Opaque, tamper-evident cursors: base64url(JSON state) "." base64url(HMAC-SHA256 prefix), keyed by a secret
 * drawn per sandbox. A token that was edited, came from another sandbox, or was issued for another index or
 * filter is refused instead of being silently reinterpreted.
 */
export function createCursorCodec(secret: Buffer = randomBytes(32)) {
  const sign = (payload: string) => createHmac("sha256", secret).update(payload).digest().subarray(0, 16);

  function encode(state: CursorState): string {
    const payload = Buffer.from(JSON.stringify([state.scope, state.filter, state.offset])).toString("base64url");
    return `${payload}.${sign(payload).toString("base64url")}`;
  }

  function decode(token: string, expected: Omit<CursorState, "offset">): CursorResult {
    const [payload, mac, extra] = token.split(".");
    const given = Buffer.from(mac ?? "", "base64url");
    const wanted = payload ? sign(payload) : undefined;
    if (extra !== undefined || !wanted || given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return { ok: false, reason: "next_token is not a token this server issued (it was altered or truncated)" };
    }
    const [scope, filter, offset] = JSON.parse(Buffer.from(payload!, "base64url").toString()) as [string, string, number];
    if (scope !== expected.scope) {
      return { ok: false, reason: `next_token was issued for ${describeScope(scope)}, not ${describeScope(expected.scope)}` };
    }
    if (filter !== expected.filter) {
      return { ok: false, reason: "next_token was issued for other filters; send the same filter parameters on every page" };
    }
    return { ok: true, offset };
  }

  return { encode, decode };
}

function describeScope(scope: string): string {
  return scope === "indexes" ? "the list of indexes" : `index ${scope}`;
}

export type CursorCodec = ReturnType<typeof createCursorCodec>;
