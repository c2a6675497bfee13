// Finds registered secrets in a text and replaces them there. The text is searched as it is and after each of up
// to three decoding passes (decode-layer.ts), so a secret written with any mix of escapes, or an escape inside an
// escape, is found; what is replaced is always the span of the original text it came from. Forms of at least
// pieceLength characters are found as any run of that many of their characters, through a rolling hash of every
// window of the text looked up in a table of the forms' windows (an empty slot answers most positions at once);
// shorter forms only whole.
import { decodeLayer, type Layer } from "./decode-layer.js";
import { canonical, formsOf, pieceLength, type Form } from "./secret-forms.js";
import { replacementFor, type SecretKind } from "./secret-kind.js";

/** Decoding passes after the text itself: `%252B`, `&amp;#47;` and `\\u002F` are escapes inside an escape. */
const maxPasses = 3;

const base = 0x01000193;

/**
 * Every window of pieceLength characters of the piece forms, by hash: `head[slot]` is the first entry of a slot
 * (-1: none), `next` chains the entries of a slot; entry e is the window at `offset[e]` of `forms[form[e]]`.
 */
interface Index {
  forms: Form[];
  shift: number;
  head: Int32Array;
  next: Int32Array;
  hash: Int32Array;
  form: Int32Array;
  offset: Int32Array;
  /** base ** (pieceLength - 1), to drop a window's first character from its hash. */
  pow: number;
}

/** A slot from the hash's high bits after a multiplicative mix (a polynomial hash's low bits are its weakest). */
const slotOf = (h: number, shift: number) => Math.imul(h, 0x9e3779b1) >>> shift;

interface Span {
  start: number;
  end: number;
  secret: boolean;
}

/** A function replacing every form of the given secrets in a text (the text itself when there is none). */
export function compileMatcher(secrets: Iterable<readonly [string, SecretKind]>): (text: string) => string {
  const forms = [...secrets].flatMap(([value, kind]) => formsOf(value, kind));
  if (forms.length === 0) return (text) => text;
  const shortest = Math.min(...forms.map((form) => form.text.length));
  const index = indexOf(forms);
  const wholes = forms.filter((form) => form.whole);
  return (text) => {
    if (text.length < shortest) return text;
    const spans: Span[] = [];
    let layer: Layer | undefined = { text };
    for (let pass = 0; layer !== undefined; pass++) {
      const here: Layer = layer;
      const c = canonical(here.text);
      const found = (form: Form, offset: number, start: number, end: number) => spans.push(spanOf(here, c, form, offset, start, end));
      if (index.hash.length > 0) findPieces(c, index, found);
      for (const form of wholes) {
        for (let at = c.indexOf(form.text); at >= 0; at = c.indexOf(form.text, at + 1)) found(form, 0, at, at + form.text.length);
      }
      layer = pass < maxPasses ? decodeLayer(here) : undefined;
    }
    return spans.length === 0 ? text : replaced(text, spans);
  };
}

function indexOf(forms: Form[]): Index {
  const pieces = forms.map((form, f) => [form, f] as const).filter(([form]) => !form.whole);
  const count = pieces.reduce((sum, [form]) => sum + form.text.length - pieceLength + 1, 0);
  // At least twice as many slots as windows, so most slots of a text's windows are empty.
  const bits = Math.max(4, Math.ceil(Math.log2(2 * count + 1)));
  const index: Index = {
    forms,
    shift: 32 - bits,
    head: new Int32Array(1 << bits).fill(-1),
    next: new Int32Array(count),
    hash: new Int32Array(count),
    form: new Int32Array(count),
    offset: new Int32Array(count),
    pow: 1,
  };
  for (let k = 1; k < pieceLength; k++) index.pow = Math.imul(index.pow, base);
  let e = 0;
  for (const [{ text }, f] of pieces) {
    let h = 0;
    for (let k = 0; k < pieceLength; k++) h = (Math.imul(h, base) + text.charCodeAt(k)) | 0;
    for (let o = 0; ; o++, e++) {
      const slot = slotOf(h, index.shift);
      index.hash[e] = h;
      index.form[e] = f;
      index.offset[e] = o;
      index.next[e] = index.head[slot]!;
      index.head[slot] = e;
      if (o + pieceLength >= text.length) break;
      h = (Math.imul(h - Math.imul(text.charCodeAt(o), index.pow), base) + text.charCodeAt(o + pieceLength)) | 0;
    }
    e++;
  }
  return index;
}

/**
 * Every run of at least pieceLength characters of a piece form in `c`, extended as far as it goes. A window that
 * lies wholly inside what a run already covers is not looked at: whatever it holds is replaced already, and any
 * run reaching further is found from the windows that reach past the covered end.
 */
function findPieces(c: string, index: Index, found: (form: Form, offset: number, start: number, end: number) => void): void {
  const n = c.length;
  const hashAt = (i: number) => {
    let h = 0;
    for (let k = 0; k < pieceLength; k++) h = (Math.imul(h, base) + c.charCodeAt(i + k)) | 0;
    return h;
  };
  let covered = 0;
  let h = n < pieceLength ? 0 : hashAt(0);
  for (let i = 0; i + pieceLength <= n; ) {
    for (let e = index.head[slotOf(h, index.shift)]!; e >= 0; e = index.next[e]!) {
      if (index.hash[e] !== h) continue;
      const form = index.forms[index.form[e]!]!;
      const o = index.offset[e]!;
      let length = 0;
      while (i + length < n && o + length < form.text.length && c.charCodeAt(i + length) === form.text.charCodeAt(o + length)) length++;
      // Shorter: two windows with the same hash.
      if (length < pieceLength) continue;
      found(form, o, i, i + length);
      covered = Math.max(covered, i + length);
    }
    if (i + 1 + pieceLength <= covered) {
      i = covered - pieceLength + 1;
      if (i + pieceLength <= n) h = hashAt(i);
    } else if (++i + pieceLength <= n) {
      h = (Math.imul(h - Math.imul(c.charCodeAt(i - 1), index.pow), base) + c.charCodeAt(i + pieceLength - 1)) | 0;
    }
  }
}

const base64Char = /[A-Za-z0-9+/]/;

/**
 * The span of the original text behind characters [start, end) of a layer. A base64 form that reaches its first
 * or last character takes the character beside it that mixes in the secret's bits, and any padding after it.
 */
function spanOf(layer: Layer, c: string, form: Form, offset: number, start: number, end: number): Span {
  const reachesEnd = offset + (end - start) >= form.text.length;
  if (form.base64 && offset === 0 && form.mixedBefore && start > 0 && base64Char.test(c[start - 1]!)) start--;
  if (form.base64 && reachesEnd) {
    if (form.mixedAfter && end < c.length && base64Char.test(c[end]!)) end++;
    for (let pad = 0; pad < 2 && c[end] === "="; pad++) end++;
  }
  return {
    start: layer.from ? layer.from[start]! : start,
    end: layer.to ? layer.to[end - 1]! : end,
    secret: form.kind !== "client id",
  };
}

/** `text` with each span (overlapping and touching ones merged) replaced by what its kind is replaced with. */
function replaced(text: string, spans: Span[]): string {
  spans.sort((a, b) => a.start - b.start);
  let out = "";
  let done = 0;
  for (let i = 0; i < spans.length; ) {
    const { start } = spans[i]!;
    let { end, secret } = spans[i]!;
    for (i++; i < spans.length && spans[i]!.start <= end; i++) {
      end = Math.max(end, spans[i]!.end);
      secret ||= spans[i]!.secret;
    }
    out += text.slice(done, start) + replacementFor(secret ? "token" : "client id");
    done = end;
  }
  return out + text.slice(done);
}
