/** Builds the SDK client for a command from the environment; the CLI uses only the public client API. */
import type { AmperityClient, RetryEvent } from "../index.js";
import { connectionFromEnv, retryFromEnv, type ConnectionConfig } from "./env.js";
import type { CliIo } from "./io.js";

export interface ConnectOptions {
  tokenFile?: string;
  clientSecretFile?: string;
  maxAttempts?: number;
  onRetry?: (event: RetryEvent) => void;
}

/** The client, and the connection settings it was built from (the token or secret aside, callers may record them). */
export async function connect(io: CliIo, options: ConnectOptions = {}): Promise<{ client: AmperityClient; connection: ConnectionConfig }> {
  const connection = await connectionFromEnv(io.env, {
    ...(options.tokenFile !== undefined && { tokenFile: options.tokenFile }),
    ...(options.clientSecretFile !== undefined && { clientSecretFile: options.clientSecretFile }),
    warn: (line) => io.stderr.write(`${line}\n`),
  });
  const retry = retryFromEnv(io.env, options.maxAttempts);
  // Loaded here rather than at start-up, so `--help` does not pay for the client.
  const { createAmperityClient } = await import("../index.js");
  const client = createAmperityClient({
    ...connection,
    retry,
    onRetry: options.onRetry ?? ((event) => io.stderr.write(`${retryLine(event)}\n`)),
    ...io.client,
  });
  return { client, connection };
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
