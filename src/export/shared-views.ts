/**
 * Views of a column's bytes where a repeated value gets the view made for its first occurrence. A view costs about
 * 100 bytes of heap and lives while hyparquet-writer encodes the column, long enough to be promoted; a column with
 * few distinct values (a state, a tier, a first name) then needs a few hundred views rather than 10,000. The writer
 * compares byte arrays by content (its dictionary hashes them, its statistics compare bytes), so sharing a view
 * changes nothing in the file. The table is bounded: past `slots / 2` distinct values (an id, an email), every
 * further value gets its own view and the lookup stops.
 */
import { byteHash } from "./byte-hash.js";

const slots = 4096;

export class SharedViews {
  // Per slot: 1 + the index in `made` of a view with that hash, or 0.
  private readonly table = new Int32Array(slots);
  private readonly made: Uint8Array[] = [];

  constructor(private readonly bytes: Uint8Array) {}

  /** A view of `bytes[start, end)`, the same one for the same bytes while the table has room. */
  view(start: number, end: number): Uint8Array {
    const { bytes, table, made } = this;
    if (made.length >= slots / 2) return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
    let slot = byteHash(bytes, start, end) & (slots - 1);
    for (; table[slot] !== 0; slot = (slot + 1) & (slots - 1)) {
      const other = made[table[slot]! - 1]!;
      if (other.length === end - start && this.same(other, start)) return other;
    }
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
    made.push(view);
    table[slot] = made.length;
    return view;
  }

  private same(other: Uint8Array, start: number): boolean {
    const { bytes } = this;
    const at = other.byteOffset - bytes.byteOffset;
    for (let k = 0; k < other.length; k++) if (bytes[at + k] !== bytes[start + k]) return false;
    return true;
  }
}
