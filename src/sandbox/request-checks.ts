import type { IncomingHttpHeaders } from "node:http";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import { spec as bundledSpec, schemaType, specOperations, type Spec, type SpecParameter } from "./spec.js";

type Location = "path" | "query" | "header";
const describeLocation: Record<Location, string> = { path: "path parameter", query: "query parameter", header: "header" };

export type CheckResult = { ok: true; values: Record<string, unknown> } | { ok: false; message: string };
type Input = { path: Record<string, string>; query: URLSearchParams; header: IncomingHttpHeaders };

/**
 * Request checks derived from the spec, not written a second time: at start-up every operation's path, query and
 * header parameters become one object schema per location, compiled once with Ajv 2020 against the spec's own
 * component schemas. A request's parameters are gathered into such an object (query strings coerced to the
 * declared integer/boolean types, `filter[name]=value` keys folded into the deepObject) and validated. A query
 * key that the operation does not declare is refused, naming it.
 */
export function compileRequestChecks(source: Spec = bundledSpec) {
  const ajv = new Ajv2020({ allErrors: false, allowUnionTypes: true });
  ajvFormats.default(ajv);
  const relocate = <T>(schema: T): T =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"spec#/$defs/')) as T;
  ajv.addSchema({ $id: "spec", $defs: relocate(source.components.schemas) });

  const checks = new Map<string, Map<Location, { parameters: SpecParameter[]; validate: ValidateFunction }>>();
  for (const [operationId, parameters] of specOperations(source)) {
    const byLocation = new Map<Location, { parameters: SpecParameter[]; validate: ValidateFunction }>();
    for (const location of ["path", "query", "header"] as const) {
      const own = parameters.filter((p) => p.in === location);
      const validate = ajv.compile({
        type: "object",
        properties: Object.fromEntries(own.map((p) => [p.name, relocate(p.schema)])),
        required: own.filter((p) => p.required).map((p) => p.name),
      });
      byLocation.set(location, { parameters: own, validate });
    }
    checks.set(operationId, byLocation);
  }

  return function check<L extends Location>(operationId: string, location: L, input: Input[L]): CheckResult {
    const compiled = checks.get(operationId)?.get(location);
    if (!compiled) throw new Error(`No operation ${operationId} in the spec`);
    const gathered = gather(source, location, compiled.parameters, input);
    if (typeof gathered === "string") return { ok: false, message: gathered };
    if (compiled.validate(gathered)) return { ok: true, values: gathered };
    return { ok: false, message: explain(compiled.validate.errors![0]!, location, gathered) };
  };
}

export type RequestCheck = ReturnType<typeof compileRequestChecks>;

/** Builds the object to validate, or returns the message of a parameter that cannot even be gathered. */
function gather(source: Spec, location: Location, parameters: SpecParameter[], input: Input[Location]) {
  if (location === "query") {
    const undeclared = undeclaredKey(parameters, input as URLSearchParams);
    if (undeclared !== undefined) return undeclared;
  }
  const values: Record<string, unknown> = {};
  for (const p of parameters) {
    if (location === "header") {
      const value = (input as IncomingHttpHeaders)[p.name.toLowerCase()];
      if (typeof value === "string") values[p.name] = value;
    } else if (location === "path") {
      values[p.name] = (input as Record<string, string>)[p.name];
    } else if (p.style === "deepObject") {
      const query = input as URLSearchParams;
      if (query.has(p.name)) return `Invalid query parameter ${p.name}: send it as ${p.name}[<field>]=<value>`;
      // No prototype: a field named toString, constructor or __proto__ is just a field.
      const object: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [key, value] of query) {
        const field = deepObjectField(p.name, key);
        if (field === undefined) continue;
        if (field in object) return `Invalid query parameter ${key}: it must not be repeated`;
        object[field] = value;
      }
      if (Object.keys(object).length > 0) values[p.name] = object;
    } else {
      const all = (input as URLSearchParams).getAll(p.name);
      if (all.length > 1) return `Invalid query parameter ${p.name}: it must not be repeated`;
      if (all.length === 1) values[p.name] = coerce(all[0]!, schemaType(source, p.schema));
    }
  }
  return values;
}

/** `field` of a well-formed `name[field]` key (one pair of brackets, none inside), else undefined. */
function deepObjectField(name: string, key: string): string | undefined {
  if (!key.startsWith(`${name}[`) || !key.endsWith("]")) return undefined;
  const field = key.slice(name.length + 1, -1);
  return /[[\]]/.test(field) ? undefined : field;
}

/**
 * The message for the first query key the operation does not declare, or undefined. A key the server does not
 * understand (`LIMIT`, `next-token`, `filter[x` with its bracket unclosed) would otherwise be ignored, and the
 * client would get an unfiltered or default answer with 200 and no hint of its mistake.
 */
function undeclaredKey(parameters: SpecParameter[], query: URLSearchParams): string | undefined {
  const own = parameters.filter((p) => p.in === "query");
  for (const key of new Set(query.keys())) {
    if (own.some((p) => (p.style === "deepObject" ? key === p.name || deepObjectField(p.name, key) !== undefined : key === p.name))) continue;
    const deep = own.find((p) => p.style === "deepObject" && (key.startsWith(`${p.name}[`) || key.startsWith(`${p.name}]`)));
    if (deep) return `Invalid query parameter ${JSON.stringify(key)}: send it as ${deep.name}[<field>]=<value>`;
    const names = own.map((p) => (p.style === "deepObject" ? `${p.name}[<field>]` : p.name));
    const near = own.find((p) => p.name === key.toLowerCase().replaceAll("-", "_"));
    return `Unknown query parameter ${JSON.stringify(key)}: ` +
      (names.length === 0 ? "this operation takes no query parameters" : `this operation takes ${names.join(", ")}`) +
      (near ? ` (did you mean ${near.name}?)` : "");
  }
  return undefined;
}

/** Query strings are text; turn them into the declared type only when they spell it exactly. */
function coerce(text: string, type: string | undefined): unknown {
  if (type === "integer" && /^-?\d+$/.test(text)) return Number(text);
  if (type === "number" && text.trim() !== "" && Number.isFinite(Number(text))) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

/** One sentence naming the parameter, e.g. "Invalid query parameter limit: must be >= 1". */
function explain(error: ErrorObject, location: Location, values: Record<string, unknown>): string {
  const where = describeLocation[location];
  if (error.keyword === "required") return `Missing required ${where} ${String(error.params["missingProperty"])}`;
  const [name = "", ...rest] = error.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.propertyName !== undefined) {
    return `Invalid ${where} ${name}[${error.propertyName}]: the field name ${error.message ?? "is invalid"}`;
  }
  const label = rest.length ? `${name}[${rest.join("][")}]` : name;
  if (error.keyword === "enum") {
    const allowed = (error.params["allowedValues"] as unknown[]).join(", ");
    // A header's value is never repeated back: a client that mixed up its settings may have put its token there.
    const value = location === "header" ? "the value sent" : JSON.stringify(values[name]);
    return `Invalid ${where} ${label}: ${value} is not supported (supported: ${allowed})`;
  }
  return `Invalid ${where} ${label}: ${error.message ?? "is invalid"}`;
}
