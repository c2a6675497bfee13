/**
 * `--har FILE` checked before any request is sent, so a run against a live tenant is not spent only to fail at the
 * end on a path it cannot write: the directory must exist and the path must not be a directory.
 */
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { UsageError } from "./handle-error.js";

export async function checkHarTarget(path: string): Promise<void> {
  const directory = await stat(dirname(path)).catch(() => undefined);
  if (!directory?.isDirectory()) {
    throw new UsageError(`--har ${path}: the directory ${dirname(path)} does not exist; create it or choose another file`);
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`--har ${path} is a directory; give a file name, e.g. ${path.replace(/\/?$/, "/verify.har")}`);
}
