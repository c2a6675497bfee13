import type { Value } from "./attribute-kinds.js";
import type { JsonWriter } from "./json-writer.js";

/** What a profile is derived from: its index's id and key (indexes.ts). */
export interface ShapedIndex {
  readonly id: string;
  readonly key: number;
}

/** The profiles of an index: their attributes, filter fields, and two renderings of one profile. */
export interface ProfileShape {
  readonly name: string;
  /** The attribute names, in the order a profile lists them. */
  readonly attributes: readonly string[];
  /** The attributes `filter[<field>]=<value>` accepts. */
  readonly filterFields: readonly string[];
  /** One profile's attribute values in {@link attributes} order: null for null, undefined where the key is absent. */
  values(index: ShapedIndex, position: number): ReadonlyArray<Value | null | undefined>;
  /** Writes one profile, `{id, index_id, attributes}`, as JSON. */
  write(out: JsonWriter, index: ShapedIndex, position: number): void;
}
