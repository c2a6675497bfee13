/**
 * CSV: `id`, `index_id`, one column per attribute (the `attributes` object flattened), then any other top-level
 * field. The header is fixed by the first page; a later field that is not in it stops the export with an error
 * naming it, rather than being dropped (DOC-11: the seed's sample takes its header from one item and writes
 * `attributes` as a single column).
 */
import { csvLine } from "./csv-cell.js";
import type { CsvColumn } from "./csv-column.js";
import type { Encoder, EncoderState, ExportProfile } from "./format.js";

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

/** The columns for an export whose first page is `page` (at least one profile). */
export function csvColumns(page: readonly ExportProfile[]): CsvColumn[] {
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

/** The rows for `profiles`, one line each; throws CsvColumnError when a profile has a field not in `columns`. */
export function csvRows(profiles: readonly ExportProfile[], columns: readonly CsvColumn[]): string {
  const fields = new Set(["attributes"]);
  const attributeKeys = new Set<string>();
  for (const column of columns) (column.from === "profile" ? fields : attributeKeys).add(column.key);
  let text = "";
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
    text += csvLine(values);
  }
  return text;
}

function unknownColumn(profile: ExportProfile, kind: string, key: string): CsvColumnError {
  return new CsvColumnError(
    `profile ${JSON.stringify(profile["id"])} has ${kind} "${key}" that is not in the CSV header ` +
      `(the header comes from the first page); export with --format ndjson or json to keep every field`,
  );
}

/** The CSV encoder: the header goes out with the first profile; an empty export is a header-only file. */
export function csvEncoder(initial: EncoderState = { count: 0, columns: null }): Encoder<string> {
  let { count, columns } = initial;
  return {
    page(profiles) {
      if (profiles.length === 0) return "";
      let text = "";
      if (columns === null) {
        columns = csvColumns(profiles);
        text = csvHeader(columns);
      }
      text += csvRows(profiles, columns);
      count += profiles.length;
      return text;
    },
    end: () => (columns === null ? csvHeader(fixed) : ""),
    state: () => ({ count, columns }),
  };
}
