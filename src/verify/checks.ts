/**
 * The checks verify reports, by name, and the record of their outcomes. A check passes when it was applied at
 * least once and never failed, fails at its first violation (which it keeps, with the request and the status),
 * is skipped, with the reason, when nothing it applies to exists, and is not run, with the reason, when a limit
 * of the run (the request budget, the deadline, a signal, a server that stopped answering) kept it from being
 * applied: a check judged on nothing never passes.
 */
import type { Exchange } from "./raw-request.js";

/** Schemathesis's names where a check does what its check of that name does; the cursor's contract after them. */
export const checkNames = [
  "status_code_conformance",
  "content_type_conformance",
  "response_headers_conformance",
  "response_schema_conformance",
  "positive_data_acceptance",
  "negative_data_rejection",
  "missing_required_header",
  "ignored_auth",
  "unknown_id_not_found",
  "unsupported_method",
  "use_after_free",
  "pagination_terminates",
  "no_duplicate_profiles",
  "total_matches_count",
  "next_token_scoped",
  "list_item_matches_get",
  "filtered_page_matches",
] as const;
export type CheckName = (typeof checkNames)[number];

export const checkDescriptions: Record<CheckName, string> = {
  status_code_conformance: "every response status is one the spec documents for the operation",
  content_type_conformance: "every response body has a media type the spec documents for that status",
  response_headers_conformance: "documented response headers are present when required and match their schema",
  response_schema_conformance: "every JSON body matches the schema the spec gives for that status",
  positive_data_acceptance: "requests the spec allows (from its examples, defaults and enums) get a 2xx",
  negative_data_rejection: "requests that break a documented constraint get a documented 4xx, not 2xx or 5xx",
  missing_required_header: "a request without a required header gets the status the spec declares for it (401 for a security header)",
  ignored_auth: "a request without a valid bearer token gets 401",
  unknown_id_not_found: "an index or profile id that does not exist gets the documented 404",
  unsupported_method: "a method the spec does not declare for a path (OPTIONS) gets 405 with an Allow header naming the declared ones",
  use_after_free: "a deleted resource is gone (needs a delete operation)",
  pagination_terminates: "following next_token ends on a last page, without a cursor repeating",
  no_duplicate_profiles: "no profile appears twice across the pages of one walk",
  total_matches_count: "with_total's total equals the number of profiles served when the index is walked whole",
  next_token_scoped: "a next_token from one index or filter is refused on another",
  list_item_matches_get: "a profile from the list equals GET /indexes/{indexId}/profiles/{profileId}",
  filtered_page_matches: "a filtered page holds only profiles whose filter fields equal the filter",
};

export type Outcome = "pass" | "fail" | "skip" | "not-run";

export interface Failure {
  request: { method: string; url: string; headers: Record<string, string> };
  status?: number;
  violation: string;
}

export interface CheckResult {
  name: CheckName;
  description: string;
  outcome: Outcome;
  /** Times the check was applied (requests or pages it judged). */
  applied: number;
  failure?: Failure;
  /** Why a check was skipped or not run. */
  reason?: string;
}

type Judged = Pick<Exchange, "method" | "url" | "requestHeaders"> & { status?: number | undefined };

/** A failed check's whole exchange, response included, for a bug report (`--har`). */
export interface FailedExchange {
  check: CheckName;
  violation: string;
  exchange: Exchange;
}

export class CheckLog {
  private readonly results = new Map<CheckName, CheckResult>();
  private readonly failedExchanges: FailedExchange[] = [];
  private readonly skips = new Map<CheckName, string>();
  private readonly notRuns = new Map<CheckName, string>();
  private stopped: string | undefined;

  /**
   * Records that `name` judged `exchange` and found `violation` (or nothing wrong when it is undefined). A request
   * that got no response has no status.
   */
  judge(name: CheckName, exchange: Judged | undefined, violation: string | undefined): void {
    const result = this.entry(name);
    result.applied++;
    if (violation === undefined || result.outcome === "fail") return;
    result.outcome = "fail";
    // A request that got no response has nothing for a HAR entry beyond what the report says.
    if (exchange && "headers" in exchange) this.failedExchanges.push({ check: name, violation, exchange: exchange as Exchange });
    result.failure = {
      request: exchange ? { method: exchange.method, url: exchange.url, headers: exchange.requestHeaders } : { method: "", url: "", headers: {} },
      ...(exchange?.status !== undefined && { status: exchange.status }),
      violation,
    };
  }

  /** Marks `name` as not applicable, unless it has been applied (the first reason is kept). */
  skip(name: CheckName, reason: string): void {
    if (!this.skips.has(name)) this.skips.set(name, reason);
  }

  /** Marks `name` as not run: what it needs exists, but a limit of the run kept it from being sent. */
  notRun(name: CheckName, reason: string): void {
    if (!this.notRuns.has(name)) this.notRuns.set(name, reason);
  }

  /** The run stopped early: every check not applied or skipped by then is not run, for `reason`. */
  stop(reason: string): void {
    this.stopped ??= reason;
  }

  /** The exchange of each check's first failure that got a response, in the order they failed. */
  failures(): readonly FailedExchange[] {
    return this.failedExchanges;
  }

  /** Every check, in the order of checkNames. */
  list(): CheckResult[] {
    return checkNames.map((name) => {
      const result = this.results.get(name);
      if (result && result.applied > 0) return result;
      const base = { name, description: checkDescriptions[name], applied: 0 };
      const notRun = this.notRuns.get(name) ?? (this.skips.has(name) ? undefined : this.stopped);
      if (notRun !== undefined) return { ...base, outcome: "not-run", reason: notRun };
      return { ...base, outcome: "skip", reason: this.skips.get(name) ?? "nothing it applies to was sent" };
    });
  }

  private entry(name: CheckName): CheckResult {
    let result = this.results.get(name);
    if (!result) {
      result = { name, description: checkDescriptions[name], outcome: "pass", applied: 0 };
      this.results.set(name, result);
    }
    return result;
  }
}
