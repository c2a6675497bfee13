/**
 * A token or client secret file named by a flag or a variable, read through the files edge (secret-file.ts there:
 * a regular file only, bounded, trimmed, registered as a secret); its refusals are said with the setting the user
 * set, as usage errors, and a file that group or others can read gets a warning.
 */
import { readableByOthers } from "../edges/files/input-file.js";
import { readSecretFile } from "../edges/files/secret-file.js";
import { UsageError } from "./handle-error.js";
import { inPlainWords } from "./os-error-words.js";

export interface SecretSetting {
  file: string;
  /** The flag or variable that named the file: `--token-file`, `AMPERITY_TOKEN_FILE`, ... */
  setting: string;
  kind: "token" | "client secret";
}

export async function readSecretSetting({ file, setting, kind }: SecretSetting, warn?: (line: string) => void): Promise<string> {
  const what = `${kind} file`;
  let read;
  try {
    read = await readSecretFile(file, kind);
  } catch (error) {
    throw new UsageError(inPlainWords(error, { setting, what, path: file }) ?? `cannot read the ${what} ${file} (${setting})`);
  }
  // Like ssh and kubectl: a secret others can read is worth a warning (not a refusal; CI mounts vary).
  if (warn && readableByOthers(read.info)) {
    const octal = (read.info.mode & 0o777).toString(8).padStart(4, "0");
    warn(`warning: the ${what} ${file} is readable by group or others (mode ${octal}); restrict it with chmod 600`);
  }
  return read.secret;
}
