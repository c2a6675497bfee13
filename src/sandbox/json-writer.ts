/**
 * Appends JSON text to a growing byte buffer. Pages of a thousand profiles are the sandbox's hot path: writing
 * pre-encoded fragments and ASCII digits straight into bytes avoids building, flattening and re-encoding large
 * strings for every page.
 */
const hexDigits = Buffer.from("0123456789abcdef");

export class JsonWriter {
  private buffer: Buffer;
  /** Where the text begins: `headroom` bytes are kept free before it for {@link JsonWriter.prepend}. */
  private start: number;
  private end: number;

  constructor(capacity = 64 * 1024, headroom = 0) {
    this.buffer = Buffer.allocUnsafe(headroom + capacity);
    this.start = this.end = headroom;
  }

  private reserve(bytes: number): void {
    if (this.end + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.end + bytes));
    this.buffer.copy(grown, this.start, this.start, this.end);
    this.buffer = grown;
  }

  /**
   * Puts bytes before everything written so far: a page's cursor, known only once its items are written, goes
   * before them without copying the items (into the headroom; past it, the text moves once).
   */
  prepend(fragment: Buffer): this {
    if (fragment.length > this.start) {
      const shift = fragment.length - this.start;
      const grown = Buffer.allocUnsafe(this.buffer.length + shift);
      this.buffer.copy(grown, this.start + shift, this.start, this.end);
      this.buffer = grown;
      this.start += shift;
      this.end += shift;
    }
    this.start -= fragment.length;
    fragment.copy(this.buffer, this.start);
    return this;
  }

  /** Bytes that are already valid JSON in context (pre-encoded keys, quoted values, escaped fragments). */
  bytes(fragment: Buffer): this {
    const size = fragment.length;
    this.reserve(size);
    // Most fragments are a few bytes long, where a plain loop beats the native call behind Buffer#copy.
    if (size > 48) {
      this.end += fragment.copy(this.buffer, this.end);
      return this;
    }
    const buffer = this.buffer;
    let at = this.end;
    for (let i = 0; i < size; i++) buffer[at++] = fragment[i]!;
    this.end = at;
    return this;
  }

  /** Text known to be ASCII and free of characters JSON escapes (ids, hex digits). */
  ascii(text: string): this {
    this.reserve(text.length);
    this.end += this.buffer.write(text, this.end, "latin1");
    return this;
  }

  /** One ASCII character, given by its code. */
  char(code: number): this {
    this.reserve(1);
    this.buffer[this.end++] = code;
    return this;
  }

  /** A non-negative integer in decimal, left-padded with zeros to `width` digits. */
  digits(value: number, width = 1): this {
    let count = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) count++;
    count = Math.max(count, width);
    this.reserve(count);
    const buffer = this.buffer;
    let rest = value;
    for (let i = this.end + count - 1; i >= this.end; i--) {
      buffer[i] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.end += count;
    return this;
  }

  /** A 32-bit unsigned integer as 8 lowercase hex digits. */
  hex8(value: number): this {
    this.reserve(8);
    const buffer = this.buffer;
    for (let i = 7; i >= 0; i--) buffer[this.end++] = hexDigits[(value >>> (i * 4)) & 15]!;
    return this;
  }

  /** Any text, escaped and quoted as a JSON string. */
  string(text: string): this {
    return this.bytes(Buffer.from(JSON.stringify(text)));
  }

  /** The bytes written so far (a view, not a copy). */
  result(): Buffer {
    return this.buffer.subarray(this.start, this.end);
  }
}

/** UTF-8 bytes of a fragment, for the writer's {@link JsonWriter.bytes}. */
export const encode = (fragment: string): Buffer => Buffer.from(fragment);
