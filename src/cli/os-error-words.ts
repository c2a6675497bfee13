/**
 * The one place where an operating-system error (ENOENT, EACCES, ENOSPC, EADDRINUSE, ...) or a refused input file
 * becomes a sentence in the user's words: what is wrong, with the flag or variable they set, and how to fix it.
 * handle-error.ts uses it for any error that reaches it with an errno code; the commands use it where they know
 * which setting named the path or port.
 */
import { dirname } from "node:path";

/** What the failing path or port was, in the user's terms. */
export interface Subject {
  /** The flag or environment variable that named it: `--out`, `AMPERITY_TOKEN_FILE`, `--port`. */
  setting?: string;
  /** What it is to the user: "token file", "output file"; absent for a bare path. */
  what?: string;
  path?: string;
  /** An output (written) rather than an input (read). */
  output?: boolean;
  /** The path is itself a folder to write in (`--out-dir`), not a file. */
  folder?: boolean;
}

/** A path as a shell takes it in the suggested command: quoted when it holds anything but plain characters. */
export const shellWord = (text: string): string => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

type ErrorLike = Error & { code?: string; syscall?: string; path?: string; port?: number; address?: string; refusal?: string; detail?: string } & {
  /** Set by a caller that knows which setting named the file it was writing (export-output.ts). */
  setting?: string;
  output?: boolean;
};

/** The sentence for `error`, or undefined when it is not an operating-system error this module knows. */
export function inPlainWords(error: unknown, subject: Subject = {}): string | undefined {
  // Not `instanceof Error`: an error made in another realm (a VM context, a worker) is one all the same.
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as ErrorLike;
  const path = subject.path ?? e.path;
  const setting = subject.setting ?? e.setting;
  const output = subject.output ?? e.output;
  const named = path === undefined ? "" : `${subject.what ? `the ${subject.what} ` : ""}${path}`;
  const by = setting ? ` (${setting})` : "";
  const fix = setting ? `check the path given to ${setting}` : "check the path";
  if (e.name === "InputFileError") return inputWords(e, named || "the file", by, fix, { ...subject, ...(setting && { setting }) });
  switch (e.code) {
    case "EACCES":
    case "EPERM":
      if (e.syscall !== "listen") break;
      return `port ${e.port ?? "?"} needs privileges this user does not have; pick one above 1023 with --port or omit it for a free one`;
    case "EADDRINUSE":
      return `port ${e.port ?? "?"} is in use; pick another with --port or omit it for a free one`;
    case "EADDRNOTAVAIL":
      return `${e.address ?? "the address"} is not an address of this machine; pick another with --host or omit it for 127.0.0.1`;
    case "ENOSPC":
    case "EDQUOT":
      return `no space left ${e.code === "EDQUOT" ? "in your disk quota " : ""}on the device${path ? ` holding ${path}` : ""}${by}; free some space${setting ? ` or pick another ${setting}` : ""}, then run the command again`;
    case "EMFILE":
    case "ENFILE":
      return "too many open files; raise the limit (ulimit -n) or export fewer indexes at once (--concurrency)";
  }
  if (path === undefined) return undefined;
  const folder = dirname(path);
  switch (e.code) {
    case "ENOENT":
      if (subject.folder) return `the folder ${path}${by} does not exist; create it with mkdir -p ${shellWord(path)}, or give another ${setting ?? "folder"}`;
      return output
        ? `the folder ${folder} does not exist${by}; create it with mkdir -p ${shellWord(folder)}, or give another ${setting ?? "path"}`
        : `${named}${by} does not exist; ${fix}`;
    case "ENOTDIR":
      return `${named}${by}: a part of its path is not a folder; ${fix}`;
    case "EISDIR":
      return `${named}${by} is a folder; give the path of a file`;
    case "EACCES":
    case "EPERM":
      return output
        ? `permission denied writing ${named}${by}; give a folder you can write to, or change the permissions of ${folder}`
        : `permission denied reading ${named}${by}; check its permissions and owner (ls -l ${shellWord(path)})`;
    case "EROFS":
      return `${folder} is on a read-only file system${by}; give a path on a writable one`;
    case "ELOOP":
      return `${named}${by} is a symbolic link (or a loop of them), which is not followed here; give the file's real path`;
  }
  return undefined;
}

/** A refusal of the files edge (input-file.ts), said for the setting that named the file. */
function inputWords(e: ErrorLike, named: string, by: string, fix: string, subject: Subject): string {
  switch (e.refusal) {
    case "missing":
      return `${named}${by} does not exist; ${fix}`;
    case "symlink":
      return `${named} is a symbolic link, so it is not a file this program wrote; it was left alone`;
    case "not a regular file":
      if (e.detail === "directory") return `${named}${by} is a folder; give the path of a file`;
      return (
        `${named}${by} is a ${e.detail ?? "special file"}, not a regular file: it is not read, since it could block or never end; ` +
        `${subject.setting ? `give ${subject.setting} the path of a file` : "give the path of a file"}`
      );
    case "too large":
      return `${named}${by} is too large (${e.detail}), so it is not ${subject.what ? `a ${subject.what}` : "a file this program reads"}; ${fix}`;
    case "empty":
      return `${named}${by} is empty; ${fix}`;
  }
  return inPlainWords(Object.assign(new Error(e.message), { code: e.code, path: subject.path ?? e.path }), { ...subject, output: false }) ??
    `${named}${by} cannot be read (${e.code ?? "error"}); ${fix}`;
}
