/**
 * `export --all-indexes --resume`: whether an index's file was already finished by an earlier run of the same
 * export, so the resumed run leaves it alone instead of fetching the whole index again. Finished means: no part
 * file or checkpoint of an unfinished export beside it; the file and its manifest regular files (never read
 * through a symlink) that only this user could have written (theirs, one link, not group- or world-writable);
 * a manifest of the right shape that describes this export (index, format, compression, filters, tenant,
 * endpoint, --max-items); and a file that still matches it (profiles, size and SHA-256, as `check` compares them).
 * Anything else is exported as usual: an unfinished one resumed from its checkpoint, the rest from the start.
 */
import type { Stats } from "node:fs";
import { lstat } from "node:fs/promises";
import { openInputFile, writtenOnlyByThisUser } from "../edges/files/input-file.js";
import { checkpointPath, partPath } from "../edges/files/output-names.js";
import type { Manifest } from "../export/manifest.js";
import type { ExportDescription } from "./export-record.js";

export async function finishedExport(out: string, expected: ExportDescription): Promise<boolean> {
  const exists = (path: string) => lstat(path).then(() => true, () => false);
  if ((await exists(partPath(out))) || (await exists(checkpointPath(out)))) return false;
  const [{ readManifest }, { inspectExport }] = await Promise.all([import("../export/manifest.js"), import("../export/inspect-file.js")]);
  const read = await readManifest(out).catch(() => undefined);
  if (!read || !ours(read.info) || !describes(read.manifest, expected)) return false;
  const { manifest } = read;
  const input = await openInputFile(out, { follow: false }).catch(() => undefined);
  if (!input) return false;
  try {
    if (!ours(input.info)) return false;
    const facts = await inspectExport(input, manifest.format, manifest.compression).catch(() => undefined);
    return facts !== undefined && facts.profiles === manifest.profiles && facts.bytes === manifest.bytes && facts.sha256 === manifest.sha256;
  } finally {
    await input.handle.close();
  }
}

/** A file this user's earlier run could have written, and nobody else could have changed since. */
const ours = (info: Stats): boolean => writtenOnlyByThisUser(info) && info.nlink === 1;

function describes(manifest: Manifest, expected: ExportDescription): boolean {
  const sameFilters = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => Object.hasOwn(b, key) && b[key] === value);
  return (
    manifest.index_id === expected.index_id &&
    manifest.format === expected.format &&
    manifest.compression === expected.compression &&
    // A manifest from before --parquet-codec describes a Snappy file.
    (manifest.parquet_codec ?? (manifest.format === "parquet" ? "snappy" : null)) === expected.parquet_codec &&
    manifest.tenant === expected.tenant &&
    manifest.endpoint === expected.endpoint &&
    manifest.max_items === expected.max_items &&
    sameFilters(manifest.filters, expected.filters)
  );
}
