/**
 * One verify run: discovers an index from the tenant, walks it, probes every operation of the bundled spec, and
 * returns every check's outcome. Read-only and within the request budget and the deadline. When the run stops
 * early (the budget is used up, the deadline passes, a signal arrives, the server stops answering), the report so
 * far is still complete: the checks not yet applied are reported as not run, with the reason, and the verdict
 * says the run was incomplete; a request that got no answer fails status_code_conformance.
 */
import { createRequestBudget, RequestBudgetError, type RequestBudget } from "../edges/http/budget.js";
import { CheckLog, type CheckResult } from "./checks.js";
import { nextToken, pageData, sendValid, type VerifyContext } from "./context.js";
import { checkFilteredPage, checkTokenScope, compareWithGet, walkIndex } from "./cursor-checks.js";
import { probeOperation, type OperationReport } from "./operation-probes.js";
import { createSender, NoResponseError, type SenderOptions } from "./raw-request.js";
import { specOperations, type SpecOperation } from "./spec-operations.js";

export interface VerifyOptions extends Omit<SenderOptions, "budget"> {
  /** The index to walk; default the first one the tenant lists. */
  indexId?: string;
  /** The run's budget, shared with whatever gets its tokens; default one of maxRequests and maxRps. */
  budget?: RequestBudget;
  maxRequests?: number;
  maxRps?: number;
  /** Stops the run after this many ms in all, with the report so far. */
  deadlineMs?: number;
  /** Test hook: the operations to verify (default: the bundled spec's). */
  operations?: SpecOperation[];
  /** Where the checks are recorded; pass one to read its failed exchanges afterwards (`--har`). */
  log?: CheckLog;
}

export interface VerifyReport {
  baseUrl: string;
  tenant: string;
  indexId?: string;
  /** Requests sent, token requests included. */
  requests: number;
  /** The budget's count, or null without one. */
  maxRequests: number | null;
  checks: CheckResult[];
  operations: OperationReport[];
  /** `failed` when a check failed; else `incomplete` when a check could not run; else `passed`. */
  verdict: "passed" | "failed" | "incomplete";
  passed: boolean;
  /** Why the run stopped before its end; absent when it ran to the end. */
  stopped?: string;
}

export const defaultMaxRequests = 200;
export const defaultMaxRps = 5;

/** The deadline's abort reason. */
export class DeadlineError extends Error {
  override readonly name = "DeadlineError";
}

export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const budget =
    options.budget ??
    createRequestBudget({
      maxRequests: options.maxRequests ?? defaultMaxRequests,
      maxRequestsPerSecond: options.maxRps ?? defaultMaxRps,
      ...(options.sleep && { sleep: options.sleep }),
    });
  const stop = new AbortController();
  const outer = options.signal;
  const onOuter = () => stop.abort(outer!.reason);
  if (outer?.aborted) onOuter();
  outer?.addEventListener("abort", onOuter, { once: true });
  const deadlineMs = options.deadlineMs;
  const timer = deadlineMs === undefined ? undefined : setTimeout(() => stop.abort(new DeadlineError(`the deadline (--deadline ${deadlineMs / 1000} s) passed`)), deadlineMs);

  const sender = createSender({ ...options, budget, signal: stop.signal });
  const all = options.operations ?? specOperations();
  const ctx: VerifyContext = { sender, log: options.log ?? new CheckLog(), operations: new Map(all.map((op) => [op.operationId, op])) };
  const operations: OperationReport[] = [];
  const found: { indexId?: string } = {};
  let stopped: string | undefined;
  ctx.log.skip("use_after_free", "the API has no operation that deletes a resource");
  try {
    await steps(ctx, all, options.indexId, operations, found);
  } catch (error) {
    stopped = stopReason(error, stop.signal);
    if (stopped === undefined) throw error;
    if (error instanceof NoResponseError) ctx.log.judge("status_code_conformance", error.request, `no response: ${error.message}`);
    ctx.log.stop(`${stopped} before it could run`);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onOuter);
  }
  for (const op of all) {
    if (!operations.some((o) => o.operationId === op.operationId)) {
      operations.push({ operationId: op.operationId, method: op.method, path: op.path, status: "skipped", reason: `not run: ${stopped ?? "not reached"}` });
    }
  }
  const checks = ctx.log.list();
  const verdict = checks.some((c) => c.outcome === "fail") ? "failed" : checks.some((c) => c.outcome === "not-run") ? "incomplete" : "passed";
  return {
    baseUrl: options.baseUrl,
    tenant: options.tenant,
    ...(found.indexId !== undefined && { indexId: found.indexId }),
    requests: sender.sent,
    maxRequests: budget.maxRequests ?? null,
    checks,
    operations,
    verdict,
    passed: verdict === "passed",
    ...(stopped !== undefined && { stopped }),
  };
}

/** Why an error stops the run with a report, or undefined when it is not one of those (it is thrown on). */
function stopReason(error: unknown, signal: AbortSignal): string | undefined {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof Error && reason.message ? reason.message : "the run was stopped";
  }
  if (error instanceof RequestBudgetError) return `the request budget (--max-requests ${error.maxRequests}) is used up`;
  if (error instanceof NoResponseError) return `the server stopped answering (${error.message})`;
  return undefined;
}

async function steps(
  ctx: VerifyContext,
  all: SpecOperation[],
  wanted: string | undefined,
  reports: OperationReport[],
  found: { indexId?: string },
): Promise<void> {
  const listIndexes = ctx.operations.get("listIndexes");
  const listProfiles = ctx.operations.get("listProfiles");
  const getProfile = ctx.operations.get("getProfile");
  let ids: string[] = [];
  if (listIndexes) {
    const first = await sendValid(ctx, listIndexes, { path: "/indexes" }, "no parameters");
    ids = (pageData(first) ?? []).map((i) => String(i["id"]));
    // A second index, for the cursor-scope check, may be on the next page.
    if (ids.length < 2 && nextToken(first) !== undefined) {
      const second = await sendValid(ctx, listIndexes, { path: "/indexes", query: [["next_token", nextToken(first)!]] }, "a next_token");
      ids.push(...(pageData(second) ?? []).map((i) => String(i["id"])));
    }
  }
  const indexId = wanted ?? ids[0];
  if (indexId !== undefined) found.indexId = indexId;
  const values: Record<string, string> = {};
  if (indexId !== undefined && listProfiles) {
    values["indexId"] = indexId;
    const walk = await walkIndex(ctx, listProfiles, indexId);
    if (walk.profiles[0]) values["profileId"] = String(walk.profiles[0]["id"]);
    if (getProfile) await compareWithGet(ctx, getProfile, indexId, walk);
    const filter = await checkFilteredPage(ctx, listProfiles, indexId, walk);
    await checkTokenScope(ctx, { listProfiles, listIndexes }, indexId, ids.find((id) => id !== indexId), filter, walk);
  } else {
    const reason = indexId === undefined ? "the tenant lists no index (pass --index ID)" : "the spec has no listProfiles operation";
    for (const name of ["pagination_terminates", "no_duplicate_profiles", "total_matches_count", "next_token_scoped", "list_item_matches_get", "filtered_page_matches"] as const) {
      ctx.log.skip(name, reason);
    }
  }
  for (const op of all) reports.push(await probeOperation(ctx, op, values));
}
