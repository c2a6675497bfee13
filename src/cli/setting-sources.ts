/**
 * The client names its options (`baseUrl`, `tenant`, `token`); a CLI user set environment variables or a flag.
 * These helpers say which one, so a message points at the thing to fix.
 */
import type { Env } from "./env.js";
import { UsageError } from "./handle-error.js";

/** Where the token came from, in the words the user set it: `AMPERITY_TOKEN`, `--token-file PATH`, ... */
export function tokenSource(env: Env, tokenFile: string | undefined): string {
  if (tokenFile !== undefined) return `the token in --token-file ${tokenFile}`;
  const envFile = env.AMPERITY_TOKEN_FILE?.trim();
  return envFile ? `the token in AMPERITY_TOKEN_FILE (${envFile})` : "AMPERITY_TOKEN";
}

/** A token pasted with its `Bearer ` prefix would be sent as `Bearer Bearer ...`: refused with the fix. */
export function checkTokenPrefix(token: string, source: string): void {
  if (/^bearer\s/i.test(token)) {
    throw new UsageError(`${source} starts with "Bearer ": set the token alone, without the prefix (the client adds it)`);
  }
}

const optionNames: Readonly<Record<string, string>> = {
  baseUrl: "AMPERITY_BASE_URL",
  tenant: "AMPERITY_TENANT",
  region: "AMPERITY_REGION",
  tokenUrl: "AMPERITY_TOKEN_URL",
};

/**
 * The client's ConfigError message about an option, reworded to name the setting the user set, or undefined
 * when the message is about something else.
 */
export function inUserTerms(message: string, token: string): string | undefined {
  const match = /^(baseUrl|tenant|region|tokenUrl|token)\b/.exec(message);
  if (!match) return undefined;
  const option = match[1]!;
  return `${option === "token" ? token : optionNames[option]}${message.slice(option.length)}`;
}
