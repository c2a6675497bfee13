// Finds a list page's top-level `next_token` as its bytes arrive, chunk by chunk: a small JSON tokenizer that tracks
// depth and strings (a key named next_token inside a profile, or the text "next_token" inside a string, is not the
// cursor) and stops as soon as the cursor's value is complete. Nothing is built: the caller drains the rest unread.

const QUOTE = 0x22, BACKSLASH = 0x5c, COLON = 0x3a, COMMA = 0x2c;
const key = Buffer.from("next_token");

/**
 * push(chunk) returns undefined while the cursor has not arrived, else { token } (a string, or null when the page
 * has `next_token` null or empty) once it has; end() says what a body without the key means: { token: null }.
 */
export function createCursorScanner() {
  let depth = 0;
  let inString = false, escaped = false;
  // At depth 1: whether the next string is a key, the key's bytes so far (only while it can still be next_token),
  // and whether the value that follows is the cursor's.
  let expectKey = false, keyAt = -1, keyMatches = false, cursorNext = false;
  let value = null; // the cursor's bytes while they arrive
  let valueEscaped = false;

  function push(chunk) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) (escaped = true), value && (valueEscaped = true);
        else if (c === QUOTE) {
          inString = false;
          if (value) return { token: decode(value, valueEscaped) };
          if (keyAt >= 0) {
            keyMatches = keyAt === key.length;
            keyAt = -1;
          }
          continue;
        }
        if (value) value.push(c);
        else if (keyAt >= 0) keyAt = keyAt < key.length && key[keyAt] === c ? keyAt + 1 : key.length + 1;
        continue;
      }
      if (c === QUOTE) {
        inString = true;
        if (depth === 1 && expectKey) (keyAt = 0), (expectKey = false);
        else if (depth === 1 && cursorNext) (value = []), (cursorNext = false);
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
        if (depth === 1) expectKey = true;
        cursorNext = false;
      } else if (c === 0x7d || c === 0x5d) depth--;
      else if (depth === 1 && c === COLON) (cursorNext = keyMatches), (keyMatches = false);
      else if (depth === 1 && c === COMMA) expectKey = true;
      else if (depth === 1 && cursorNext && c === 0x6e) return { token: null }; // null: the last page
    }
    return undefined;
  }

  return { push, end: () => ({ token: null }) };
}

function decode(bytes, escaped) {
  const text = Buffer.from(bytes).toString("utf8");
  const token = escaped ? JSON.parse(`"${text}"`) : text;
  return token === "" ? null : token;
}
