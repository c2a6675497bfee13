/**
 * `export --all-indexes --resume`: whether an index's file was already finished by an earlier run of the same
 * export, so the resumed run leaves it alone instead of fetching the whole index again. Finished means: no part
 * file or checkpoint of an unfinished export beside it, a regular file (not a symlink) with a manifest that
 * describes this export (index, format, compression, filters, tenant, endpoint, --max-items), and a file that
 * still matches that manifest (profiles, size and SHA-256, as `check` compares them). Anything else is exported
 * as usual: an unfinished one resumed from its checkpoint, the rest from the start.
 */
import { lstat } from "node:fs/promises";
import { partPath } from "../edges/files/atomic-file.js";
import { checkpointPath } from "../export/checkpoint.js";
import type { Manifest } from "../export/manifest.js";
import type { ExportDescription } from "./export-record.js";

export async function finishedExport(out: string, expected: ExportDescription): Promise<boolean> {
  const exists = (path: string) => lstat(path).then(() => true, () => false);
  if ((await exists(partPath(out))) || (await exists(checkpointPath(out)))) return false;
  const info = await lstat(out).catch(() => undefined);
  if (!info?.isFile()) return false;
  const [{ readManifest }, { inspectExport }] = await Promise.all([import("../export/manifest.js"), import("../export/inspect-file.js")]);
  const manifest = await readManifest(out).catch(() => undefined);
  if (!manifest || !describes(manifest, expected)) return false;
  const facts = await inspectExport(out, manifest.format, manifest.compression).catch(() => undefined);
  return facts !== undefined && facts.profiles === manifest.profiles && facts.bytes === manifest.bytes && facts.sha256 === manifest.sha256;
}

function describes(manifest: Manifest, expected: ExportDescription): boolean {
  const sameFilters = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);
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
