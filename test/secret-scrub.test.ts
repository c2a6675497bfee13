// The secrets edge's scrubber against every way a server or proxy may write a secret back: each encoding alone,
// any mix of them character by character, an escape inside an escape, base64 at every byte alignment, a piece of
// the secret, and everything an error can show. The encoders here are written from the formats, not from the
// scrubber, so they check it rather than repeat it.
import { inspect } from "node:util";
import { clearSecrets, registerSecret, scrub } from "../src/edges/secrets/index.js";
import { base64, base64url, each, encodings, splitByMixedEncodings, utf8 } from "./support/secret-encodings.js";

// A client secret holding every character some encoding changes: / + = space " & < > ' \ % and a literal "%41".
const SECRET = `s3cr3t/+= "q&a<b>'c\\%41d~Zk9Lm2Pq`;
const CLIENT_ID = "client-id-7f3a9c";
// JWT-sized tokens are base64url with dots; this one is short enough to read in a failure.
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhY21lIn0.c2lnbmF0dXJlLXNlY3JldA-_x";

/** A token-like string of 40 characters that shares no 12-character run with another n's. */
function randomLooking(n: number): string {
  let state = (n + 1) * 2654435761;
  let text = "";
  while (text.length < 40) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += (state >>> 8).toString(36);
  }
  return text.slice(0, 40);
}

beforeEach(() => {
  clearSecrets();
  registerSecret(SECRET, "client secret");
  registerSecret(CLIENT_ID, "client id");
  registerSecret(TOKEN, "token");
});

describe("a secret echoed in any encoding is replaced where it stands", () => {
  it.each(encodings)("the client secret, %s", (_name, encode) => {
    expect(scrub(`before ${encode(SECRET)} after`)).toBe("before [redacted] after");
  });

  it.each(encodings)("the token, %s", (_name, encode) => {
    expect(scrub(`before ${encode(TOKEN)} after`)).toBe("before [redacted] after");
  });

  it.each(encodings)("the client id, %s, becomes [client id]", (_name, encode) => {
    expect(scrub(`before ${encode(CLIENT_ID)} after`)).toBe("before [client id] after");
  });

  it("a secret split character by character across every encoding at once", () => {
    for (const secret of [SECRET, TOKEN]) {
      const mixed = splitByMixedEncodings(secret);
      expect(scrub(`<p>${mixed}</p>`)).toBe("<p>[redacted]</p>");
    }
  });

  it("base64 at each of the three byte alignments, inside Bearer and Basic, with the mixed edge characters and padding", () => {
    for (const prefix of ["", "x", "xy", "Bearer ", "Bearer x"]) {
      const encoded = base64(prefix + TOKEN);
      // The characters that encode the prefix alone survive; the one mixing its last bits with the token's goes.
      const kept = encoded.slice(0, Math.floor((8 * utf8(prefix).length) / 6));
      expect(scrub(`Authorization: Basic ${encoded} end`)).toBe(`Authorization: Basic ${kept}[redacted] end`);
      expect(scrub(`[${base64url(prefix + TOKEN)}]`)).toBe(`[${kept.replaceAll("+", "-").replaceAll("/", "_")}[redacted]]`);
    }
    expect(scrub(`Authorization: Bearer ${base64(TOKEN)}`)).toBe("Authorization: Bearer [redacted]");
  });

  it("a whole form body: the client id and the secret each replaced by their kind", () => {
    const body = new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: SECRET }).toString();
    expect(scrub(body)).toBe("grant_type=client_credentials&client_id=[client id]&client_secret=[redacted]");
    const inJson = JSON.stringify({ received: body });
    expect(scrub(inJson)).toBe('{"received":"grant_type=client_credentials&client_id=[client id]&client_secret=[redacted]"}');
  });

  it("a piece of 12 characters or more is a leak; 11 are not replaced", () => {
    const piece = TOKEN.slice(21, 33);
    expect(scrub(`token ${piece}… was refused`)).toBe("token [redacted]… was refused");
    expect(scrub(`token ${encodeURIComponent(SECRET.slice(4, 18))}`)).toBe("token [redacted]");
    expect(scrub(`token ${base64(TOKEN).slice(10, 30)}`)).toBe("token [redacted]");
    const short = TOKEN.slice(21, 32);
    expect(scrub(`token ${short} was refused`)).toBe(`token ${short} was refused`);
  });

  it("a secret shorter than 12 characters is replaced only whole", () => {
    registerSecret("pw-9x!Kq", "client secret");
    expect(scrub("secret pw-9x!Kq and pw-9x and %70w-9x%21Kq")).toBe("secret [redacted] and pw-9x and [redacted]");
  });

  it("a non-ASCII secret: percent-encoded UTF-8, \\u escapes of surrogate pairs, base64 of its bytes", () => {
    const secret = "clé-secrète-😀-ünïcode";
    registerSecret(secret, "client secret");
    for (const form of [encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), each(secret, (c) => `&#x${c.codePointAt(0)!.toString(16)};`), base64(secret)]) {
      expect(scrub(`(${form})`)).toBe("([redacted])");
    }
    // Every UTF-16 unit as \uXXXX: the emoji as its surrogate pair. The emoji alone is no secret.
    const units = Array.from({ length: secret.length }, (_, i) => `\\u${secret.charCodeAt(i).toString(16).padStart(4, "0")}`).join("");
    expect(scrub(`x ${units} \\ud83d\\ude00`)).toBe("x [redacted] \\ud83d\\ude00");
  });

  it("leaves ordinary text, other tokens and near misses alone", () => {
    const text = [
      "Invalid token: the token has expired. Bearer realm=api, error=invalid_token",
      "HTTP 401 &amp; %20 \\u0041 grant_type=client_credentials&client_id=other-client-1234",
      "eyJ0eXAiOiJKV1QifQ.eyJvdGhlciI6MX0.b3RoZXItbWFyaw",
      "request_id req-1 trace_id 4bf92f3577b34da6a3ce929d0e0e4736",
    ].join("\n");
    expect(scrub(text)).toBe(text);
  });
});

describe("errors: everything util.inspect, JSON.stringify and String show", () => {
  const views = (error: unknown) => [String(error), JSON.stringify(error), inspect(error, { depth: 50, showHidden: true }), (error as Error).stack ?? ""].join("\n");

  it("message, stack, body keys and values at any depth, string properties, symbols and the cause chain, in place", () => {
    const inner = new SyntaxError(`Unexpected token in ${JSON.stringify(SECRET)}`);
    const middle = new Error(`wrapped ${encodeURIComponent(SECRET)}`, { cause: inner });
    const error = Object.assign(new Error(`refused ${TOKEN}`, { cause: middle }), {
      requestId: CLIENT_ID,
      body: { error: { details: [{ [SECRET]: base64(SECRET) }], echo: `client_id=${CLIENT_ID}` } },
      [Symbol("raw")]: TOKEN,
    });
    expect(scrub(error)).toBe(error);
    expect(error.message).toBe("refused [redacted]");
    expect(error.stack!.split("\n")[0]).toBe("Error: refused [redacted]");
    expect(error.requestId).toBe("[client id]");
    expect(error.body).toEqual({ error: { details: [{ "[redacted]": "[redacted]" }], echo: "client_id=[client id]" } });
    expect(inner.message).toBe('Unexpected token in "[redacted]"');
    const shown = views(error);
    for (const leak of [SECRET, TOKEN, CLIENT_ID, encodeURIComponent(SECRET), base64(SECRET), "Zk9Lm2Pq", "c2lnbmF0dXJl"]) expect(shown).not.toContain(leak);
  });

  it("an AggregateError's errors, and a cyclic body, which points at the scrubbed copy rather than the original", () => {
    const body: Record<string, unknown> = { secret: SECRET };
    body["self"] = body;
    const error = Object.assign(new AggregateError([new Error(TOKEN)], "several"), { body });
    scrub(error);
    const shown = inspect(error, { depth: 50, showHidden: true });
    expect(shown).not.toContain("Zk9Lm2Pq");
    expect(shown).not.toContain("c2lnbmF0dXJl");
    const copy = (error as unknown as { body: Record<string, unknown> }).body;
    expect(copy["self"]).toBe(copy);
  });

  it("a body nested deeper than the scrubber walks is replaced, not shown as it came", () => {
    let deep: unknown = { leak: SECRET };
    for (let i = 0; i < 200; i++) deep = { deeper: deep };
    const error = Object.assign(new Error("deep"), { body: deep });
    scrub(error);
    expect(JSON.stringify(error)).not.toContain("Zk9Lm2Pq");
    expect(JSON.stringify(error)).toContain("[nested too deeply to show]");
  });
});

describe("the registry", () => {
  it("keeps the secret kinds apart from the tokens it drops: 100 refreshed tokens later, the client secret and id are still scrubbed", () => {
    const tokens = Array.from({ length: 100 }, (_, n) => randomLooking(n));
    for (const token of tokens) registerSecret(token, "token");
    expect(scrub(`${SECRET} ${CLIENT_ID}`)).toBe("[redacted] [client id]");
    expect(scrub(tokens.at(-1)!)).toBe("[redacted]");
    // Bounded: the earliest tokens have been dropped.
    expect(scrub(tokens[0]!)).toBe(tokens[0]);
  });

  it("a token registered again on use stays held however many others come after it", () => {
    for (let n = 0; n < 100; n++) {
      registerSecret(TOKEN, "token");
      registerSecret(randomLooking(n), "token");
    }
    expect(scrub(`a ${TOKEN} b`)).toBe("a [redacted] b");
  });

  it("a value registered as a secret stays one when registered again as a client id", () => {
    registerSecret(SECRET, "client id");
    expect(scrub(SECRET)).toBe("[redacted]");
  });

  it("ignores tokens and client ids shorter than 8 characters (they would match ordinary words)", () => {
    registerSecret("abc", "token");
    registerSecret("id-1", "client id");
    expect(scrub("abc id-1 abcdef")).toBe("abc id-1 abcdef");
  });
});
