/**
 * `amperity-profiles verify`: checks the tenant's API against the bundled spec, read-only and within a request
 * budget, and reports each check by name. Exit 0 when no check fails, 1 when one does, 2 for usage errors.
 */
import { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { integerAtLeast, numberWithin } from "../args.js";
import { authFlags } from "../connect.js";
import { connectionFromEnv } from "../env.js";
import type { CliIo } from "../io.js";
import { checkHarTarget } from "../har-target.js";
import { registerSecret } from "../../edges/secrets/index.js";

export interface VerifyCliOptions {
  index?: string;
  maxRequests?: number;
  maxRps?: number;
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

export async function runVerifyCommand(options: VerifyCliOptions, io: CliIo): Promise<void> {
  if (options.har !== undefined) await checkHarTarget(options.har);
  const connection = await connectionFromEnv(io.env, { ...authFlags(options), warn: (line) => io.stderr.write(`${line}\n`) });
  // Loaded here, as the client is elsewhere, so `--help` stays fast.
  const { createAmperityClient } = await import("../../index.js");
  const { runVerify, defaultMaxRequests, defaultMaxRps } = await import("../../verify/run.js");
  const { CheckLog } = await import("../../verify/checks.js");
  const log = new CheckLog();
  const config = createAmperityClient(connection);
  // Every token used (client credentials may fetch more than one) and the client secret are scrubbed below.
  const secrets = new Set<string>(connection.clientId === undefined ? [] : [connection.clientSecret]);
  const report = await runVerify({
    baseUrl: config.baseUrl,
    tenant: config.tenant,
    apiVersion: config.apiVersion,
    token: async () => {
      const token = await config.token();
      secrets.add(token);
      return token;
    },
    maxRequests: options.maxRequests ?? defaultMaxRequests,
    maxRps: options.maxRps ?? defaultMaxRps,
    ...(options.index !== undefined && { indexId: options.index }),
    log,
  });
  // The token only ever travels in a header and is redacted there; scrub every output once more regardless.
  const scrub = (text: string): string => [...secrets].reduce((out, secret) => out.split(secret).join("<redacted>"), text);
  if (options.har !== undefined) {
    // The HAR writer scrubs through the secrets edge: every secret this run used is registered there first.
    for (const secret of secrets) registerSecret(secret, connection.clientId !== undefined && secret === connection.clientSecret ? "client secret" : "token");
    const { writeHar } = await import("../../verify/har.js");
    await writeHar(options.har, log.failures());
  }
  if (options.junit !== undefined) {
    const { junitReport } = await import("../../verify/report-junit.js");
    await writeFile(options.junit, scrub(junitReport(report)));
  }
  if (options.json) {
    io.stdout.write(scrub(`${JSON.stringify(report, null, 2)}\n`));
  } else {
    const { textReport } = await import("../../verify/report-text.js");
    io.stdout.write(scrub(textReport(report)));
  }
  if (!report.passed) {
    const failed = report.checks.filter((c) => c.outcome === "fail").map((c) => c.name);
    throw new VerifyFailedError(`verify failed: ${failed.join(", ")}`);
  }
}

export function verifyCommand(io: CliIo): Command {
  return new Command("verify")
    .description("Check the API against the bundled spec and the cursor's contract (read-only, GET requests only).")
    .option("--index <id>", "the index to walk (default: the first one the tenant lists)")
    .option("--max-requests <n>", "the most requests to send (default 200)", integerAtLeast(1))
    .option("--max-rps <n>", "the most requests per second (default 5)", numberWithin(0.1, 10_000))
    .option("--junit <file>", "also write a JUnit XML report to this file")
    .option("--har <file>", "also write the failing exchanges as an HTTP Archive (HAR 1.2) to this file, for a bug report")
    .option("--json", "print the report as JSON instead of one line per check")
    .option("--token-file <path>", "read the API token from this file (else AMPERITY_TOKEN / AMPERITY_TOKEN_FILE)")
    .option("--client-secret-file <path>", "read the OAuth client secret from this file (else AMPERITY_CLIENT_SECRET / AMPERITY_CLIENT_SECRET_FILE)")
    .action((options: VerifyCliOptions) => runVerifyCommand(options, io));
}
