/**
 * One verify run: discovers an index from the tenant, walks it, probes every operation of the bundled spec, and
 * returns every check's outcome. Read-only and within the request budget: when the budget runs out, the checks
 * not yet applied are reported as skipped with that reason.
 */
import { CheckLog, checkNames, type CheckResult } from "./checks.js";
import { nextToken, pageData, sendValid, type VerifyContext } from "./context.js";
import { checkFilteredPage, checkTokenScope, compareWithGet, walkIndex } from "./cursor-checks.js";
import { probeOperation, type OperationReport } from "./operation-probes.js";
import { BudgetExhausted, createSender, type SenderOptions } from "./raw-request.js";
import { specOperations, type SpecOperation } from "./spec-operations.js";

export interface VerifyOptions extends Omit<SenderOptions, "maxRequests" | "maxRps"> {
  /** The index to walk; default the first one the tenant lists. */
  indexId?: string;
  maxRequests?: number;
  maxRps?: number;
  /** Test hook: the operations to verify (default: the bundled spec's). */
  operations?: SpecOperation[];
  /** Where the checks are recorded; pass one to read its failed exchanges afterwards (`--har`). */
  log?: CheckLog;
}

export interface VerifyReport {
  baseUrl: string;
  tenant: string;
  indexId?: string;
  requests: number;
  maxRequests: number;
  checks: CheckResult[];
  operations: OperationReport[];
  passed: boolean;
}

export const defaultMaxRequests = 200;
export const defaultMaxRps = 5;

export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  const maxRequests = options.maxRequests ?? defaultMaxRequests;
  const sender = createSender({ ...options, maxRequests, maxRps: options.maxRps ?? defaultMaxRps });
  const all = options.operations ?? specOperations();
  const ctx: VerifyContext = { sender, log: options.log ?? new CheckLog(), operations: new Map(all.map((op) => [op.operationId, op])) };
  const operations: OperationReport[] = [];
  let indexId: string | undefined;
  ctx.log.skip("use_after_free", "the API has no operation that deletes a resource");
  try {
    indexId = await steps(ctx, all, options.indexId, operations);
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error;
    for (const name of checkNames) ctx.log.skip(name, `${error.message} before it could run`);
  }
  for (const op of all) {
    if (!operations.some((o) => o.operationId === op.operationId)) {
      operations.push({ operationId: op.operationId, method: op.method, path: op.path, status: "skipped", reason: "the request budget ran out" });
    }
  }
  const checks = ctx.log.list();
  return {
    baseUrl: options.baseUrl,
    tenant: options.tenant,
    ...(indexId !== undefined && { indexId }),
    requests: sender.sent,
    maxRequests,
    checks,
    operations,
    passed: checks.every((c) => c.outcome !== "fail"),
  };
}

async function steps(ctx: VerifyContext, all: SpecOperation[], wanted: string | undefined, reports: OperationReport[]): Promise<string | undefined> {
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
  return indexId;
}
