/**
 * The JUnit XML report for CI systems: one test case per check, a failure element for a failed one, a skipped
 * element (saying why) for one skipped or not run. Every text in it may come from the server, so it is made valid
 * XML 1.0 whatever it holds: the characters XML forbids are replaced, the rest escaped.
 */
import type { VerifyReport } from "./run.js";

// C0 controls other than tab, newline and carriage return, lone surrogates, and U+FFFE/U+FFFF: XML 1.0 has no
// way to write them, not even as character references.
const forbidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const escapes: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;" };

/** Text for an attribute value or element content: forbidden characters as U+FFFD, markup and line ends escaped. */
export function xmlText(text: string): string {
  return text.replace(forbidden, "\ufffd").replace(/[<>&"'\t\n\r]/g, (c) => escapes[c]!);
}

export function junitReport(report: VerifyReport): string {
  const failures = report.checks.filter((c) => c.outcome === "fail").length;
  const skipped = report.checks.filter((c) => c.outcome === "skip" || c.outcome === "not-run").length;
  const cases = report.checks.map((check) => {
    const open = `    <testcase classname="amperity-profiles.verify" name="${xmlText(check.name)}">`;
    if (check.outcome === "pass") return `${open}</testcase>`;
    if (check.outcome !== "fail") {
      const why = `${check.outcome === "not-run" ? "not run: " : ""}${check.reason ?? ""}`;
      return `${open}<skipped message="${xmlText(why)}"/></testcase>`;
    }
    const f = check.failure!;
    const detail = `${f.violation}\n${f.request.method} ${f.request.url}${f.status === undefined ? "" : ` -> HTTP ${f.status}`}`;
    return `${open}<failure message="${xmlText(f.violation)}">${xmlText(detail)}</failure></testcase>`;
  });
  const verdict = `verify ${report.verdict}${report.stopped ? ` (stopped early: ${report.stopped})` : ""}`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="amperity-profiles verify" tests="${report.checks.length}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="contract ${xmlText(report.baseUrl)}" tests="${report.checks.length}" failures="${failures}" skipped="${skipped}">`,
    ...cases,
    `    <system-out>${xmlText(verdict)}</system-out>`,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
