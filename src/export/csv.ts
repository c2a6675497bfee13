/**
 * CSV: `id`, `index_id`, one column per attribute (the `attributes` object flattened), then any other top-level
 * field. The header is fixed by the first page; a later field that is not in it stops the export with an error
 * naming it, rather than being dropped (DOC-11: the seed's sample takes its header from one item and writes
 * `attributes` as a single column).
 */
import { ByteBuilder } from "./byte-builder.js";
import { csvBytesWriter } from "./csv-bytes.js";
import { csvLine } from "./csv-cell.js";
import type { CsvColumn } from "./csv-column.js";
import type { Encoder, EncoderState, ExportProfile } from "./format.js";
import { profilesOf } from "./page-profiles.js";

export type { CsvColumn } from "./csv-column.js";

/** A profile does not fit the header taken from the first page. */
export class CsvColumnError extends Error {
  override readonly name = "CsvColumnError";
}

const fixed: readonly CsvColumn[] = [
  { header: "id", from: "profile", key: "id" },
  { header: "index_id", from: "profile", key: "index_id" },
];

/** A profile's `attributes` object (undefined when it has none); anything but an object is an error. */
export function attributesOf(profile: ExportProfile): Readonly<Record<string, unknown>> | undefined {
  const attributes = profile["attributes"];
  if (attributes === undefined || attributes === null) return undefined;
  if (typeof attributes !== "object" || Array.isArray(attributes)) {
    throw new CsvColumnError(`profile ${JSON.stringify(profile["id"])} has "attributes" that is not an object`);
  }
  return attributes as Record<string, unknown>;
}

/** The columns for an export whose first page holds `page` (at least one profile). */
export function csvColumns(page: Iterable<ExportProfile>): CsvColumn[] {
  const fields: string[] = [];
  const attributeKeys: string[] = [];
  const seenFields = new Set(["id", "index_id", "attributes"]);
  const seenAttributes = new Set<string>();
  for (const profile of page) {
    for (const key of Object.keys(profile)) {
      if (!seenFields.has(key)) (seenFields.add(key), fields.push(key));
    }
    for (const key of Object.keys(attributesOf(profile) ?? {})) {
      if (!seenAttributes.has(key)) (seenAttributes.add(key), attributeKeys.push(key));
    }
  }
  const topLevel = new Set(["id", "index_id", ...fields]);
  return [
    ...fixed,
    // An attribute named like a top-level column (say `name`) gets a prefixed header so both survive.
    ...attributeKeys.map((key): CsvColumn => ({
      header: topLevel.has(key) ? `attributes.${key}` : key,
      from: "attributes",
      key,
    })),
    ...fields.map((key): CsvColumn => ({ header: key, from: "profile", key })),
  ];
}

/** The header line for `columns`. */
export function csvHeader(columns: readonly CsvColumn[]): string {
  return csvLine(columns.map((column) => column.header));
}

/**
 * The rows for `profiles`, one line each, appended to `out`; throws CsvColumnError when a profile has a field not
 * in `columns`.
 */
export function csvRows(profiles: Iterable<ExportProfile>, columns: readonly CsvColumn[], out = new ByteBuilder()): ByteBuilder {
  const fields = new Set(["attributes"]);
  const attributeKeys = new Set<string>();
  for (const column of columns) (column.from === "profile" ? fields : attributeKeys).add(column.key);
  const values: unknown[] = new Array(columns.length);
  for (const profile of profiles) {
    for (const key in profile) {
      if (!fields.has(key)) throw unknownColumn(profile, "field", key);
    }
    const attributes = attributesOf(profile);
    for (const key in attributes) {
      if (!attributeKeys.has(key)) throw unknownColumn(profile, "attribute", key);
    }
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      values[i] = (column.from === "profile" ? profile : attributes)?.[column.key];
    }
    out.append(csvLine(values));
  }
  return out;
}

function unknownColumn(profile: ExportProfile, kind: string, key: string): CsvColumnError {
  return new CsvColumnError(
    `profile ${JSON.stringify(profile["id"])} has ${kind} "${key}" that is not in the CSV header ` +
      `(the header comes from the first page); export with --format ndjson or json to keep every field`,
  );
}

/**
 * The CSV encoder: the header goes out with the first profile; an empty export is a header-only file. Rows come
 * from the page's bytes (csv-bytes.ts), or from its parsed profiles for a page that needs them.
 */
export function csvEncoder(initial: EncoderState = { count: 0, columns: null }): Encoder {
  let { count, columns } = initial;
  let writer = columns && csvBytesWriter(columns);
  return {
    page(page) {
      if (page.count === 0) return "";
      // Sized for the usual page: CSV is shorter than the JSON it comes from.
      const out = new ByteBuilder(page.body.length);
      if (columns === null) {
        columns = csvColumns(profilesOf(page));
        out.append(csvHeader(columns));
      }
      writer ??= csvBytesWriter(columns);
      const mark = out.size;
      if (!writer.rows(page, out)) {
        out.truncate(mark);
        csvRows(profilesOf(page), columns, out);
      }
      count += page.count;
      return out.bytes();
    },
    end: () => (columns === null ? csvHeader(fixed) : ""),
    state: () => ({ count, columns }),
  };
}
