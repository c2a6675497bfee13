/**
 * Connection settings from the environment. The token comes from AMPERITY_TOKEN, AMPERITY_TOKEN_FILE or
 * `--token-file`, never from a flag, because command lines end up in process lists and shell history.
 */
import { regionHosts } from "../../generated/constraints.js";
import type { Region } from "../index.js";
import { clientCredentialsFromEnv, type ClientCredentialsConfig } from "./credentials.js";
import { UsageError } from "./handle-error.js";
import { registerSecret } from "../edges/secrets/index.js";
import { readSecretSetting } from "./secret-file.js";

export type Env = Record<string, string | undefined>;

// A usage error naming AMPERITY_REGION is clearer than the client's ConfigError about `region`.
const regions = Object.keys(regionHosts);
export type CliRegion = Region;

/** A token, or client credentials (src/cli/credentials.ts); never both. */
export type ConnectionConfig = ({ token: string; clientId?: never } | (ClientCredentialsConfig & { token?: never })) & {
  tenant: string;
  region?: CliRegion;
  baseUrl?: string;
};

const value = (env: Env, name: string): string | undefined => {
  const text = env[name]?.trim();
  return text ? text : undefined;
};

/**
 * Reads the connection settings; a missing or unreadable setting is a UsageError (exit 2). `warn` receives the
 * one warning about a token or secret file that group or others can read.
 */
export async function connectionFromEnv(
  env: Env,
  options: { tokenFile?: string; clientSecretFile?: string; warn?: (line: string) => void } = {},
): Promise<ConnectionConfig> {
  const tenant = value(env, "AMPERITY_TENANT");
  if (!tenant) throw new UsageError("AMPERITY_TENANT is not set (the tenant id, e.g. acme or acme-sb-12345)");
  const auth = (await clientCredentialsFromEnv(env, options)) ?? { token: await tokenFromEnv(env, options.tokenFile, options.warn) };
  const region = value(env, "AMPERITY_REGION")?.toLowerCase(); // AWS and aws alike
  if (region !== undefined && !regions.includes(region)) {
    throw new UsageError(`AMPERITY_REGION must be one of ${regions.join(", ")}, got ${JSON.stringify(region)}`);
  }
  const baseUrl = value(env, "AMPERITY_BASE_URL");
  return {
    tenant,
    ...auth,
    ...(region !== undefined && { region: region as CliRegion }),
    ...(baseUrl !== undefined && { baseUrl }),
  };
}

async function tokenFromEnv(env: Env, flagFile: string | undefined, warn?: (line: string) => void): Promise<string> {
  const envToken = value(env, "AMPERITY_TOKEN");
  // Registered as soon as read, before any check can fail (src/edges/secrets/registry.ts).
  if (envToken !== undefined) registerSecret(envToken, "token");
  const envFile = value(env, "AMPERITY_TOKEN_FILE");
  if (flagFile === undefined && envToken !== undefined && envFile !== undefined) {
    throw new UsageError("set only one of AMPERITY_TOKEN and AMPERITY_TOKEN_FILE");
  }
  const file = flagFile ?? envFile;
  if (file === undefined) {
    if (envToken !== undefined) return envToken;
    throw new UsageError("no token: set AMPERITY_TOKEN or AMPERITY_TOKEN_FILE, or pass --token-file");
  }
  const setting = flagFile !== undefined ? "--token-file" : "AMPERITY_TOKEN_FILE";
  return readSecretSetting({ file, setting, kind: "token" }, warn);
}

/**
 * Retry tuning: `--max-attempts` from the command line, and AMPERITY_RETRY_BASE_MS for the first backoff delay
 * (default 250 ms; tests and local sandboxes set it low).
 */
export function retryFromEnv(env: Env, maxAttempts: number | undefined): { maxAttempts?: number; baseDelayMs?: number } {
  const base = value(env, "AMPERITY_RETRY_BASE_MS");
  if (base !== undefined && !/^\d+$/.test(base)) {
    throw new UsageError(`AMPERITY_RETRY_BASE_MS must be a whole number of milliseconds, got ${JSON.stringify(base)}`);
  }
  return {
    ...(maxAttempts !== undefined && { maxAttempts }),
    ...(base !== undefined && { baseDelayMs: Number(base) }),
  };
}
