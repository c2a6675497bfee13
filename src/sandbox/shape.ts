/**
 * An index's attribute shape, as a shape file (JSON) or code gives it: the attributes in order, each with a kind of
 * value and how often it is null, absent or (strings) empty. Checked here, once, with messages that name the shape
 * and the attribute; the generator (shaped-profiles.ts) then trusts it.
 */
import { filterNamePattern } from "../../generated/constraints.js";
import { spec } from "./spec.js";

/** Kinds whose values are strings drawn from the sandbox's vocabularies (names.ts) or made from the position. */
export const stringKinds = [
  "given_name", "surname", "email", "phone", "street_address", "city", "state", "postal_code", "date", "timestamp", "id", "enum",
] as const;
export const attributeKinds = [...stringKinds, "integer", "decimal", "boolean"] as const;
export type AttributeKind = (typeof attributeKinds)[number];

export interface AttributeShape {
  name: string;
  kind: AttributeKind;
  /** `enum`: the values to draw from (any strings). */
  values?: string[];
  /** `integer`, `decimal`: the range, inclusive. Defaults 0 and 1000. */
  min?: number;
  max?: number;
  /** `decimal`: digits after the point, 0 to 6. Default 2. */
  scale?: number;
  /** `id`: the text before the position's 7 digits (unique in the index). Default "". */
  prefix?: string;
  /** `boolean`: the fraction of true values. Default 0.5. */
  trueRate?: number;
  /** Fractions (0..1) of profiles where the value is null, where the key is absent, where a string is "". */
  null?: number;
  absent?: number;
  empty?: number;
  /** A filter field: `filter[<name>]=<value>` matches it exactly. String kinds only. */
  filter?: boolean;
}

export interface ProfileShapeSpec {
  name: string;
  attributes: AttributeShape[];
}

/** The spec's `ProfileAttributes.maxProperties`: at most 30 fields per index, the documented maximum. */
export const maxAttributes = (spec.components.schemas["ProfileAttributes"]?.["maxProperties"] as number | undefined) ?? 30;

const filterName = new RegExp(filterNamePattern);
const keys = new Set(["name", "kind", "values", "min", "max", "scale", "prefix", "trueRate", "null", "absent", "empty", "filter"]);

/** Refuses anything the sandbox could not serve as the spec describes it, naming the shape, the attribute and the fix. */
export function checkShape(value: unknown, where: string): ProfileShapeSpec {
  const fail = (why: string): never => {
    throw new RangeError(`${where}: ${why}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail("a shape is an object {name, attributes: [...]}");
  const { name, attributes, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) fail(`unknown key ${JSON.stringify(Object.keys(rest)[0])} (a shape has name and attributes)`);
  if (typeof name !== "string" || name === "") fail("the shape needs a non-empty name");
  const shape = `shape ${JSON.stringify(name)}`;
  if (!Array.isArray(attributes) || attributes.length === 0) fail(`${shape} needs a non-empty attributes array`);
  const list = attributes as unknown[];
  if (list.length > maxAttributes) {
    fail(`${shape} has ${list.length} attributes; the Profile API allows at most ${maxAttributes} per index (ProfileAttributes.maxProperties)`);
  }
  const seen = new Set<string>();
  return { name: name as string, attributes: list.map((item, i) => checkAttribute(item, `${shape}, attribute ${i + 1}`, seen, fail)) };
}

function checkAttribute(item: unknown, at: string, seen: Set<string>, fail: (why: string) => never): AttributeShape {
  if (typeof item !== "object" || item === null || Array.isArray(item)) fail(`${at} is not an object {name, kind, ...}`);
  const a = item as Record<string, unknown>;
  const unknown = Object.keys(a).find((key) => !keys.has(key));
  if (unknown !== undefined) fail(`${at} has unknown key ${JSON.stringify(unknown)} (known: ${[...keys].join(", ")})`);
  // Printable names only: a control character in a key helps no test and breaks terminals; non-ASCII is welcome.
  if (typeof a["name"] !== "string" || a["name"] === "" || a["name"].length > 128 || /[\u0000-\u001f\u007f]/.test(a["name"])) {
    fail(`${at} needs a name of 1 to 128 characters without control characters`);
  }
  const name = a["name"] as string;
  const here = `${at} (${JSON.stringify(name)})`;
  if (seen.has(name)) fail(`${here} repeats a name; each attribute is named once`);
  seen.add(name);
  const kind = a["kind"] as AttributeKind;
  if (!(attributeKinds as readonly unknown[]).includes(kind)) fail(`${here} has kind ${JSON.stringify(kind)}; use one of ${attributeKinds.join(", ")}`);
  const isString = (stringKinds as readonly string[]).includes(kind);
  for (const rate of ["null", "absent", "empty", "trueRate"] as const) {
    const r = a[rate];
    if (r !== undefined && (typeof r !== "number" || !(r >= 0 && r <= 1))) fail(`${here}: ${rate} must be a fraction from 0 to 1`);
  }
  if (((a["null"] as number) ?? 0) + ((a["absent"] as number) ?? 0) + ((a["empty"] as number) ?? 0) > 1) {
    fail(`${here}: null, absent and empty add up to more than 1`);
  }
  if (a["empty"] !== undefined && !isString) fail(`${here}: empty applies to string kinds only`);
  if (a["trueRate"] !== undefined && kind !== "boolean") fail(`${here}: trueRate applies to kind boolean only`);
  if (a["filter"] !== undefined && typeof a["filter"] !== "boolean") fail(`${here}: filter must be true or false`);
  if (a["filter"] === true && (!isString || !filterName.test(name))) {
    fail(`${here}: a filter field holds strings and has a name matching ${filterNamePattern}`);
  }
  if (kind === "enum") {
    const values = a["values"];
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === "string")) fail(`${here}: kind enum needs values, a non-empty array of strings`);
  } else if (a["values"] !== undefined) fail(`${here}: values applies to kind enum only`);
  if (a["prefix"] !== undefined && (kind !== "id" || typeof a["prefix"] !== "string")) fail(`${here}: prefix is a string, for kind id only`);
  if (kind === "integer" || kind === "decimal") checkRange(a, here, kind, fail);
  else if (a["min"] !== undefined || a["max"] !== undefined || a["scale"] !== undefined) fail(`${here}: min, max and scale apply to integer and decimal only`);
  return a as unknown as AttributeShape;
}

function checkRange(a: Record<string, unknown>, here: string, kind: string, fail: (why: string) => never): void {
  const { min = 0, max = 1000, scale = 2 } = a as { min?: number; max?: number; scale?: number };
  // Integers and decimals are drawn as whole units of 10^-scale: they must stay exact in a double.
  const bound = Number.MAX_SAFE_INTEGER / 10 ** (kind === "decimal" ? scale : 0) / 2;
  for (const [key, v] of [["min", min], ["max", max]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v) || Math.abs(v) > bound || (kind === "integer" && !Number.isInteger(v))) {
      fail(`${here}: ${key} must be ${kind === "integer" ? "an integer" : "a number"} of magnitude at most ${Math.floor(bound)}`);
    }
  }
  if (min > max) fail(`${here}: min (${min}) is above max (${max})`);
  if (a["scale"] !== undefined && (kind !== "decimal" || !Number.isInteger(scale) || scale < 0 || scale > 6)) {
    fail(`${here}: scale is an integer from 0 to 6, for kind decimal only`);
  }
}
