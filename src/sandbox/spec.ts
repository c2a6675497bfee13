import openapi from "../../generated/openapi.json" with { type: "json" };

/** The parts of the bundled OpenAPI document the sandbox reads. */
export interface SpecParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  style?: string;
  schema: SpecSchema;
}
export interface SpecSchema {
  $ref?: string;
  type?: string | string[];
  [keyword: string]: unknown;
}
/** One security requirement: the schemes it names, all of which a request must satisfy. */
type SecurityRequirement = Record<string, string[]>;
interface SecurityScheme {
  type: string;
  in?: string;
  name?: string;
}
interface SpecOperation {
  operationId: string;
  security?: SecurityRequirement[];
  parameters?: (SpecParameter | { $ref: string })[];
  requestBody?: { content?: Record<string, { schema?: SpecSchema }> };
}
export interface Spec {
  security?: SecurityRequirement[];
  paths: Record<string, Record<string, SpecOperation>>;
  components: {
    parameters: Record<string, SpecParameter>;
    schemas: Record<string, SpecSchema>;
    securitySchemes?: Record<string, SecurityScheme>;
  };
}

/** The bundled spec (generated/openapi.json), shared with the client; the sandbox never restates it. */
export const spec = openapi as unknown as Spec;

/** Each operation of the spec (whatever its method) with its parameters, `$ref`s to components resolved. */
export function specOperations(source: Spec = spec): Map<string, SpecParameter[]> {
  const operations = new Map<string, SpecParameter[]>();
  for (const item of Object.values(source.paths)) {
    for (const op of Object.values(item)) {
      const parameters = (op.parameters ?? []).map((p) => ("$ref" in p ? resolveParameter(source, p.$ref) : p));
      operations.set(op.operationId, parameters);
    }
  }
  return operations;
}

function resolveParameter(source: Spec, ref: string): SpecParameter {
  const name = ref.replace("#/components/parameters/", "");
  const parameter = source.components.parameters[name];
  if (!parameter) throw new Error(`The spec refers to an unknown parameter ${ref}`);
  return parameter;
}

/** The JSON type a parameter's schema declares, following one `$ref` into the component schemas. */
export function schemaType(source: Spec, schema: SpecSchema): string | undefined {
  const target = schema.$ref ? source.components.schemas[schema.$ref.replace("#/components/schemas/", "")] : schema;
  return typeof target?.type === "string" ? target.type : undefined;
}

/**
 * The headers each operation's security needs beside its token: the `apiKey` header schemes that every one of its
 * security requirements names (`amperity-tenant`, `api-version`: DOC-31, DOC-32). Lower-case, as Node gives them.
 */
export function securityHeaders(source: Spec = spec): Map<string, string[]> {
  const headersOf = (requirement: SecurityRequirement) =>
    Object.keys(requirement).flatMap((name) => {
      const scheme = source.components.securitySchemes?.[name];
      if (!scheme) throw new Error(`The spec's security names an unknown scheme ${name}`);
      return scheme.type === "apiKey" && scheme.in === "header" && scheme.name ? [scheme.name.toLowerCase()] : [];
    });
  const byOperation = new Map<string, string[]>();
  for (const item of Object.values(source.paths)) {
    for (const op of Object.values(item)) {
      const [first = [], ...others] = (op.security ?? source.security ?? []).map(headersOf);
      byOperation.set(op.operationId, first.filter((header) => others.every((headers) => headers.includes(header))));
    }
  }
  return byOperation;
}

/** The default page size the spec states for `limit` (the server's, never sent by a client: DOC-15). */
export function defaultLimit(source: Spec = spec): number {
  const value = source.components.parameters["Limit"]?.schema["default"];
  if (typeof value !== "number") throw new Error("The spec's Limit parameter has no numeric default");
  return value;
}
