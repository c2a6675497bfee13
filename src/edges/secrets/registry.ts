/**
 * The one registry of every secret this process holds — tokens given or obtained, client secrets, and client ids
 * (not secret, but echoed beside the secret) — and the one scrubber that every error, log line, report and file
 * we write passes through. A secret is registered where it enters the process (a token file, an option, a token
 * response); everything that leaves the process is scrubbed of all of them, whichever surface it leaves by.
 */
import { redactToken } from "./redact.js";

export type SecretKind = "token" | "client secret" | "client id";

/** What a secret is replaced with: the kind, never any of its characters. */
export const replacementFor = (kind: SecretKind): string => (kind === "client id" ? "[client id]" : "[redacted]");

/** Obtained tokens are kept this many at most (a long-lived service refreshes every hour). */
const maxSecrets = 64;

const held = new Map<string, SecretKind>();

/** Registers `value` (ignored when empty); the most recently registered are kept when there are too many. */
export function registerSecret(value: string, kind: SecretKind): void {
  if (typeof value !== "string" || value === "") return;
  held.delete(value);
  held.set(value, kind);
  if (held.size > maxSecrets) held.delete(held.keys().next().value!);
}

/** Forgets every secret (tests). */
export function clearSecrets(): void {
  held.clear();
}

/**
 * `value` with every registered secret replaced, in every form a server or proxy may echo it in: strings are
 * returned scrubbed, errors are scrubbed in place (message, stack, properties, cause chain), plain objects and
 * arrays are copied.
 */
export function scrub<T>(value: T): T {
  let out = value;
  for (const [secret] of held) out = redactToken(out, secret);
  return out;
}
