import { readFileSync } from "node:fs";
import { specPath } from "./paths.js";

/** The bundled spec as plain JSON, walked by JSON pointer (the generated types describe the API, not the document). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const spec = JSON.parse(readFileSync(specPath, "utf8")) as JsonObject;

/** The Profile API's operations; the token endpoint has its own host, header and body (contract-tests/token.test.ts). */
export type OperationId = "listProfiles" | "getProfile" | "listIndexes" | "getIndex";
export type AnyOperationId = OperationId | "createAccessToken";

export interface Operation {
  operationId: AnyOperationId;
  method: string;
  template: string;
  /** JSON pointer of the operation object inside the spec. */
  pointer: string;
}

export const escapeToken = (token: string): string => token.replaceAll("~", "~0").replaceAll("/", "~1");
const unescapeToken = (token: string): string => token.replaceAll("~1", "/").replaceAll("~0", "~");

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function at(pointer: string): Json | undefined {
  let node: Json | undefined = spec;
  for (const token of pointer.split("/").slice(1).map(unescapeToken)) {
    node = isObject(node) ? node[token] : Array.isArray(node) ? node[Number(token)] : undefined;
  }
  return node;
}

/** Follows local `$ref`s; returns the object and the pointer where it really lives. */
export function resolve(pointer: string): { pointer: string; value: JsonObject } | undefined {
  let current = pointer;
  for (let hops = 0; hops < 16; hops++) {
    const value = at(current);
    if (!isObject(value)) return undefined;
    if (typeof value.$ref !== "string") return { pointer: current, value };
    current = value.$ref.replace(/^#/, "");
  }
  throw new Error(`$ref cycle at ${pointer}`);
}

/** Every operation of the spec, in document order; the response checks match against these. */
export const allOperations: readonly Operation[] = Object.entries(isObject(spec.paths) ? spec.paths : {}).flatMap(
  ([template, item]) =>
    Object.entries(isObject(item) ? item : {}).flatMap(([method, op]) =>
      isObject(op) && typeof op.operationId === "string"
        ? [{ operationId: op.operationId as AnyOperationId, method, template, pointer: `/paths/${escapeToken(template)}/${method}` }]
        : [],
    ),
);

/** The Profile API's operations (bearer token, `amperity-tenant`, GET), which most contract tests iterate. */
export const operations = allOperations.filter((o) => o.operationId !== "createAccessToken") as readonly (Operation & { operationId: OperationId })[];

export function operation(operationId: AnyOperationId): Operation {
  const found = allOperations.find((o) => o.operationId === operationId);
  if (found === undefined) throw new Error(`the spec has no operation ${operationId}`);
  return found;
}

/** The statuses an operation declares, as numbers (e.g. [200, 400, 401, …]). */
export function declaredStatuses(operationId: AnyOperationId): number[] {
  const responses = at(`${operation(operationId).pointer}/responses`);
  return Object.keys(isObject(responses) ? responses : {}).map(Number);
}

/** The named examples of one response of an operation (`application/json`), in document order. */
export function examples(operationId: AnyOperationId, status: number): Record<string, Json> {
  const response = resolve(`${operation(operationId).pointer}/responses/${status}`);
  const named = response && at(`${response.pointer}/content/application~1json/examples`);
  if (!isObject(named)) return {};
  return Object.fromEntries(
    Object.keys(named).map((name) => [name, resolve(`${response!.pointer}/content/application~1json/examples/${name}`)?.value.value ?? null]),
  );
}
