// The cursor as a list page's last member, read from the body's final bytes: a guess at the next page's token
// that pagination can send before the page is checked, because the page's check (scan or parse) costs more than
// the guess. It is only a guess: the page, once checked, says whether it was right, and a wrong one is cancelled.
import { maxNextTokenLength } from "./envelope.js";

const key = new TextEncoder().encode('"next_token"');

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The token of a body ending `"next_token": "…" }`, or undefined for any other ending (null, another member last,
 * escapes in the token, a byte outside printable ASCII): those pages are paged the usual way, after their check.
 */
export function tailToken(bytes: Uint8Array): string | undefined {
  let i = bytes.length - 1;
  while (isSpace(bytes[i])) i--;
  if (bytes[i] !== 0x7d) return undefined;
  i--;
  while (isSpace(bytes[i])) i--;
  if (bytes[i] !== 0x22) return undefined;
  const end = i;
  for (i--; i >= 0 && end - i <= maxNextTokenLength; i--) {
    const c = bytes[i]!;
    if (c === 0x22) break;
    if (c === 0x5c || c < 0x20 || c > 0x7e) return undefined;
  }
  const start = i + 1;
  if (bytes[i] !== 0x22 || start === end) return undefined;
  i--;
  while (isSpace(bytes[i])) i--;
  if (bytes[i] !== 0x3a) return undefined;
  i--;
  while (isSpace(bytes[i])) i--;
  for (let k = key.length - 1; k >= 0; k--, i--) if (bytes[i] !== key[k]) return undefined;
  while (isSpace(bytes[i])) i--;
  // A member of the top-level object follows a comma or the opening brace (anything else: not a member).
  if (bytes[i] !== 0x2c && bytes[i] !== 0x7b) return undefined;
  // ASCII only, so each byte is one character.
  return String.fromCharCode(...bytes.subarray(start, end));
}
