/**
 * The requests derived from each GET operation's parameters: what the spec allows must be accepted, what breaks a
 * documented constraint must be refused, and so must a request missing a required header or a valid token.
 */
import { sendFor, sendInvalid, sendValid, type VerifyContext } from "./context.js";
import { authVariants, fillPath, missingHeaderVariants, negativeVariants, positiveVariants } from "./requests.js";
import type { SpecOperation } from "./spec-operations.js";

export interface OperationReport {
  operationId: string;
  method: string;
  path: string;
  /** `tested`, or why it was not. */
  status: "tested" | "skipped";
  reason?: string;
}

const unknownId = "verify-no-such-id";

/** Runs the parameter-derived requests of `op`, with path values taken from real data. */
export async function probeOperation(ctx: VerifyContext, op: SpecOperation, pathValues: Record<string, string>): Promise<OperationReport> {
  const base = { operationId: op.operationId, method: op.method, path: op.path };
  if (op.method !== "GET") {
    return { ...base, status: "skipped", reason: "verify is read-only: it sends GET requests only" };
  }
  const path = fillPath(op, pathValues);
  if (path === undefined) return { ...base, status: "skipped", reason: "no data to fill its path parameters (an empty tenant or index)" };
  for (const v of positiveVariants(op, path)) await sendValid(ctx, op, v.request, v.label);
  for (const v of negativeVariants(op, path)) await sendInvalid(ctx, op, v.request, v.label, "negative_data_rejection");
  for (const v of missingHeaderVariants(op, path)) await sendInvalid(ctx, op, v.request, v.label, "missing_required_header");
  if (op.secured) for (const v of authVariants(path)) await sendInvalid(ctx, op, v.request, v.label, "ignored_auth", 401);
  // An id that does not exist: its 404 must be documented and its body an Error (judged by the response checks).
  const last = op.parameters.filter((p) => p.in === "path").at(-1);
  if (last) {
    const missing = fillPath(op, { ...pathValues, [last.name]: unknownId });
    if (missing !== undefined) await sendFor(ctx, op, { path: missing });
  }
  return { ...base, status: "tested" };
}
