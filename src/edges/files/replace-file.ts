/**
 * Replaces a small file of the export's atomically: the text goes to `<path>.tmp`, created exclusively and never
 * through a symlink (a leftover regular file of a killed run is removed first, anything else refused), is
 * flushed, then renamed over `path` (rename replaces a link there, never writes through it).
 *
 * These are the files we write about a run (manifests, checkpoints, reports), so their text is scrubbed of every
 * secret the process holds: a cursor or message a server sent may echo one. Data files never come here: the
 * profiles an export writes are the user's data, written byte-exact by the sinks, and are not scrubbed.
 */
import { rename } from "node:fs/promises";
import { scrub } from "../secrets/index.js";
import { createExclusive, removeLeftover } from "./own-file.js";

export async function replaceOwnFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
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
