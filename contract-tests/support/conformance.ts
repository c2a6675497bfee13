import { Ajv2020 } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { allOperations, at, escapeToken, isObject, resolve, spec, type Operation } from "./spec.js";

/**
 * Checks a raw HTTP response against the bundled spec the way Schemathesis' response checks do, with a
 * JSON-Schema 2020-12 validator compiled here from generated/openapi.json: independent of the client's own
 * validators, so a bug there cannot hide a disagreement between a server and the spec.
 */
export type ResponseCheck =
  | "status_code_conformance"
  | "content_type_conformance"
  | "response_headers_conformance"
  | "response_schema_conformance";

export interface Violation {
  check: ResponseCheck;
  operationId: string;
  message: string;
}

export interface RawResponse {
  method: string;
  /** The path relative to the server's base URL, e.g. `/indexes/idx-1/profiles` (no `/api`, no query). */
  path: string;
  status: number;
  headers: Headers;
  body: string;
}

// ajv-formats is CommonJS whose `module.exports` is the plugin; NodeNext typing sees the namespace instead.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: "openapi.json" });
const compiled = new Map<string, ValidateFunction>();

function validatorAt(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: `openapi.json#${pointer}` });
    compiled.set(pointer, validate);
  }
  return validate;
}

const matchers = allOperations.map((op) => ({
  op,
  regex: new RegExp(`^${op.template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}/]+\}/g, "[^/]+")}$`),
}));

/** The operation a request addresses, by method and path; undefined when the spec has none. */
export function findOperation(method: string, path: string): Operation | undefined {
  return matchers.find(({ op, regex }) => op.method === method.toLowerCase() && regex.test(path))?.op;
}

function responsePointer(op: Operation, status: number): string | undefined {
  const responses = at(`${op.pointer}/responses`);
  if (!isObject(responses)) return undefined;
  const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => k in responses);
  return key === undefined ? undefined : `${op.pointer}/responses/${key}`;
}

const mediaType = (contentType: string | null): string => (contentType ?? "").split(";")[0]!.trim().toLowerCase();

function headerViolations(responseAt: string, headers: Headers): string[] {
  const declared = at(`${responseAt}/headers`);
  if (!isObject(declared)) return [];
  const problems: string[] = [];
  for (const name of Object.keys(declared)) {
    const header = resolve(`${responseAt}/headers/${escapeToken(name)}`);
    if (header === undefined) continue;
    const value = headers.get(name);
    if (value === null) {
      if (header.value.required === true) problems.push(`required header ${name} is missing`);
      continue;
    }
    const schema = resolve(`${header.pointer}/schema`);
    if (schema === undefined) continue;
    // Header values arrive as text; a numeric schema is checked against the number the text spells.
    const numeric = schema.value.type === "integer" || schema.value.type === "number";
    const validate = validatorAt(schema.pointer);
    if (!validate(numeric ? Number(value) : value)) {
      problems.push(`header ${name}: ${JSON.stringify(value)} ${ajv.errorsText(validate.errors)}`);
    }
  }
  return problems;
}

/** All violations of the four response checks for one response; an empty array means it conforms. */
export function checkResponse(res: RawResponse): Violation[] {
  const op = findOperation(res.method, res.path);
  const where = `${res.method} ${res.path} → ${res.status}`;
  if (op === undefined) {
    return [{ check: "status_code_conformance", operationId: "(none)", message: `${where}: not an operation of the spec` }];
  }
  const violation = (check: ResponseCheck, message: string): Violation => ({
    check,
    operationId: op.operationId,
    message: `${where}: ${message}`,
  });
  const responseAt = responsePointer(op, res.status);
  const response = responseAt === undefined ? undefined : resolve(responseAt);
  if (response === undefined) {
    return [violation("status_code_conformance", `status ${res.status} is not declared for ${op.operationId}`)];
  }

  const violations = headerViolations(response.pointer, res.headers).map((m) => violation("response_headers_conformance", m));
  const content = response.value.content;
  if (!isObject(content)) {
    if (res.body.length > 0) violations.push(violation("content_type_conformance", "a body where none is declared"));
    return violations;
  }
  const type = mediaType(res.headers.get("content-type"));
  if (!(type in content)) {
    const declared = Object.keys(content).join(", ");
    violations.push(violation("content_type_conformance", `content-type ${JSON.stringify(type)}, declared: ${declared}`));
    return violations;
  }
  const schema = resolve(`${response.pointer}/content/${escapeToken(type)}/schema`);
  if (schema === undefined) return violations;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    violations.push(violation("response_schema_conformance", `body is not JSON: ${JSON.stringify(res.body.slice(0, 200))}`));
    return violations;
  }
  const validate = validatorAt(schema.pointer);
  if (!validate(body)) {
    violations.push(violation("response_schema_conformance", ajv.errorsText(validate.errors, { dataVar: "body" })));
  }
  return violations;
}
