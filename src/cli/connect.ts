/** Builds the SDK client for a command from the environment; the CLI uses only the public client API. */
import type { AmperityClient, Logger, RetryEvent } from "../index.js";
import { connectionFromEnv, retryFromEnv, type ConnectionConfig } from "./env.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./handle-error.js";
import { sdkVersion } from "../version.js";
import { deprecationLine } from "./messages.js";
import { terminalText } from "../edges/terminal/terminal-text.js";
import { checkTokenPrefix, inUserTerms, tokenSource } from "./setting-sources.js";

export interface ConnectOptions {
  tokenFile?: string;
  clientSecretFile?: string;
  maxAttempts?: number;
  onRetry?: (event: RetryEvent) => void;
  /** From --max-rps and --timeout. */
  maxRequestsPerSecond?: number;
  timeoutMs?: number;
}

/** The client, and the connection settings it was built from (the token or secret aside, callers may record them). */
export async function connect(io: CliIo, options: ConnectOptions = {}): Promise<{ client: AmperityClient; connection: ConnectionConfig }> {
  const connection = await connectionFromEnv(io.env, {
    ...(options.tokenFile !== undefined && { tokenFile: options.tokenFile }),
    ...(options.clientSecretFile !== undefined && { clientSecretFile: options.clientSecretFile }),
    warn: (line) => io.stderr.write(`${terminalText(line)}\n`),
  });
  const retry = retryFromEnv(io.env, options.maxAttempts);
  const logger = loggerFromEnv(io.env, io.stderr);
  // The clock, sleep and jitter tests give are the client's test hooks, not options (the client refuses those).
  const { sleep, now, random, ...given } = io.client ?? {};
  // Loaded here rather than at start-up, so `--help` does not pay for the client.
  const token = tokenSource(io.env, options.tokenFile);
  if (connection.token !== undefined) checkTokenPrefix(connection.token, token);
  const { createAmperityClient } = await import("../index.js");
  try {
    const client = createAmperityClient({
      ...connection,
      retry,
      ...(options.maxRequestsPerSecond !== undefined && { maxRequestsPerSecond: options.maxRequestsPerSecond }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      userAgent: `amperity-profiles-cli/${sdkVersion}`,
      onDeprecation: (notice) => io.stderr.write(`${terminalText(deprecationLine(notice))}\n`),
      onRetry: options.onRetry ?? ((event) => io.stderr.write(`${terminalText(retryLine(event))}\n`)),
      ...(logger && { logger, logLevel: "debug" }),
      ...given,
      ...((sleep ?? now ?? random) && { [Symbol.for("amperity-profiles.test-hooks")]: { sleep, now, random } }),
    });
    return { client, connection };
  } catch (error) {
    // Name the variable or flag the user set, not the client option it became.
    const reworded = (error as Error).name === "ConfigError" ? inUserTerms((error as Error).message, token) : undefined;
    throw reworded === undefined ? error : new UsageError(reworded);
  }
}

/** The commands' `--token-file` and `--client-secret-file`, as connect() takes them. */
export function authFlags(options: { tokenFile?: string; clientSecretFile?: string }): Pick<ConnectOptions, "tokenFile" | "clientSecretFile"> {
  return {
    ...(options.tokenFile !== undefined && { tokenFile: options.tokenFile }),
    ...(options.clientSecretFile !== undefined && { clientSecretFile: options.clientSecretFile }),
  };
}

/** `retrying after HTTP 503 (attempt 1 failed; next in 250 ms)` */
export function retryLine(event: RetryEvent): string {
  return `retrying after ${event.reason} (attempt ${event.attempt} failed; next in ${Math.round(event.delayMs)} ms)`;
}

/**
 * AMPERITY_LOG=debug: a line on stderr for each attempt of each request (operation, URL, attempt; then status,
 * duration and request id). Retries, deprecation warnings and the failure have lines of their own already, so only
 * the logger's debug level is printed. Checked before anything is sent.
 */
export function loggerFromEnv(env: Record<string, string | undefined>, stderr: CliIo["stderr"]): Logger | undefined {
  const level = env["AMPERITY_LOG"]?.trim().toLowerCase();
  if (level === undefined || level === "" || level === "off") return undefined;
  if (level !== "debug") throw new UsageError(`AMPERITY_LOG must be debug (each request on stderr) or off, got ${JSON.stringify(env["AMPERITY_LOG"])}`);
  const ignore = () => undefined;
  return { debug: (message) => void stderr.write(`debug: ${terminalText(message)}\n`), info: ignore, warn: ignore, error: ignore };
}
