// Form-body checks derived from the spec: every operation whose requestBody is application/x-www-form-urlencoded
// gets its schema compiled once (Ajv 2020); a body's fields are gathered from the form and validated.
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import type { CheckResult } from "./request-checks.js";
import { spec as bundledSpec, type Spec, type SpecSchema } from "./spec.js";

const formType = "application/x-www-form-urlencoded";

export function compileBodyChecks(source: Spec = bundledSpec) {
  // Form fields are text; the only format in these schemas is `password`, an annotation for tools that hide it.
  const ajv = new Ajv2020({ allErrors: false, validateFormats: false });
  const checks = new Map<string, ReturnType<typeof ajv.compile>>();
  for (const item of Object.values(source.paths)) {
    for (const op of Object.values(item)) {
      const ref = op.requestBody?.content?.[formType]?.schema;
      if (!ref) continue;
      checks.set(op.operationId, ajv.compile(resolve(source, ref)));
    }
  }

  return function check(operationId: string, form: URLSearchParams): CheckResult {
    const validate = checks.get(operationId);
    if (!validate) throw new Error(`No form body for operation ${operationId} in the spec`);
    const values: Record<string, string> = {};
    for (const [key, value] of form) {
      if (key in values) return { ok: false, message: `Invalid form field ${key}: it must not be repeated` };
      values[key] = value;
    }
    if (validate(values)) return { ok: true, values };
    return { ok: false, message: explain(validate.errors![0]!) };
  };
}

export type BodyCheck = ReturnType<typeof compileBodyChecks>;

function resolve(source: Spec, schema: SpecSchema): SpecSchema {
  if (!schema.$ref) return schema;
  const target = source.components.schemas[schema.$ref.replace("#/components/schemas/", "")];
  if (!target) throw new Error(`The spec refers to an unknown schema ${schema.$ref}`);
  return target;
}

/** One sentence naming the field; a value is never echoed (the form carries a secret). */
function explain(error: ErrorObject): string {
  if (error.keyword === "required") return `Missing required form field ${String(error.params["missingProperty"])}`;
  if (error.keyword === "additionalProperties") return `Unknown form field ${String(error.params["additionalProperty"])}`;
  const name = error.instancePath.slice(1);
  if (error.keyword === "enum") {
    return `Invalid form field ${name}: must be one of ${(error.params["allowedValues"] as unknown[]).join(", ")}`;
  }
  return `Invalid form field ${name}: ${error.message ?? "is invalid"}`;
}
