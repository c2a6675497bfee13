/**
 * The response checks applied to every exchange: status, media type, headers and body against what the bundled
 * spec documents for the operation. Each returns the first violation as a sentence, or undefined.
 */
import * as validators from "../../generated/validators.js";
import type { Validator } from "../../generated/validators.js";
import type { CheckLog } from "./checks.js";
import type { Exchange } from "./raw-request.js";
import { documentedResponse, type ParameterSchema, type SpecOperation } from "./spec-operations.js";

const bodyValidators = validators as unknown as Record<string, Validator | undefined>;

export function statusViolation(op: SpecOperation, exchange: Exchange): string | undefined {
  if (exchange.status >= 300 && exchange.status < 400) {
    return `HTTP ${exchange.status} redirect to ${JSON.stringify(exchange.headers["location"] ?? "")}; verify follows no redirect`;
  }
  if (documentedResponse(op, exchange.status)) return undefined;
  return `HTTP ${exchange.status} is not documented for ${op.operationId} (documented: ${Object.keys(op.responses).join(", ")})`;
}

const mediaType = (value: string | undefined): string => (value ?? "").split(";")[0]!.trim().toLowerCase();

export function contentTypeViolation(op: SpecOperation, exchange: Exchange): string | undefined {
  const documented = documentedResponse(op, exchange.status);
  if (!documented || documented.mediaTypes.length === 0) return undefined;
  const got = mediaType(exchange.headers["content-type"]);
  if (documented.mediaTypes.some((m) => m.toLowerCase() === got)) return undefined;
  return `Content-Type ${JSON.stringify(exchange.headers["content-type"] ?? "(none)")} is not ${documented.mediaTypes.join(" or ")}`;
}

function headerValueViolation(name: string, value: string, schema: ParameterSchema): string | undefined {
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
    return `header ${name}: ${JSON.stringify(value)} does not match ${schema.pattern}`;
  }
  if (schema.enum && !schema.enum.includes(value)) return `header ${name}: ${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`;
  if (schema.type === "integer" && !/^-?\d+$/.test(value)) return `header ${name}: ${JSON.stringify(value)} is not an integer`;
  return undefined;
}

export function headersViolation(op: SpecOperation, exchange: Exchange): string | undefined {
  const documented = documentedResponse(op, exchange.status);
  if (!documented) return undefined;
  for (const [name, schema] of Object.entries(documented.headers)) {
    const value = exchange.headers[name];
    if (value === undefined) {
      if (schema.required) return `required header ${name} is missing`;
      continue;
    }
    const violation = headerValueViolation(name, value, schema);
    if (violation) return violation;
  }
  return undefined;
}

/** Whether the schema check has a validator for this response (the bundled validators cover the GET bodies). */
export function schemaApplies(op: SpecOperation, exchange: Exchange): boolean {
  const documented = documentedResponse(op, exchange.status);
  if (!documented || !documented.mediaTypes.some((m) => m.includes("json"))) return false;
  return exchange.status < 300 ? bodyValidators[op.operationId] !== undefined : true;
}

export function schemaViolation(op: SpecOperation, exchange: Exchange): string | undefined {
  if (exchange.json === undefined) return `the body is not JSON: ${JSON.stringify(exchange.body.slice(0, 80))}`;
  const validate = exchange.status < 300 ? bodyValidators[op.operationId] : bodyValidators["errorBody"];
  if (!validate || validate(exchange.json)) return undefined;
  const first = validate.errors?.[0];
  return `body${first?.instancePath || ""} ${first?.message ?? "does not match the schema"}`;
}

/** Applies the four response checks to one exchange. */
export function judgeResponse(log: CheckLog, op: SpecOperation, exchange: Exchange): void {
  log.judge("status_code_conformance", exchange, statusViolation(op, exchange));
  if (!documentedResponse(op, exchange.status)) return;
  log.judge("content_type_conformance", exchange, contentTypeViolation(op, exchange));
  log.judge("response_headers_conformance", exchange, headersViolation(op, exchange));
  if (schemaApplies(op, exchange)) log.judge("response_schema_conformance", exchange, schemaViolation(op, exchange));
}
