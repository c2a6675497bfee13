/**
 * The row count of a Parquet file, from its footer, read with bounded memory and time whatever the file claims:
 * the footer's length is checked against the file and a cap before anything is read, and the footer is walked
 * (Thrift compact protocol) without building objects, so neither a huge footer length, nor a list that claims
 * billions of row groups, nor nesting meant to exhaust the stack costs more than the footer's bytes. `check`
 * uses it; a file it refuses is not one this program wrote.
 */
import type { FileHandle } from "node:fs/promises";
import { RecordCountError } from "./count-records.js";

/** Larger than any footer this program writes (a few hundred bytes per column per row group). */
export const maxFooterBytes = 64 * 1024 * 1024;

const magic = 0x31524150; // "PAR1", little-endian
const maxDepth = 16;

const notOurs = (why: string) => new RecordCountError(`not a Parquet file this program wrote: ${why}`);

/** The rows the footer of the Parquet file open at `handle` records, checked against its row groups' rows. */
export async function parquetRows(handle: FileHandle, size: number): Promise<number> {
  if (size < 12) throw notOurs(`${size} bytes is too short for one`);
  const head = await readAt(handle, 0, 4);
  const tail = await readAt(handle, size - 8, 8);
  if (head.readUInt32LE(0) !== magic || tail.readUInt32LE(4) !== magic) throw notOurs("it does not start and end with PAR1");
  const length = tail.readUInt32LE(0);
  if (length > size - 12) throw notOurs(`its footer length (${length} bytes) is larger than the file`);
  if (length > maxFooterBytes) throw notOurs(`its footer (${length} bytes) is larger than ${maxFooterBytes} bytes`);
  const { rows, groupRows } = footerRows(await readAt(handle, size - 8 - length, length));
  if (rows !== groupRows) throw notOurs(`its footer says ${rows} rows, its row groups hold ${groupRows}`);
  if (rows > BigInt(Number.MAX_SAFE_INTEGER)) throw notOurs(`its footer says ${rows} rows`);
  return Number(rows);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw notOurs("it ended while its footer was read");
    done += bytesRead;
  }
  return buffer;
}

/** FileMetaData.num_rows (field 3) and the sum of RowGroup.num_rows (field 3 of each entry of field 4). */
function footerRows(bytes: Buffer): { rows: bigint; groupRows: bigint } {
  const reader = new CompactReader(bytes);
  let rows: bigint | undefined;
  let groupRows = 0n;
  reader.struct(0, (field, type) => {
    if (field === 3 && type === I64) return void (rows = reader.i64());
    if (field !== 4 || type !== LIST) return false;
    const { size, element } = reader.listHeader();
    if (element !== STRUCT) throw notOurs("its row groups are not structs");
    for (let i = 0; i < size; i++) {
      reader.struct(1, (groupField, groupType) => {
        if (groupField !== 3 || groupType !== I64) return false;
        const count = reader.i64();
        if (count < 0n) throw notOurs("a row group with a negative row count");
        groupRows += count;
      });
    }
  });
  if (rows === undefined) throw notOurs("its footer has no row count");
  return { rows, groupRows };
}

const [BOOL_TRUE, BOOL_FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/**
 * A reader of the compact protocol that skips what it is not asked for. `struct` calls `field` for each field;
 * a field it does not read (it returns false) is skipped. Every value takes at least one byte, so a list longer
 * than the bytes left is refused before it is walked.
 */
class CompactReader {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}

  struct(depth: number, field: (id: number, type: number) => boolean | void): void {
    if (depth > maxDepth) throw notOurs("its footer nests deeper than a Parquet footer does");
    let id = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === 0) return;
      const delta = header >> 4;
      id = delta === 0 ? this.zigzag(this.varint()) : id + delta;
      if (field(id, type) === false) this.skip(type, depth + 1);
    }
  }

  listHeader(): { size: number; element: number } {
    const header = this.byte();
    const short = header >> 4;
    const size = short === 15 ? this.varint() : short;
    if (size > this.bytes.length - this.at) throw notOurs(`a list of ${size} entries in ${this.bytes.length - this.at} bytes`);
    return { size, element: header & 0x0f };
  }

  i64(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.byte();
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return (value >> 1n) ^ -(value & 1n);
    }
    throw notOurs("a malformed integer in its footer");
  }

  private skip(type: number, depth: number): void {
    if (type === BOOL_TRUE || type === BOOL_FALSE) return;
    if (type === BYTE) return void this.byte();
    if (type === I16 || type === I32) return void this.varint();
    if (type === I64) return void this.i64();
    if (type === DOUBLE) return this.advance(8);
    if (type === BINARY) return this.advance(this.varint());
    if (type === STRUCT) return this.struct(depth, () => false);
    if (type === LIST || type === SET) {
      if (depth > maxDepth) throw notOurs("its footer nests deeper than a Parquet footer does");
      const { size, element } = this.listHeader();
      // In a list, a boolean is a byte of its own.
      for (let i = 0; i < size; i++) this.skip(element === BOOL_TRUE || element === BOOL_FALSE ? BYTE : element, depth + 1);
      return;
    }
    throw notOurs(type === MAP ? "a map in its footer" : `an unknown type ${type} in its footer`);
  }

  private byte(): number {
    if (this.at >= this.bytes.length) throw notOurs("its footer ends in the middle of a value");
    return this.bytes[this.at++]!;
  }

  /** An unsigned varint of at most 32 bits. */
  private varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffffffff) break;
        return value;
      }
    }
    throw notOurs("a malformed length in its footer");
  }

  private zigzag(value: number): number {
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  private advance(length: number): void {
    if (length > this.bytes.length - this.at) throw notOurs("a value longer than its footer");
    this.at += length;
  }
}
