/**
 * `amperity-profiles verify`: checks the tenant's API against the bundled spec and the cursor's contract, read-only
 * and within a request budget and a deadline, and reports each check by name. Exit 0 when no check fails (the
 * verdict says INCOMPLETE when a limit left checks not run), 1 when one does, 2 for usage errors, 130/143 when a
 * signal stopped it (after the report so far).
 */
import { Command, InvalidArgumentError } from "commander";
import { lstat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { integerAtLeast } from "../args.js";
import { authFlags, connect } from "../connect.js";
import { InterruptedError, UsageError } from "../handle-error.js";
import type { CliIo } from "../io.js";
import { baseUrlAdvice } from "../messages.js";
import { withRequestFlags, type RequestFlags } from "../request-flags.js";
import { registerSecret, scrub } from "../../edges/secrets/index.js";
import { terminalJson, terminalText } from "../../edges/terminal/terminal-text.js";

export interface VerifyCliOptions extends RequestFlags {
  index?: string;
  maxRequests?: number;
  deadline?: number;
  junit?: string;
  har?: string;
  json?: boolean;
  tokenFile?: string;
  clientSecretFile?: string;
}

/** Some check failed; the report says which. Its code keeps handle-error from prefixing a class name. */
export class VerifyFailedError extends Error {
  override readonly name = "VerifyFailedError";
  readonly code = "EVERIFYFAILED";
}

/** Long enough for the default budget at the default rate with slow answers; short enough for a CI step. */
const defaultDeadlineSeconds = 300;

export async function runVerifyCommand(options: VerifyCliOptions, io: CliIo): Promise<void> {
  // Both reports' paths checked before any request: a run against a live tenant is not spent only to fail at the end.
  const reports = [["--junit", options.junit], ["--har", options.har]] as const;
  for (const [flag, path] of reports) if (path !== undefined) await checkReportPath(flag, path, reports);
  const [{ createRequestBudget }, { runVerify, defaultMaxRequests, defaultMaxRps }, { CheckLog }] = await Promise.all([
    import("../../index.js"),
    import("../../verify/run.js"),
    import("../../verify/checks.js"),
  ]);
  // The run's log, kept here for --har: it holds each failed check's whole exchange.
  const log = new CheckLog();
  // One budget for the run: verify's requests and the token requests of client credentials alike.
  const budget = createRequestBudget({
    maxRequests: options.maxRequests ?? defaultMaxRequests,
    maxRequestsPerSecond: options.maxRps ?? defaultMaxRps,
    ...(io.client?.now && { now: io.client.now }),
    ...(io.client?.sleep && { sleep: io.client.sleep }),
  });
  const { client, connection } = await connect(
    { ...io, client: { ...io.client, budget } },
    { ...authFlags(options), ...(options.timeout !== undefined && { timeoutMs: options.timeout }) },
  );
  if (connection.clientId !== undefined) registerSecret(connection.clientSecret, "client secret");
  else registerSecret(connection.token, "token");
  const report = await runVerify({
    baseUrl: client.baseUrl,
    tenant: client.tenant,
    apiVersion: client.apiVersion,
    token: async (signal) => {
      const token = await client.token(signal ? { signal } : {});
      registerSecret(token, "token");
      return token;
    },
    budget,
    deadlineMs: (options.deadline ?? defaultDeadlineSeconds) * 1000,
    ...(options.timeout !== undefined && { timeoutMs: options.timeout }),
    ...(io.client?.sleep && { sleep: io.client.sleep }),
    ...(io.signal && { signal: io.signal }),
    ...(options.index !== undefined && { indexId: options.index }),
    log,
  });
  // The token only ever travels in a header and is redacted there; the whole report is scrubbed once regardless.
  const shown = scrub(report);
  const tty = io.stdout.isTTY === true;
  if (options.json) {
    const json = JSON.stringify(shown, null, 2);
    io.stdout.write(`${tty ? terminalJson(json) : json}\n`);
  } else {
    const { textReport } = await import("../../verify/report-text.js");
    const text = textReport(shown);
    io.stdout.write(tty ? text.split("\n").map(terminalText).join("\n") : text);
  }
  if (options.junit !== undefined || options.har !== undefined) {
    const { writeOutputFile } = await import("../../edges/files/replace-file.js");
    if (options.junit !== undefined) {
      const { junitReport } = await import("../../verify/report-junit.js");
      await writeOutputFile(options.junit, junitReport(shown), options.har === undefined ? [] : [options.har]);
    }
    if (options.har !== undefined) {
      // The failing exchanges for a bug report; harOf scrubs them like the rest of the report.
      const { harOf } = await import("../../verify/har.js");
      await writeOutputFile(options.har, `${JSON.stringify(harOf(log.failures()), null, 2)}\n`, options.junit === undefined ? [] : [options.junit]);
    }
  }
  if (io.signal?.aborted) {
    const reason = io.signal.reason as InterruptedError;
    const where = options.junit === undefined ? "above" : `above and in ${options.junit}`;
    throw reason instanceof InterruptedError ? new InterruptedError(`${reason.message}; the report so far is ${where}`, reason.signal) : reason;
  }
  const advice = shown.checks.some((c) => c.failure?.status === 404) ? baseUrlAdvice(404, io.env) : undefined;
  if (advice) io.stderr.write(`amperity-profiles: ${terminalText(advice)}\n`);
  if (shown.verdict === "failed") {
    const failed = shown.checks.filter((c) => c.outcome === "fail").map((c) => c.name);
    throw new VerifyFailedError(`verify failed: ${failed.join(", ")}`);
  }
}

/** Whole seconds, at most what setTimeout can wait (a longer delay would fire at once). */
function deadlineSeconds(text: string): number {
  const seconds = integerAtLeast(1)(text);
  if (seconds * 1000 > 2 ** 31 - 1) throw new InvalidArgumentError(`expected at most ${Math.floor((2 ** 31 - 1) / 1000)} seconds, got "${text}"`);
  return seconds;
}

/**
 * A report's path (`--junit`, `--har`) must name a file that can be replaced, and not the other report: refused
 * before any request, not after the run.
 */
async function checkReportPath(flag: string, path: string, reports: readonly (readonly [string, string | undefined])[]): Promise<void> {
  const other = reports.find(([otherFlag, otherPath]) => otherFlag !== flag && otherPath !== undefined && resolve(otherPath) === resolve(path));
  if (other) throw new UsageError(`${flag} and ${other[0]} name the same file ${path}; give each report its own file`);
  const parent = await lstat(dirname(path)).catch(() => undefined);
  if (!parent?.isDirectory()) throw new UsageError(`cannot write ${flag} ${path}: the folder ${dirname(path)} does not exist; create it (mkdir -p ${dirname(path)}) or choose another file`);
  const info = await lstat(path).catch(() => undefined);
  // A symlink there is replaced by the report, never written through.
  if (info && !info.isFile() && !info.isSymbolicLink()) {
    throw new UsageError(`cannot write ${flag} ${path}: it is ${info.isDirectory() ? "a directory" : "not a regular file"} (give a file path)`);
  }
}

export function verifyCommand(io: CliIo): Command {
  return withRequestFlags(
    new Command("verify")
      .description(
        "Check the API against the bundled spec and the cursor's contract (read-only: GET, and one OPTIONS per path). " +
          "At most 5 requests per second unless --max-rps says otherwise; token requests count against --max-requests and --max-rps. " +
          "A limit that leaves checks not run makes the verdict INCOMPLETE; a signal stops it with the report so far.",
      )
      .option("--index <id>", "the index to walk (default: the first one the tenant lists)")
      .option("--max-requests <n>", "the most requests to send, token requests included (default 200)", integerAtLeast(1))
      .option("--deadline <seconds>", `stop after this many seconds in all, with the report so far (default ${defaultDeadlineSeconds})`, deadlineSeconds)
      .option("--junit <file>", "also write a JUnit XML report to this file (replaced atomically; a symlink there is replaced, not followed)")
      .option("--har <file>", "also write the failing exchanges as an HTTP Archive (HAR 1.2) to this file, for a bug report")
      .option("--json", "print the report as JSON instead of one line per check")
      .option("--token-file <path>", "read the API token from this file (else AMPERITY_TOKEN / AMPERITY_TOKEN_FILE)")
      .option("--client-secret-file <path>", "read the OAuth client secret from this file (else AMPERITY_CLIENT_SECRET / AMPERITY_CLIENT_SECRET_FILE)"),
  ).action((options: VerifyCliOptions) => runVerifyCommand(options, io));
}
