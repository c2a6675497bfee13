/**
 * The requests derived from each GET operation's parameters: what the spec allows must be accepted, what breaks a
 * documented constraint must be refused, and so must a request missing a required header or a valid token.
 */
import { errorText, sendFor, sendInvalid, sendValid, type VerifyContext } from "./context.js";
import { probeUnsupportedMethod } from "./method-probe.js";
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
  for (const v of missingHeaderVariants(op, path)) await sendInvalid(ctx, op, v.request, v.label, "missing_required_header", v.expect);
  if (op.secured) for (const v of authVariants(path)) await sendInvalid(ctx, op, v.request, v.label, "ignored_auth", 401);
  await probeUnknownIds(ctx, op, pathValues);
  await probeUnsupportedMethod(ctx, op, path);
  return { ...base, status: "tested" };
}

/**
 * unknown_id_not_found: each path parameter in turn set to an id that does not exist (the others real) must get 404,
 * the status the spec declares for it, with an Error body (judged by the response checks too).
 */
async function probeUnknownIds(ctx: VerifyContext, op: SpecOperation, pathValues: Record<string, string>): Promise<void> {
  const params = op.parameters.filter((p) => p.in === "path");
  if (params.length === 0) return;
  if (op.responses["404"] === undefined) {
    ctx.log.skip("unknown_id_not_found", `the spec declares no 404 for ${op.operationId}`);
    return;
  }
  for (const param of params) {
    const missing = fillPath(op, { ...pathValues, [param.name]: unknownId });
    if (missing === undefined) continue;
    const exchange = await sendFor(ctx, op, { path: missing });
    const wrong = exchange.status === 404 ? undefined : `${op.operationId} with a made-up ${param.name}: expected 404, got HTTP ${exchange.status}${errorText(exchange)}`;
    ctx.log.judge("unknown_id_not_found", exchange, wrong);
  }
}
