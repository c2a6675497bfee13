/**
 * The one place that turns a failure into a one-line reason on stderr and an exit code:
 * 0 success, 1 API or runtime failure, 2 usage or configuration error, 3 an export whose count differs from the
 * total the API reported, 128 + signal number when interrupted (129 SIGHUP, 130 Ctrl-C, 143 SIGTERM).
 */
import { CommanderError } from "commander";
import type { Writable } from "node:stream";
import { baseUrlAdvice, rateLimitAdvice } from "./messages.js";
import { inPlainWords } from "./os-error-words.js";
import { terminalText } from "../edges/terminal/terminal-text.js";

/** Bad arguments or configuration, found before any request is sent. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The export was stopped by a signal; what it had written is kept for `--resume`. */
export class InterruptedError extends Error {
  override readonly name = "InterruptedError";
  constructor(
    message: string,
    readonly signal: NodeJS.Signals = "SIGINT",
  ) {
    super(message);
  }
}

/**
 * The export finished and its file is in place, but holds another number of profiles than the API reported at the
 * start (`--with-total`): the data may have changed meanwhile, or something was lost.
 */
export class CountMismatchError extends Error {
  override readonly name = "CountMismatchError";
}

export const exitCodes = { ok: 0, failure: 1, usage: 2, countMismatch: 3, interrupted: 130 } as const;

/** 128 + the signal's number, as shells report it: SIGHUP 129, SIGINT 130, SIGTERM 143. */
const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
export const exitCodeForSignal = (signal: NodeJS.Signals): number => 128 + (signalNumbers[signal] ?? 2);

// Matched by name as well as by class so this module does not load the client (keeps `--help` fast).
const usageNames = new Set(["UsageError", "ConfigError", "CheckpointError", "UnsafeFileError"]);

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
  if (error instanceof InterruptedError) return exitCodeForSignal(error.signal);
  if (error instanceof Error && usageNames.has(error.name)) return exitCodes.usage;
  if (error instanceof Error && error.name === "CountMismatchError") return exitCodes.countMismatch;
  return exitCodes.failure;
}

/** One line saying what went wrong; the stream it is written to scrubs any secret it quotes (scrubbed-stream.ts). */
export function reasonFor(error: unknown): string {
  // Not `instanceof Error`: errors of another realm (Node's own under a VM context, as in Jest) are errors too.
  if (typeof error !== "object" || error === null || typeof (error as Error).message !== "string") return String(error);
  const e = error as Error & { status?: number; requestId?: string; attempts?: number; code?: string; operation?: string };
  switch (e.name) {
    case "ApiError":
    case "BadRequestError":
    case "AuthenticationError":
    case "PermissionDeniedError":
    case "NotFoundError":
    case "RateLimitError":
    case "ServerError": {
      const id = e.requestId ? ` (request_id ${e.requestId})` : "";
      const after = e.attempts && e.attempts > 1 ? ` after ${e.attempts} attempts` : "";
      const wait = rateLimitAdvice(e, false);
      return `API error ${e.status}${after}${apiDetail(e)}${id}${wait ? `; ${wait}` : ""}`;
    }
    // It names the token endpoint, the status and what to check.
    case "CredentialsRefusedError":
      return e.message;
    case "NetworkError":
    case "TimeoutError":
      return `${e.message}${e.attempts && !e.message.includes("attempt") ? ` after ${e.attempts} attempts` : ""}`;
    // The server's answer was refused before anything was written: the message says what and why.
    case "RedirectError":
    case "ResponseTooLargeError":
    case "ResponseShapeError":
    case "UsageError":
    case "ConfigError":
    case "CheckpointError":
    case "UnsafeFileError":
    case "CsvColumnError":
    case "ParquetColumnError":
    case "CountMismatchError":
    case "IndexListingError":
    case "InterruptedError":
      return e.message;
  }
  // An operating-system error in plain words with its fix (os-error-words.ts), never a bare ENOENT.
  if (e.code && typeof e.code === "string" && e.code.startsWith("E")) return inPlainWords(e) ?? e.message;
  return `${e.name}: ${e.message}`;
}

/**
 * An API error's message after the `operation: HTTP status` it starts with, which the CLI's line says its own way:
 * `: Index not found.`, `, with an empty body`, or nothing.
 */
function apiDetail(e: { message: string; status?: number; operation?: string }): string {
  const prefix = `${e.operation}: HTTP ${e.status}`;
  if (e.operation === undefined || !e.message.startsWith(prefix)) return `: ${e.message}`;
  const rest = e.message.slice(prefix.length);
  return rest.startsWith(": ") || rest === "" ? rest : `,${rest}`;
}

/**
 * Reports `error` on `stderr` and returns the exit code; the stack only with AMPERITY_DEBUG=1. Messages often
 * quote the server, so control characters are escaped: stderr is read on terminals, now or later from a log.
 */
export function handleError(error: unknown, stderr: Writable, env: Record<string, string | undefined>): number {
  const code = exitCodeFor(error);
  // Commander has already printed its own message (usage errors, --help).
  if (!(error instanceof CommanderError)) {
    // An HTTP 404 from a base URL the user set without /api: say so, naming the variable.
    // Any error with an HTTP status (a NotFoundError for the 404): this module does not load the client's classes.
    const status = error instanceof Error ? (error as { status?: unknown }).status : undefined;
    const hint = typeof status === "number" ? baseUrlAdvice(status, env) : undefined;
    const reason = `${reasonFor(error)}${hint ? `; ${hint}` : ""}`;
    stderr.write(`amperity-profiles: ${terminalText(reason.replace(/\s*\n\s*/g, " "))}\n`);
  }
  if (env["AMPERITY_DEBUG"] === "1" && error instanceof Error && error.stack) {
    stderr.write(`${error.stack.split("\n").map(terminalText).join("\n")}\n`);
  }
  return code;
}
