/**
 * `FILE.manifest.json`, written beside every `--out` file once the file is in place: what was exported (format,
 * compression, index, filters, tenant), what the file holds (profiles, bytes, SHA-256), and how the run went
 * (times, requests, retries, the total the API reported). Never the token or the client secret: the connection
 * settings that go in are the tenant and the endpoint only. `amperity-profiles check FILE` compares the two.
 */
import { lstat } from "node:fs/promises";
import { sdkVersion } from "../version.js";
import type { Compression, Format, ParquetCodecName } from "./format.js";
import { UnsafeFileError } from "../edges/files/own-file.js";
import { replaceOwnFile } from "../edges/files/replace-file.js";

export const manifestVersion = 1;

export const manifestPath = (out: string): string => `${out}.manifest.json`;

export interface Manifest {
  manifest_version: typeof manifestVersion;
  /** The data file's name, without its directory (the manifest lies beside it). */
  file: string;
  format: Format;
  compression: Compression | null;
  /** Parquet only: the pages' codec (`--parquet-codec`); null for the other formats, absent in older manifests. */
  parquet_codec?: ParquetCodecName | null;
  index_id: string;
  filters: Record<string, string>;
  tenant: string;
  /** The base URL, or the region when the host comes from it. */
  endpoint: string;
  max_items: number | null;
  /** Profiles in the file. */
  profiles: number;
  /** The file's size, in bytes as stored (compressed for gzip). */
  bytes: number;
  /** SHA-256 (hex) of the file's bytes as stored. */
  sha256: string;
  /** When this run started (a resumed export: the run that finished it) and when the file was in place. */
  started_at: string;
  finished_at: string;
  /** Profiles already in the part file when this run resumed it; null for a run from the start. */
  resumed_at_profiles: number | null;
  /** HTTP requests this run sent (attempts, the --with-total request and token requests included), and retries. */
  requests: number;
  retries: number;
  /** With --with-total: what the API reported (capped by --max-items), and whether `profiles` matches it. */
  total_reported: number | null;
  count_matches_total: boolean | null;
  /** The program that wrote the file. */
  generator: string;
}

export type ManifestFields = Omit<Manifest, "manifest_version" | "generator">;

/**
 * Refuses, before any request, a manifest place this export could not safely replace: a symlink or anything but a
 * regular file at `FILE.manifest.json` or its temporary file. (A regular file there is an earlier export's
 * manifest and is replaced at the end.)
 */
export async function assertManifestPlace(out: string): Promise<void> {
  for (const path of [manifestPath(out), `${manifestPath(out)}.tmp`]) {
    const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (info && !info.isFile()) {
      throw new UnsafeFileError(
        `${path} ${info.isSymbolicLink() ? "is a symbolic link" : "is not a regular file"}, so it is not a manifest this export wrote; ` +
          `it was left alone. Remove it (rm removes a link, not its target) and run the export again`,
      );
    }
  }
}

/** Writes the manifest of `out` atomically; the data file must already be in place. */
export async function writeManifest(out: string, fields: ManifestFields): Promise<Manifest> {
  const manifest: Manifest = { manifest_version: manifestVersion, ...fields, generator: `amperity-profiles ${sdkVersion}` };
  await replaceOwnFile(manifestPath(out), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** A manifest that cannot be read or is not one. */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
}

/** The manifest beside `file` (a regular file of at most 1 MiB, as this program writes them). */
export async function readManifest(file: string): Promise<Manifest> {
  const { readFile, stat } = await import("node:fs/promises");
  const { formats, compressions } = await import("./format.js");
  const path = manifestPath(file);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile() || info.size > 1 << 20) throw new ManifestError(`${path} ${info ? "is not a manifest file" : "does not exist"}`);
  let value: Partial<Manifest>;
  try {
    value = JSON.parse(await readFile(path, "utf8")) as Partial<Manifest>;
  } catch {
    throw new ManifestError(`${path} is not valid JSON`);
  }
  const valid =
    value?.manifest_version === manifestVersion &&
    (formats as readonly unknown[]).includes(value.format) &&
    (value.compression === null || (compressions as readonly unknown[]).includes(value.compression)) &&
    Number.isSafeInteger(value.profiles) &&
    Number.isSafeInteger(value.bytes) &&
    typeof value.sha256 === "string" &&
    /^[0-9a-f]{64}$/.test(value.sha256);
  if (!valid) throw new ManifestError(`${path} is not a manifest of version ${manifestVersion} (format, compression, profiles, bytes, sha256)`);
  return value as Manifest;
}
