// The cheap shape check every 2xx body passes in every mode, before a caller (or the export) sees it: what the
// client itself relies on (data is an array of objects, next_token a string or null, total a count). Strict mode
// adds the full schema check on top.
import { ResponseShapeError } from "./errors.js";
import type { Operation } from "./validate.js";

/**
 * The longest `next_token` accepted. Amperity's cursors are a few dozen characters; this one has to go back in
 * a URL's query, which servers commonly limit to 8 kB.
 */
export const maxNextTokenLength = 4096;

export function checkEnvelope(operation: Operation, body: unknown): void {
  const fail = (pointer: string, detail: string) => new ResponseShapeError(operation, pointer, detail);
  if (!isObject(body)) throw fail("", `must be a JSON object, got ${kind(body)}`);
  if (operation === "getProfile" || operation === "getIndex") return;
  const { data, next_token: next, total } = body;
  if (!Array.isArray(data)) throw fail("/data", `must be an array, got ${kind(data)}`);
  for (let i = 0; i < data.length; i++) {
    if (!isObject(data[i])) throw fail(`/data/${i}`, `must be an object, got ${kind(data[i])}`);
  }
  checkEnvelopeFields(operation, next, total);
}

/** The envelope's `next_token` and `total`, checked on their own (a raw page has no parsed `data` to check). */
export function checkEnvelopeFields(operation: Operation, next: unknown, total: unknown): void {
  const fail = (pointer: string, detail: string) => new ResponseShapeError(operation, pointer, detail);
  if (next !== undefined && next !== null) {
    if (typeof next !== "string") throw fail("/next_token", `must be a string or null, got ${kind(next)}`);
    if (next.length > maxNextTokenLength) throw fail("/next_token", `is ${next.length} characters long; at most ${maxNextTokenLength} are accepted`);
  }
  if (total !== undefined && !(Number.isSafeInteger(total) && (total as number) >= 0)) {
    throw fail("/total", `must be a non-negative integer, got ${typeof total === "number" ? total : kind(total)}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON type of a value, never the value itself (it may echo a secret). */
function kind(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
