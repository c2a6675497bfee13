// The texts the scrubber looks for when a secret is registered: the secret itself (and, when it holds something
// that reads as an escape, its decoded self), and its base64 at each of the three byte alignments it can have
// inside a longer encoded text — of the secret, of its form encoding and of its JSON escaping, the three ways it
// is sent or echoed inside a body that a server may then return base64-encoded. Character escapes (JSON, percent,
// HTML) are not forms: the scrubber decodes the text instead (decode-layer.ts), so any mix of them is found.
import { decodeLayer } from "./decode-layer.js";
import type { SecretKind } from "./secret-kind.js";

/**
 * Any run of this many consecutive characters of a form is a leak. 12 characters of a token are 72 bits (6 per
 * base64url character): a random 12-character window of a 64 KiB text matching one of a few thousand windows of
 * the registered forms by chance has a probability near 10^-13, so a match is an echo, not a coincidence; and a
 * server that truncates a token in a log line ("token eyJhbGciOiJSUzI1NiIs… is invalid") still shows enough to
 * matter. Anything shorter is too close to ordinary words and shared prefixes to replace without mangling text.
 */
export const pieceLength = 12;

/**
 * A base64 form shorter than this (a secret of five bytes or fewer) is not looked for: it would match ordinary
 * base64 text. The client refuses tokens shorter than 8 characters for the same reason.
 */
const minEncodedLength = 8;

export interface Form {
  /** The form, canonical (see canonical()). */
  text: string;
  kind: SecretKind;
  /** Found only whole (a form shorter than pieceLength), or as any run of pieceLength characters. */
  whole: boolean;
  /** A base64 form: a character that mixes bits of the secret with a neighbour's may sit before / after it. */
  base64: boolean;
  mixedBefore: boolean;
  mixedAfter: boolean;
}

/**
 * Characters a server may write in place of others without changing what they mean here: a space and `+` (form
 * encoding), base64url's `-` and `_` for base64's `+` and `/`. Texts and forms are compared in this form; a
 * secret that differs from a text only there is still its echo.
 */
export function canonical(text: string): string {
  // Three native passes are several times faster than one pass calling back for each match.
  return text.replaceAll(" ", "+").replaceAll("-", "+").replaceAll("_", "/");
}

export function formsOf(secret: string, kind: SecretKind): Form[] {
  const forms: Form[] = [];
  const add = (text: string, base64: boolean, mixedBefore = false, mixedAfter = false) => {
    const form = canonical(text);
    if (forms.some((f) => f.text === form)) return;
    forms.push({ text: form, kind, whole: form.length < pieceLength, base64, mixedBefore, mixedAfter });
  };
  add(secret, false);
  const decoded = decodeLayer({ text: secret })?.text;
  if (decoded !== undefined) add(decoded, false);
  const sources = new Set([secret, new URLSearchParams({ v: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)]);
  for (const source of sources) {
    const bytes = new TextEncoder().encode(source);
    for (let k = 0; k < 3; k++) {
      // The secret after k other bytes: only the characters that depend on its bits alone are the same whatever
      // those bytes are; the one before (k > 0) and the one after (an end that is not a multiple of 3) mix.
      const core = base64(bytes, k).slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
      if (core.length >= minEncodedLength) add(core, true, k > 0, (k + bytes.length) % 3 !== 0);
    }
  }
  return forms;
}

function base64(bytes: Uint8Array, offset: number): string {
  let binary = "\0".repeat(offset);
  for (let i = 0; i < bytes.length; i += 8192) binary += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(binary);
}
