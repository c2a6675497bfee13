/**
 * Replaces a small file of the export's atomically: the text goes to `<path>.tmp`, created exclusively and never
 * through a symlink (a leftover regular file of a killed run is removed first, anything else refused), is
 * flushed, then renamed over `path` (rename replaces a link there, never writes through it).
 */
import { rename } from "node:fs/promises";
import { temporaryPath } from "./output-names.js";
import { createExclusive, removeLeftover } from "./own-file.js";

export async function replaceOwnFile(path: string, text: string): Promise<void> {
  const temporary = temporaryPath(path);
  await removeLeftover(temporary);
  const handle = await createExclusive(temporary);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}
