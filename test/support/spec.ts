// The bundled spec, read the way every consumer of generated/ reads it.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const root = join(__dirname, "..", "..");

// Loose JSON view of the bundled spec: these tests walk it by key, the generated types describe the API instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const spec: Json = JSON.parse(readFileSync(join(root, "generated", "openapi.json"), "utf8"));

/** Resolves a local `$ref` (`#/components/...`) of the bundled spec; returns other values unchanged. */
export function deref(value: Json): Json {
  if (value && typeof value === "object" && typeof value.$ref === "string") {
    const path = value.$ref.replace(/^#\//, "").split("/");
    return deref(path.reduce((node: Json, key: string) => node[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec));
  }
  return value;
}

export const operations: Array<{ path: string; id: string; op: Json }> = Object.entries(spec.paths).flatMap(
  ([path, item]: [string, Json]) => Object.values(item).map((op: Json) => ({ path, id: op.operationId, op })),
);

export function operation(id: string): Json {
  const found = operations.find((o) => o.id === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found.op;
}

export function parameters(id: string): Json[] {
  return operation(id).parameters.map(deref);
}
