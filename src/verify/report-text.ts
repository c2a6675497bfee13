/** The human report: one line per check, then the first violation of each failed check, then the verdict. */
import type { VerifyReport } from "./run.js";

const marks = { pass: "PASS", fail: "FAIL", skip: "SKIP" } as const;

export function textReport(report: VerifyReport): string {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines: string[] = [];
  for (const check of report.checks) {
    const note = check.outcome === "skip" ? ` (${check.reason ?? "not applicable"})` : check.outcome === "pass" ? ` (${check.applied} judged)` : "";
    lines.push(`${marks[check.outcome]}  ${check.name.padEnd(width)}  ${check.description}${note}`);
    if (check.failure) {
      const f = check.failure;
      lines.push(`      ${f.violation}`);
      if (f.request.url) lines.push(`      request: ${f.request.method} ${f.request.url}${f.status === undefined ? "" : ` -> HTTP ${f.status}`}`);
    }
  }
  const counts = (outcome: string) => report.checks.filter((c) => c.outcome === outcome).length;
  const skippedOps = report.operations.filter((o) => o.status === "skipped");
  for (const op of skippedOps) lines.push(`note  ${op.method} ${op.path} (${op.operationId}) not sent: ${op.reason ?? ""}`);
  lines.push(
    `verify ${report.passed ? "PASSED" : "FAILED"}: ${counts("pass")} passed, ${counts("fail")} failed, ${counts("skip")} skipped; ` +
      `${report.requests} of at most ${report.maxRequests} requests to ${report.baseUrl} (tenant ${report.tenant}${report.indexId ? `, index ${report.indexId}` : ""})`,
  );
  return `${lines.join("\n")}\n`;
}
