/** Reads a token or client-secret file: trimmed, never empty, and a warning when group or others can read it. */
import { open } from "node:fs/promises";
import { UsageError } from "./handle-error.js";

/** `what` names the file in messages ("token file", "client secret file"). */
export async function readSecretFile(file: string, what: string, warn?: (line: string) => void): Promise<string> {
  let text: string;
  try {
    const handle = await open(file, "r");
    try {
      // Like ssh and kubectl: a secret others can read is worth a warning (not a refusal; CI mounts vary).
      const { mode } = await handle.stat();
      if (warn && process.platform !== "win32" && (mode & 0o044) !== 0) {
        const octal = (mode & 0o777).toString(8).padStart(4, "0");
        warn(`warning: the ${what} ${file} is readable by group or others (mode ${octal}); restrict it with chmod 600`);
      }
      text = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new UsageError(`cannot read the ${what} ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const secret = text.trim();
  if (!secret) throw new UsageError(`the ${what} ${file} is empty`);
  return secret;
}
