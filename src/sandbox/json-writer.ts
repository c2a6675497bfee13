/**
 * Appends JSON text to a growing byte buffer. Pages of a thousand profiles are the sandbox's hot path: writing
 * pre-encoded fragments and ASCII digits straight into bytes avoids building, flattening and re-encoding large
 * strings for every page.
 */
const hexDigits = Buffer.from("0123456789abcdef");

export class JsonWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Bytes that are already valid JSON in context (pre-encoded keys, quoted values, escaped fragments). */
  bytes(fragment: Buffer): this {
    const size = fragment.length;
    this.reserve(size);
    // Most fragments are a few bytes long, where a plain loop beats the native call behind Buffer#copy.
    if (size > 48) {
      this.length += fragment.copy(this.buffer, this.length);
      return this;
    }
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < size; i++) buffer[at++] = fragment[i]!;
    this.length = at;
    return this;
  }

  /** Text known to be ASCII and free of characters JSON escapes (ids, hex digits). */
  ascii(text: string): this {
    this.reserve(text.length);
    this.length += this.buffer.write(text, this.length, "latin1");
    return this;
  }

  /** One ASCII character, given by its code. */
  char(code: number): this {
    this.reserve(1);
    this.buffer[this.length++] = code;
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
    for (let i = this.length + count - 1; i >= this.length; i--) {
      buffer[i] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length += count;
    return this;
  }

  /** A 32-bit unsigned integer as 8 lowercase hex digits. */
  hex8(value: number): this {
    this.reserve(8);
    const buffer = this.buffer;
    for (let i = 7; i >= 0; i--) buffer[this.length++] = hexDigits[(value >>> (i * 4)) & 15]!;
    return this;
  }

  /** Any text, escaped and quoted as a JSON string. */
  string(text: string): this {
    return this.bytes(Buffer.from(JSON.stringify(text)));
  }

  /** The bytes written so far (a view, not a copy). */
  result(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** UTF-8 bytes of a fragment, for the writer's {@link JsonWriter.bytes}. */
export const encode = (fragment: string): Buffer => Buffer.from(fragment);
