/**
 * A token or client secret read from a file: through the bounded reader (a regular file of at most 64 KiB, so a
 * FIFO, a device or a wrong path is refused at once), trimmed, never empty, and registered with the secrets edge
 * the moment it enters the process.
 */
import type { Stats } from "node:fs";
import { registerSecret, type SecretKind } from "../secrets/index.js";
import { InputFileError, readInputFile } from "./input-file.js";

/** A JWT is a few KiB; a file far larger than that is not a token file. */
export const maxSecretFileBytes = 64 * 1024;

export async function readSecretFile(path: string, kind: Extract<SecretKind, "token" | "client secret">): Promise<{ secret: string; info: Stats }> {
  const { bytes, info } = await readInputFile(path, { follow: true, maxBytes: maxSecretFileBytes });
  const secret = bytes.toString("utf8").trim();
  if (!secret) throw new InputFileError(path, "empty", undefined);
  registerSecret(secret, kind);
  return { secret, info };
}
