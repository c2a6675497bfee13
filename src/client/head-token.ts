// The cursor as it arrives: the documented list body is `{"total": …, "next_token": "…", "data": [ … ]}`, so the
// cursor is in the first bytes and pagination can request the next page while the rest of this one is still on the
// wire. A small state machine reads the top-level object chunk by chunk until it has the cursor, meets `data`, or
// has read `headBound` bytes. Like the tail guess (tail-token.ts) it is only a guess: the checked page confirms it.
import { maxNextTokenLength } from "./envelope.js";

/** How far into a body the cursor is looked for: a `total` and the longest accepted token written plainly fit. */
export const headBound = 16 * 1024;

const enum State {
  Begin, // before the opening brace
  FirstKey, // after `{`: a key or `}`
  Key, // after `,`: a key
  InKey,
  InKeyEscape,
  Colon,
  Value,
  InToken, // the top-level next_token's string
  InTokenEscape,
  InString, // another member's string value
  InStringEscape,
  Scalar, // another member's number, true, false or null
  Nested, // another member's object or array, `depth` deep
  InNestedString,
  InNestedStringEscape,
  AfterValue,
  Done,
}

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a, OPEN = 0x7b, CLOSE = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** The bytes a JSON number or literal is spelled with: anything else ends it (the page's own check judges it). */
const isScalar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2b || c === 0x2d || c === 0x2e;

// A string's bytes never start a body, so a byte-order mark in them is a character, kept as JSON.parse keeps it.
const fragmentDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** A JSON string's content (the bytes between its quotes) as JSON.parse reads it, or undefined if it is not valid. */
function decodeString(parts: Uint8Array[]): string | undefined {
  let size = 0;
  for (const part of parts) size += part.byteLength;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  try {
    return JSON.parse(`"${fragmentDecoder.decode(bytes)}"`) as string;
  } catch {
    return undefined;
  }
}

/**
 * Reads a body's first bytes as they arrive (`feed` each chunk in order). `token` is set once the top-level
 * `next_token` is read whole, when it comes before `data`: a non-empty string of at most maxNextTokenLength
 * characters, decoded as JSON.parse decodes it. `done` is set once there is nothing more to learn: the token read,
 * `data` (or the end of the object) reached, `headBound` bytes read, or anything a list body does not start with.
 */
export class HeadTokenScanner {
  token: string | undefined;
  done = false;
  private state = State.Begin;
  private seen = 0;
  private depth = 0;
  /** The current key's or token's bytes, as views of the chunks they arrived in. */
  private parts: Uint8Array[] = [];
  private key: string | undefined;

  feed(chunk: Uint8Array): void {
    if (this.done) return;
    const end = Math.min(chunk.byteLength, headBound - this.seen);
    this.seen += end;
    // Where the string being read started in this chunk, if it did.
    const state = this.state;
    let start = state === State.InKey || state === State.InKeyEscape || state === State.InToken || state === State.InTokenEscape ? 0 : -1;
    for (let i = 0; i < end; i++) {
      const c = chunk[i]!;
      switch (this.state) {
        case State.Begin:
          if (c === OPEN) this.state = State.FirstKey;
          else if (!isSpace(c)) return this.stop();
          break;
        case State.FirstKey:
        case State.Key:
          if (c === QUOTE) {
            this.state = State.InKey;
            start = i + 1;
          } else if (!isSpace(c)) return this.stop();
          break;
        case State.InKey:
        case State.InToken:
          if (c === BACKSLASH) this.state = this.state === State.InKey ? State.InKeyEscape : State.InTokenEscape;
          else if (c === QUOTE) {
            this.parts.push(chunk.subarray(start, i));
            start = -1;
            const text = decodeString(this.parts);
            this.parts = [];
            if (this.state === State.InToken) return this.found(text);
            this.key = text;
            this.state = State.Colon;
          }
          break;
        // The byte after a backslash, whatever it is, does not end the string.
        case State.InKeyEscape:
          this.state = State.InKey;
          break;
        case State.InTokenEscape:
          this.state = State.InToken;
          break;
        case State.InStringEscape:
          this.state = State.InString;
          break;
        case State.InNestedStringEscape:
          this.state = State.InNestedString;
          break;
        case State.Colon:
          if (c === COLON) this.state = State.Value;
          else if (!isSpace(c)) return this.stop();
          break;
        case State.Value:
          if (isSpace(c)) break;
          // The profiles begin: the cursor, if any, comes after them (the tail guess's case).
          if (this.key === "data" || this.key === undefined) return this.stop();
          if (this.key === "next_token") {
            // null (the last page) or anything but a string: nothing to guess.
            if (c !== QUOTE) return this.stop();
            this.state = State.InToken;
            start = i + 1;
          } else if (c === QUOTE) this.state = State.InString;
          else if (c === OPEN || c === OPEN_ARRAY) {
            this.state = State.Nested;
            this.depth = 1;
          } else if (isScalar(c)) this.state = State.Scalar;
          else return this.stop();
          break;
        case State.InString:
          if (c === BACKSLASH) this.state = State.InStringEscape;
          else if (c === QUOTE) this.state = State.AfterValue;
          break;
        case State.Scalar:
          if (isScalar(c)) break;
          this.state = State.AfterValue;
          i--; // this byte is read again as what follows the value
          break;
        case State.Nested:
          if (c === QUOTE) this.state = State.InNestedString;
          else if (c === OPEN || c === OPEN_ARRAY) this.depth++;
          else if ((c === CLOSE || c === CLOSE_ARRAY) && --this.depth === 0) this.state = State.AfterValue;
          break;
        case State.InNestedString:
          if (c === BACKSLASH) this.state = State.InNestedStringEscape;
          else if (c === QUOTE) this.state = State.Nested;
          break;
        case State.AfterValue:
          if (c === COMMA) this.state = State.Key;
          else if (!isSpace(c)) return this.stop();
          break;
      }
    }
    if (start >= 0) this.parts.push(chunk.subarray(start, end));
    if (this.seen >= headBound) this.stop();
  }

  private found(token: string | undefined): void {
    if (token && token.length <= maxNextTokenLength) this.token = token;
    this.stop();
  }

  private stop(): void {
    this.done = true;
    this.state = State.Done;
    this.parts = [];
  }
}
