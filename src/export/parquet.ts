/**
 * Parquet through hyparquet-writer (pure JavaScript; see the README for why this library). Profiles are gathered
 * column by column into a row group of `rowGroupSize` profiles (a page may take it a little over), which is
 * encoded and handed out as bytes as soon as it is full, so memory holds one row group at most. The footer that
 * lists the row groups is written by `end()`. The encoder is settled (a checkpoint may be taken) only between row
 * groups; its state then carries the row groups' footer entries, so a resumed export writes the same footer, and
 * the same bytes, as an uninterrupted one. Page indexes are not written: they would have to be carried as well.
 */
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { RowGroup } from "hyparquet";
import { sdkVersion } from "../version.js";
import { csvColumns } from "./csv.js";
import type { Encoder, EncoderState, ParquetCodecName } from "./format.js";
import { profilesOf } from "./page-profiles.js";
import { writerCodec } from "./parquet-codec.js";
import { ColumnBuffer, parquetSchema, parquetTypes, type PendingType } from "./parquet-columns.js";
import { writeRowGroup } from "./parquet-row-group.js";
import { boundStatistics } from "./parquet-statistics.js";
import { restoreRowGroups, saveRowGroup, type ParquetColumnType } from "./parquet-state.js";

/** Profiles per row group by default: large enough for readers to scan well, small enough to keep memory flat. */
export const defaultRowGroupSize = 10_000;

export interface ParquetOptions {
  /** Profiles per row group (`--row-group-size`). */
  rowGroupSize?: number;
  /** The pages' codec (`--parquet-codec`). */
  codec?: ParquetCodecName;
}

export function parquetEncoder(initial: EncoderState = { count: 0, columns: null }, { rowGroupSize = defaultRowGroupSize, codec = "snappy" }: ParquetOptions = {}): Encoder {
  let { count, columns } = initial;
  let types: PendingType[] | null = initial.parquet?.types ?? null;
  if (columns !== null && (types === null || types.length !== columns.length)) {
    throw new Error("the checkpoint has Parquet columns without their types; run the same command without --resume to start over");
  }
  const saved = [...(initial.parquet?.rowGroups ?? [])];
  let offset = initial.parquet?.offset ?? 0;
  let buffer: ColumnBuffer | undefined;
  let open: { writer: ByteWriter; parquet: ParquetWriter } | undefined;

  /** The writer, made when the first row group is written (or at the end), once every column's type is fixed. */
  const start = (fixed: NonNullable<typeof columns>, fixedTypes: ParquetColumnType[]) => {
    const writer = new ByteWriter();
    const parquet = new ParquetWriter({ writer, schema: parquetSchema(fixed, fixedTypes), ...writerCodec(codec), createdBy: `amperity-profiles ${sdkVersion}` });
    if (initial.parquet) {
      // The part file already holds the magic number and the saved row groups: continue after them.
      writer.index = 0;
      writer.offset = offset;
    }
    return (open = { writer, parquet });
  };

  /** The bytes the writer holds, handed out; the writer's buffer is reused. */
  const take = (writer: ByteWriter): Uint8Array => {
    const bytes = writer.getBytes().slice();
    writer.index = 0;
    offset += bytes.length;
    return bytes;
  };

  const writeGroup = (gathered: ColumnBuffer): Uint8Array => {
    const { writer, parquet } = open ?? start(columns!, (types = gathered.fixTypes()));
    // The writer keeps no row group: each one's footer entry is saved (the checkpoint carries it) and the footer
    // is made from the saved entries, in an uninterrupted export as in a resumed one. The entry's statistics are
    // views of the column buffers, which the next row group reuses: saving copies them first.
    saved.push(saveRowGroup(boundStatistics(writeRowGroup(parquet, columns!, gathered), types as ParquetColumnType[])));
    gathered.clear();
    return take(writer);
  };

  return {
    page(page) {
      if (page.count === 0) return "";
      if (columns === null || types === null) {
        columns = csvColumns(profilesOf(page));
        types = parquetTypes(profilesOf(page), columns);
      }
      buffer ??= new ColumnBuffer(columns, types);
      buffer.append(page);
      count += page.count;
      return buffer.rows >= rowGroupSize ? writeGroup(buffer) : "";
    },
    end() {
      if (columns === null || types === null) {
        // An empty export: the file still has the id and index_id columns, and no row group.
        columns = csvColumns([]);
        types = columns.map(() => "string");
      }
      buffer ??= new ColumnBuffer(columns, types);
      const last = buffer.rows > 0 ? writeGroup(buffer) : new Uint8Array(0);
      const { writer, parquet } = open ?? start(columns, (types = buffer.fixTypes()));
      parquet.row_groups = restoreRowGroups(saved, parquetSchema(columns, types as ParquetColumnType[]).slice(1));
      parquet.num_rows = parquet.row_groups.reduce((rows, group) => rows + group.num_rows, 0n);
      void parquet.finish();
      return Buffer.concat([last, take(writer)]);
    },
    // A checkpoint is taken only when settled, so after the first row group has fixed the types.
    state: () => ({ count, columns, ...(types !== null && { parquet: { types: types.map((type) => type ?? "string"), offset, rowGroups: saved } }) }),
    settled: () => (buffer?.rows ?? 0) === 0,
  };
}
