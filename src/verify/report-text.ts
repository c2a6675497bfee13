/** The human report: one line per check, then the first violation of each failed check, then the verdict. */
import type { VerifyReport } from "./run.js";

const marks = { pass: "PASS   ", fail: "FAIL   ", skip: "SKIP   ", "not-run": "NOT RUN" } as const;

export function textReport(report: VerifyReport): string {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines: string[] = [];
  for (const check of report.checks) {
    const note = check.outcome === "pass" ? ` (${check.applied} judged)` : check.outcome === "fail" ? "" : ` (${check.reason ?? "not applicable"})`;
    lines.push(`${marks[check.outcome]}  ${check.name.padEnd(width)}  ${check.description}${note}`);
    if (check.failure) {
      const f = check.failure;
      lines.push(`         ${f.violation}`);
      if (f.request.url) lines.push(`         request: ${f.request.method} ${f.request.url}${f.status === undefined ? "" : ` -> HTTP ${f.status}`}`);
    }
  }
  const counts = (outcome: string) => report.checks.filter((c) => c.outcome === outcome).length;
  const skippedOps = report.operations.filter((o) => o.status === "skipped");
  for (const op of skippedOps) lines.push(`note  ${op.method} ${op.path} (${op.operationId}) not sent: ${op.reason ?? ""}`);
  const notRun = counts("not-run");
  const budget = report.maxRequests === null ? `${report.requests} requests` : `${report.requests} of at most ${report.maxRequests} requests`;
  lines.push(
    `verify ${report.verdict.toUpperCase()}${report.stopped ? ` (stopped early: ${report.stopped})` : ""}: ` +
      `${counts("pass")} passed, ${counts("fail")} failed, ${counts("skip")} skipped${notRun ? `, ${notRun} not run` : ""}; ` +
      `${budget} to ${report.baseUrl} (tenant ${report.tenant}${report.indexId ? `, index ${report.indexId}` : ""})`,
  );
  return `${lines.join("\n")}\n`;
}
