/**
 * OAuth client credentials from the environment: AMPERITY_CLIENT_ID with AMPERITY_CLIENT_SECRET,
 * AMPERITY_CLIENT_SECRET_FILE or `--client-secret-file`, and AMPERITY_TOKEN_URL. No flag takes the secret itself:
 * command lines end up in process lists and shell history.
 */
import { UsageError } from "./handle-error.js";
import { registerSecret } from "../edges/secrets/index.js";
import { readSecretSetting } from "./secret-file.js";

type Env = Record<string, string | undefined>;

export interface ClientCredentialsConfig {
  clientId: string;
  clientSecret: string;
  tokenUrl?: string;
}

const tokenSettings = "AMPERITY_TOKEN, AMPERITY_TOKEN_FILE or --token-file";
const clientSettings = "AMPERITY_CLIENT_ID with AMPERITY_CLIENT_SECRET, AMPERITY_CLIENT_SECRET_FILE or --client-secret-file";

const value = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined;

/**
 * The client credentials, or undefined when none of their settings is present (the token settings apply then).
 * Setting both kinds, or half of the credentials, is a UsageError (exit 2) naming what to set.
 */
export async function clientCredentialsFromEnv(
  env: Env,
  flags: { tokenFile?: string; clientSecretFile?: string; warn?: (line: string) => void } = {},
): Promise<ClientCredentialsConfig | undefined> {
  const clientId = value(env, "AMPERITY_CLIENT_ID");
  const envSecret = value(env, "AMPERITY_CLIENT_SECRET");
  const envFile = value(env, "AMPERITY_CLIENT_SECRET_FILE");
  const tokenUrl = value(env, "AMPERITY_TOKEN_URL");
  // Registered as soon as read, before any check can fail (src/edges/secrets/registry.ts).
  if (clientId !== undefined) registerSecret(clientId, "client id");
  if (envSecret !== undefined) registerSecret(envSecret, "client secret");
  const file = flags.clientSecretFile ?? envFile;
  if (clientId === undefined && envSecret === undefined && file === undefined) {
    if (tokenUrl !== undefined) throw new UsageError(`AMPERITY_TOKEN_URL is set but not the client credentials: set ${clientSettings}`);
    return undefined;
  }
  if (flags.tokenFile !== undefined || value(env, "AMPERITY_TOKEN") !== undefined || value(env, "AMPERITY_TOKEN_FILE") !== undefined) {
    throw new UsageError(`set either ${tokenSettings}, or ${clientSettings}, not both`);
  }
  if (clientId === undefined) throw new UsageError("AMPERITY_CLIENT_ID is not set (the client id that goes with the client secret)");
  if (flags.clientSecretFile === undefined && envSecret !== undefined && envFile !== undefined) {
    throw new UsageError("set only one of AMPERITY_CLIENT_SECRET and AMPERITY_CLIENT_SECRET_FILE");
  }
  const setting = flags.clientSecretFile !== undefined ? "--client-secret-file" : "AMPERITY_CLIENT_SECRET_FILE";
  const clientSecret = file === undefined ? envSecret : await readSecretSetting({ file, setting, kind: "client secret" }, flags.warn);
  if (clientSecret === undefined) {
    throw new UsageError("no client secret: set AMPERITY_CLIENT_SECRET or AMPERITY_CLIENT_SECRET_FILE, or pass --client-secret-file");
  }
  registerSecret(clientSecret, "client secret");
  return { clientId, clientSecret, ...(tokenUrl !== undefined && { tokenUrl }) };
}
