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
    const room = this.length + text.length * 3;
    if (room > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(room, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(text, this.length);
  }

  /** The bytes so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
