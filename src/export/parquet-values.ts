/**
 * One Parquet column's values while a row group gathers, kept off the JavaScript heap. Held as strings, a row
 * group's values (10,000 × each column) outlive the young generation, are promoted, and die in the old generation
 * a row group later, which is what grew the export's heap and peak RSS; here they are UTF-8 bytes in one buffer per
 * column with each value's end, or numbers in a Float64Array, with a byte per row for null (and for booleans).
 * The buffers are kept and reused by the next row group.
 */
import { ByteBuilder } from "./byte-builder.js";
import type { ParquetColumnType } from "./parquet-state.js";

/** A number or boolean column's value as hyparquet-writer takes it. */
export type ParquetValue = number | boolean | null;

/**
 * A string or JSON column's values as they are written: row r's UTF-8 bytes are `bytes[ends[r - 1], ends[r])`
 * (from 0 for row 0), empty for a null; `marks[r]` is 0 for a null, 1 for a value, which is also the row's
 * Parquet definition level. Views of the column's buffers, valid until `clear()`.
 */
export interface ByteColumn {
  readonly rows: number;
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  readonly marks: Uint8Array;
}

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
    if (this.bytes) this.endValue(isNull);
    else this.mark(isNull);
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

  /**
   * A JSON column's value as its JSON text. The text `null` (a number too large for a double prints so) is a
   * null: hyparquet-writer, given the value, wrote it as one, and a reader should not get the text "null".
   */
  addJson(text: string): void {
    if (text === "null") this.addNull();
    else this.addText(text);
  }

  addNumber(value: number): void {
    if (this.rowCount === this.numbers.length) this.numbers = doubled(this.numbers);
    this.numbers[this.rowCount] = value;
    this.mark(isValue);
  }

  addBoolean(value: boolean): void {
    this.mark(value ? isTrue : isValue);
  }

  /** A number or boolean column's values for hyparquet-writer. */
  values(): ParquetValue[] {
    const { rowCount, marks } = this;
    const values = new Array<ParquetValue>(rowCount);
    for (let row = 0; row < rowCount; row++) {
      const mark = marks[row]!;
      values[row] = mark === isNull ? null : this.type === "number" ? this.numbers[row]! : mark === isTrue;
    }
    return values;
  }

  /** A string or JSON column's values, written from its bytes (parquet-byte-column.ts): no object per value. */
  byteColumn(): ByteColumn {
    const { rowCount: rows } = this;
    return { rows, bytes: this.bytes!.bytes(), ends: this.ends.subarray(0, rows), marks: this.marks.subarray(0, rows) };
  }

  /** Empties the column for the next row group, keeping its buffers. */
  clear(): void {
    this.rowCount = 0;
    this.bytes?.truncate(0);
  }

  private endValue(mark = isValue): void {
    if (this.rowCount === this.ends.length) this.ends = doubled(this.ends);
    this.ends[this.rowCount] = this.bytes!.size;
    this.mark(mark);
  }

  private mark(mark: number): void {
    if (this.rowCount === this.marks.length) this.marks = doubled(this.marks);
    this.marks[this.rowCount++] = mark;
  }
}
