/**
 * One Parquet column's values while a row group gathers, kept off the JavaScript heap. Held as strings, a row
 * group's values (10,000 × each column) outlive the young generation, are promoted, and die in the old generation
 * a row group later, which is what grew the export's heap and peak RSS; here they are UTF-8 bytes in one buffer per
 * column with each value's end, or numbers in a Float64Array, with a byte per row for null (and for booleans).
 * The buffers are kept and reused by the next row group.
 */
import { ByteBuilder } from "./byte-builder.js";
import type { ParquetColumnType } from "./parquet-state.js";
import { SharedViews } from "./shared-views.js";

/** A value as hyparquet-writer takes it: a string column's UTF-8 bytes, a JSON column's text, a number, a boolean. */
export type ParquetValue = Uint8Array | string | number | boolean | null;

const isNull = 0;
const isValue = 1;
const isTrue = 2;

/** `array` twice as long, with its values: no closure per call (this runs once per value), the same kind of array. */
function doubled<T extends Uint8Array | Uint32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

export class ColumnValues {
  private rowCount = 0;
  // Per row: null, a value, or (boolean columns) true.
  private marks = new Uint8Array(1024);
  // String and JSON columns: where each value's bytes end in `bytes`.
  private ends = new Uint32Array(0);
  private readonly bytes: ByteBuilder | undefined;
  private numbers = new Float64Array(0);

  constructor(readonly type: ParquetColumnType) {
    if (type === "string" || type === "json") {
      this.bytes = new ByteBuilder(16 * 1024);
      this.ends = new Uint32Array(1024);
    }
    if (type === "number") this.numbers = new Float64Array(1024);
  }

  get rows(): number {
    return this.rowCount;
  }

  addNull(): void {
    this.mark(isNull);
  }

  /** A string or JSON column's value as UTF-8 bytes: `source[start, end)`. */
  addBytes(source: Uint8Array, start: number, end: number): void {
    this.bytes!.appendBytes(source, start, end);
    this.endValue();
  }

  /** A string or JSON column's value as text. */
  addText(text: string): void {
    this.bytes!.append(text);
    this.endValue();
  }

  addNumber(value: number): void {
    if (this.rowCount === this.numbers.length) this.numbers = doubled(this.numbers);
    this.numbers[this.rowCount] = value;
    this.mark(isValue);
  }

  addBoolean(value: boolean): void {
    this.mark(value ? isTrue : isValue);
  }

  /**
   * The values for hyparquet-writer. A string column's are views of this column's buffer, valid until `clear()`:
   * the writer must be done with them (and must not keep them) by then.
   */
  values(): ParquetValue[] {
    const { rowCount, marks, ends } = this;
    const values = new Array<ParquetValue>(rowCount);
    const all = this.bytes?.bytes();
    const shared = this.type === "string" ? new SharedViews(all!) : undefined;
    let start = 0;
    for (let row = 0; row < rowCount; row++) {
      const mark = marks[row]!;
      if (mark === isNull) values[row] = null;
      else if (this.type === "string") values[row] = shared!.view(start, (start = ends[row]!));
      // hyparquet-writer writes a JSON column's value as JSON.stringify of it: given the text, it would store a
      // JSON string holding the text, so the value itself goes in.
      else if (this.type === "json") values[row] = JSON.parse(all!.toString("utf8", start, (start = ends[row]!))) as ParquetValue;
      else if (this.type === "number") values[row] = this.numbers[row]!;
      else values[row] = mark === isTrue;
    }
    return values;
  }

  /** Empties the column for the next row group, keeping its buffers. */
  clear(): void {
    this.rowCount = 0;
    this.bytes?.truncate(0);
  }

  private endValue(): void {
    if (this.rowCount === this.ends.length) this.ends = doubled(this.ends);
    this.ends[this.rowCount] = this.bytes!.size;
    this.mark(isValue);
  }

  private mark(mark: number): void {
    if (this.rowCount === this.marks.length) this.marks = doubled(this.marks);
    this.marks[this.rowCount++] = mark;
  }
}
