/**
 * Requests derived from an operation's parameters: valid ones from each optional parameter's examples, default and
 * enum, and invalid ones for every constraint the spec documents (a minimum, an integer or boolean type, a minimum
 * length, an enum, a pattern, a pattern on filter keys), plus each required header left out and broken auth.
 */
import { encodePart, type RequestSpec } from "./raw-request.js";
import type { ParameterSchema, SpecOperation, SpecParameter } from "./spec-operations.js";

export interface Variant {
  /** What the request is, for the report: `limit=0`, `no amperity-tenant header`. */
  label: string;
  request: RequestSpec;
  /** The one status the spec declares for this refusal, when it declares one (else any documented 4xx). */
  expect?: 401;
}

/** The operation's path with each `{name}` replaced by the percent-encoded value; undefined if one is missing. */
export function fillPath(op: SpecOperation, values: Record<string, string>): string | undefined {
  let missing = false;
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) missing = true;
    return encodePart(value ?? "");
  });
  return missing ? undefined : path;
}

// A query or header value is text or absent: a schema's "null" (a request `next_token`, DOC-34) is never sent.
const types = (schema: ParameterSchema): string[] =>
  (schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => t !== "null");

/** Valid values of a scalar parameter, from what the spec states about it (examples first). */
export function validValues(schema: ParameterSchema): string[] {
  const values = new Set<string>();
  // A free-form string's example names someone else's data (a cursor, an id): only typed values are sent as given.
  const typed = schema.enum !== undefined || !types(schema).every((t) => t === "string");
  if (typed) for (const example of schema.examples ?? []) if (typeof example !== "object") values.add(String(example));
  if (schema.default !== undefined && typeof schema.default !== "object") values.add(String(schema.default));
  if (schema.enum?.[0] !== undefined) values.add(String(schema.enum[0]));
  if (types(schema).includes("boolean")) ["true", "false"].forEach((v) => values.add(v));
  return [...values];
}

/** Values that break one documented constraint each, with the constraint's name. */
export function invalidValues(schema: ParameterSchema): Array<{ value: string; breaks: string }> {
  const out: Array<{ value: string; breaks: string }> = [];
  const t = types(schema);
  if (t.includes("integer") || t.includes("number")) {
    if (typeof schema.minimum === "number") {
      out.push({ value: String(schema.minimum - 1), breaks: "minimum" });
      if (schema.minimum - 1 !== -1 && schema.minimum > -1) out.push({ value: "-1", breaks: "minimum" });
    }
    if (t.includes("integer")) out.push({ value: "1.5", breaks: "type integer" });
    out.push({ value: "abc", breaks: `type ${t.includes("integer") ? "integer" : "number"}` });
  }
  if (t.includes("boolean")) out.push({ value: "maybe", breaks: "type boolean" });
  if (t.includes("string")) {
    if (typeof schema.minLength === "number" && schema.minLength > 0) out.push({ value: "", breaks: "minLength" });
    if (schema.enum && schema.enum.length > 0) {
      const looksLikeDate = schema.enum.every((v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v));
      out.push({ value: looksLikeDate ? "1999-12-31" : "verify-not-listed", breaks: "enum" });
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test("-verify-")) {
      out.push({ value: "-verify-", breaks: "pattern" });
    }
  }
  return out;
}

const malformedKey = "bad-key!";
const unknownKey = "verify_no_such_field";

function deepObjectInvalid(p: SpecParameter): Variant[] {
  const out: Variant[] = [];
  const keyPattern = p.schema.propertyNames?.pattern;
  if (keyPattern !== undefined && !new RegExp(keyPattern, "u").test(malformedKey)) {
    out.push({ label: `${p.name}[${malformedKey}]=x (malformed key)`, request: { path: "", query: [[`${p.name}[${malformedKey}]`, "x"]] } });
  }
  // Any key matching the pattern is valid for the schema; the API refuses fields the index does not filter on.
  out.push({ label: `${p.name}[${unknownKey}]=x (unknown key)`, request: { path: "", query: [[`${p.name}[${unknownKey}]`, "x"]] } });
  return out;
}

/** One valid request per optional query parameter value (cursors and filters need data: the cursor checks send those). */
export function positiveVariants(op: SpecOperation, path: string): Variant[] {
  const variants: Variant[] = [{ label: "required parameters only", request: { path } }];
  for (const p of op.parameters) {
    if (p.in !== "query" || p.style === "deepObject") continue;
    for (const value of validValues(p.schema)) {
      variants.push({ label: `${p.name}=${value}`, request: { path, query: [[p.name, value]] } });
    }
  }
  return variants;
}

/** One request per broken constraint of a query or header parameter. */
export function negativeVariants(op: SpecOperation, path: string): Variant[] {
  const variants: Variant[] = [];
  for (const p of op.parameters) {
    if (p.in === "query" && p.style === "deepObject") {
      variants.push(...deepObjectInvalid(p).map((v) => ({ ...v, request: { ...v.request, path } })));
      continue;
    }
    for (const { value, breaks } of invalidValues(p.schema)) {
      const shown = value === "" ? '""' : value;
      if (p.in === "query") variants.push({ label: `${p.name}=${shown} (breaks ${breaks})`, request: { path, query: [[p.name, value]] } });
      if (p.in === "header") {
        variants.push({ label: `${p.name}: ${shown} (breaks ${breaks})`, request: { path, headers: { [p.name]: value } } });
      }
    }
  }
  return variants;
}

/**
 * One request per required header left out: required header parameters and the headers security requires. A header
 * a security requirement names is a credential: without it the request is unauthenticated, and the status the spec
 * declares for that is 401 (DOC-31, DOC-32), so 401 is expected when the operation declares it, not any 4xx.
 */
export function missingHeaderVariants(op: SpecOperation, path: string): Variant[] {
  const required = op.parameters.filter((p) => p.in === "header" && p.required).map((p) => p.name);
  const security = new Set(op.securityHeaders);
  const declares401 = op.responses["401"] !== undefined;
  return [...new Set([...required, ...op.securityHeaders])].map((name) => ({
    label: `no ${name} header`,
    request: { path, headers: { [name]: null } },
    ...(security.has(name) && declares401 && { expect: 401 as const }),
  }));
}

/** Requests whose credentials must be refused with 401. */
export function authVariants(path: string): Variant[] {
  return [
    { label: "no Authorization header", request: { path, headers: { authorization: null } } },
    { label: "a malformed token (Bearer with no value)", request: { path, headers: { authorization: "Bearer" } } },
    { label: "a token that is not a bearer token (Basic)", request: { path, headers: { authorization: "Basic dmVyaWZ5OnZlcmlmeQ==" } } },
    { label: "an unknown bearer token", request: { path, headers: { authorization: "Bearer verify.not-a-real.token" } } },
  ];
}
