/**
 * A page's output built line by line straight into bytes. Appending strings instead makes a rope of a thousand
 * lines that lives until the page is written, outlives the young generation and costs a full garbage collection;
 * here each line dies as soon as it is copied.
 */
export class ByteBuilder {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  append(text: string): void {
    // At most three UTF-8 bytes per UTF-16 unit (a surrogate pair is two units for four bytes).
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length);
  }

  /** Appends `source[start, end)`. */
  appendBytes(source: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    // A cell is a few bytes: a loop beats a subarray view (an object per cell) and a native copy's call.
    if (end - start < 64) {
      const buffer = this.buffer;
      let at = this.length;
      for (let i = start; i < end; i++) buffer[at++] = source[i]!;
      this.length = at;
      return;
    }
    this.buffer.set(source.subarray(start, end), this.length);
    this.length += end - start;
  }

  appendByte(byte: number): void {
    this.reserve(1);
    this.buffer[this.length++] = byte;
  }

  /** Bytes written so far; `truncate(size)` goes back to such a mark. */
  get size(): number {
    return this.length;
  }

  truncate(size: number): void {
    this.length = Math.min(size, this.length);
  }

  private reserve(bytes: number): void {
    const room = this.length + bytes;
    if (room <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(room, this.buffer.length * 2));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }

  /** The bytes so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
