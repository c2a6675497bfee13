/**
 * The operations of the bundled spec as verify reads them: every method of every path, `$ref`s to components
 * resolved, with the statuses, media types and headers each response documents. Operations that are not GET are
 * listed too (verify reports them as skipped) so that a new POST, such as a token endpoint, never breaks the walk.
 */
import openapi from "../../generated/openapi.json" with { type: "json" };

export interface ParameterSchema {
  type?: string | string[];
  minimum?: number;
  minLength?: number;
  enum?: unknown[];
  pattern?: string;
  default?: unknown;
  examples?: unknown[];
  propertyNames?: { pattern?: string };
  additionalProperties?: unknown;
}

export interface SpecParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  deprecated: boolean;
  style?: string;
  schema: ParameterSchema;
}

export interface ResponseSpec {
  mediaTypes: string[];
  /** Header name (lower case) → its schema. */
  headers: Record<string, ParameterSchema & { required?: boolean }>;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  parameters: SpecParameter[];
  /** Status code (or `default`, `4XX`) → what the spec documents for it. */
  responses: Record<string, ResponseSpec>;
  /** False when the operation (or the document) declares no security requirement. */
  secured: boolean;
  /** The `apiKey` headers every security requirement of the operation names beside its token (DOC-31, DOC-32). */
  securityHeaders: string[];
}

type Json = Record<string, unknown>;
const methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

function resolve(doc: Json, value: unknown, seen = 0): Json {
  const node = (value ?? {}) as Json;
  const ref = node["$ref"];
  if (typeof ref !== "string") return node;
  if (seen > 16 || !ref.startsWith("#/")) throw new Error(`The spec has an unresolvable $ref ${ref}`);
  let target: unknown = doc;
  for (const part of ref.slice(2).split("/")) target = (target as Json | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (target === undefined) throw new Error(`The spec refers to a missing ${ref}`);
  return resolve(doc, target, seen + 1);
}

/** The parameter's schema with one level of `$ref` followed, which is all the spec's parameters use. */
function parameterOf(doc: Json, raw: unknown): SpecParameter {
  const p = resolve(doc, raw);
  const schema = resolve(doc, p["schema"]) as ParameterSchema;
  return {
    name: String(p["name"]),
    in: p["in"] as SpecParameter["in"],
    required: p["required"] === true,
    deprecated: p["deprecated"] === true,
    ...(typeof p["style"] === "string" && { style: p["style"] }),
    schema,
  };
}

function responseOf(doc: Json, raw: unknown): ResponseSpec {
  const r = resolve(doc, raw);
  const headers: ResponseSpec["headers"] = {};
  for (const [name, h] of Object.entries((r["headers"] ?? {}) as Json)) {
    const header = resolve(doc, h);
    headers[name.toLowerCase()] = { ...(resolve(doc, header["schema"]) as ParameterSchema), required: header["required"] === true };
  }
  return { mediaTypes: Object.keys((r["content"] ?? {}) as Json), headers };
}

/** The names of the `apiKey` header schemes that all of `requirements` include: a request must send each. */
function requiredSecurityHeaders(doc: Json, requirements: unknown[]): string[] {
  const schemes = ((doc["components"] as Json | undefined)?.["securitySchemes"] ?? {}) as Record<string, Json>;
  const named = requirements.map((requirement) =>
    Object.keys(requirement as Json).filter((name) => schemes[name]?.["type"] === "apiKey" && schemes[name]["in"] === "header"),
  );
  const common = named.reduce((all, names) => all.filter((name) => names.includes(name)), named[0] ?? []);
  return common.map((name) => String(schemes[name]!["name"]));
}

/** Every operation of `doc` (default: the bundled spec), in document order. */
export function specOperations(doc: Json = openapi as unknown as Json): SpecOperation[] {
  const operations: SpecOperation[] = [];
  const globalSecurity = Array.isArray(doc["security"]) && (doc["security"] as unknown[]).length > 0;
  for (const [path, rawItem] of Object.entries((doc["paths"] ?? {}) as Json)) {
    const item = resolve(doc, rawItem);
    const shared = Array.isArray(item["parameters"]) ? (item["parameters"] as unknown[]) : [];
    for (const method of methods) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const own = Array.isArray(op["parameters"]) ? (op["parameters"] as unknown[]) : [];
      const parameters = [...shared, ...own].map((p) => parameterOf(doc, p));
      const responses: Record<string, ResponseSpec> = {};
      for (const [status, r] of Object.entries((op["responses"] ?? {}) as Json)) responses[status] = responseOf(doc, r);
      const security = op["security"];
      const requirements = (Array.isArray(security) ? security : Array.isArray(doc["security"]) ? doc["security"] : []) as unknown[];
      operations.push({
        operationId: String(op["operationId"] ?? `${method} ${path}`),
        method: method.toUpperCase(),
        path,
        parameters,
        responses,
        secured: Array.isArray(security) ? security.length > 0 : globalSecurity,
        securityHeaders: requiredSecurityHeaders(doc, requirements),
      });
    }
  }
  return operations;
}

/** What the spec documents for `status` on `op`: the exact code, then `4XX`-style ranges, then `default`. */
export function documentedResponse(op: SpecOperation, status: number): ResponseSpec | undefined {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses["default"];
}
