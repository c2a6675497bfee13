/**
 * The one way a small file is written, whole: the program's own side files (manifest, checkpoint) through
 * `replaceOwnFile`, and a file the user named (a report: `verify --junit`) through `writeOutputFile`. The text
 * goes to `<path>.tmp`, created exclusively and never through a symlink (a leftover regular file of a killed run
 * is removed first, anything else refused), is flushed, then renamed over `path` (rename replaces a link there,
 * never writes through it). Data files take the same road in pieces (atomic-file.ts).
 *
 * These are the files we write about a run (manifests, checkpoints, reports), so their text is scrubbed of every
 * secret the process holds: a cursor or message a server sent may echo one. Data files never come here: the
 * profiles an export writes are the user's data, written byte-exact by the sinks, and are not scrubbed.
 */
import { lstat, rename } from "node:fs/promises";
import { scrub } from "../secrets/index.js";
import { outputClashes, temporaryPath } from "./output-names.js";
import { createExclusive, removeLeftover, UnsafeFileError } from "./own-file.js";

export async function replaceOwnFile(path: string, text: string): Promise<void> {
  const temporary = temporaryPath(path);
  await removeLeftover(temporary);
  const handle = await createExclusive(temporary);
  try {
    await handle.writeFile(scrub(text));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/**
 * Writes a file the user named, atomically, as `replaceOwnFile` does. Refused (UnsafeFileError, before anything
 * is written): a `path` that is a directory, device, FIFO or socket (renaming over it would replace the device
 * itself), and one that is another output of the same run or one of its side files (`others`: the run's other
 * output paths, e.g. an export's --out), compared as a case-insensitive file system would.
 */
export async function writeOutputFile(path: string, text: string, others: readonly string[] = []): Promise<void> {
  const clash = outputClashes([{ id: "", path }, ...others.map((other, i) => ({ id: String(i + 1), path: other }))]).find((c) => c.id === "");
  if (clash) {
    throw new UnsafeFileError(`${path} would be the ${clash.otherRole} of ${others[Number(clash.other) - 1]}, another output of this command; give another path`);
  }
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (info && !info.isFile() && !info.isSymbolicLink()) {
    throw new UnsafeFileError(`${path} is ${info.isDirectory() ? "a folder" : "not a regular file (a device, FIFO or socket)"}; give the path of a file to write`);
  }
  await replaceOwnFile(path, text);
}
