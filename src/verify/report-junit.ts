/** The JUnit XML report for CI systems: one test case per check, a failure element for a failed one. */
import type { VerifyReport } from "./run.js";

const escapeXml = (text: string): string =>
  // Control characters other than tab and newlines are not allowed in XML 1.0 at all.
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[<>&"']/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "apos" }[c]};`);

export function junitReport(report: VerifyReport): string {
  const failures = report.checks.filter((c) => c.outcome === "fail").length;
  const skipped = report.checks.filter((c) => c.outcome === "skip").length;
  const cases = report.checks.map((check) => {
    const open = `    <testcase classname="amperity-profiles.verify" name="${escapeXml(check.name)}">`;
    if (check.outcome === "pass") return `${open}</testcase>`;
    if (check.outcome === "skip") return `${open}<skipped message="${escapeXml(check.reason ?? "")}"/></testcase>`;
    const f = check.failure!;
    const detail = `${f.violation}\n${f.request.method} ${f.request.url}${f.status === undefined ? "" : ` -> HTTP ${f.status}`}`;
    return `${open}<failure message="${escapeXml(f.violation)}">${escapeXml(detail)}</failure></testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="amperity-profiles verify" tests="${report.checks.length}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="contract ${escapeXml(report.baseUrl)}" tests="${report.checks.length}" failures="${failures}" skipped="${skipped}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
