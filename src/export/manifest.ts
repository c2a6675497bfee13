/**
 * `FILE.manifest.json`, written beside every `--out` file once the file is in place: what was exported (format,
 * compression, index, filters, tenant), what the file holds (profiles, bytes, SHA-256), and how the run went
 * (times, requests, retries, the total the API reported). Never the token or the client secret: the connection
 * settings that go in are the tenant and the endpoint only. `amperity-profiles check FILE` compares the two.
 */
import type { Stats } from "node:fs";
import { lstat } from "node:fs/promises";
import { sdkVersion } from "../version.js";
import { compressions, formats, parquetCodecs, type Compression, type Format, type ParquetCodecName } from "./format.js";
import { InputFileError, readInputFile } from "../edges/files/input-file.js";
import { manifestPath } from "../edges/files/output-names.js";
import { UnsafeFileError } from "../edges/files/own-file.js";
import { replaceOwnFile } from "../edges/files/replace-file.js";

export const manifestVersion = 1;

export { manifestPath };

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

/** Manifests this program writes are a few hundred bytes; filters make them longer, never a MiB. */
const maxManifestBytes = 1 << 20;

/**
 * The manifest beside `file`, and the stat of what was read: a regular file of at most 1 MiB, never read through
 * a symlink or from a FIFO (the files edge), and with every field of the type this program writes, so that what
 * compares it never meets a field of another type.
 */
export async function readManifest(file: string): Promise<{ manifest: Manifest; info: Stats }> {
  const path = manifestPath(file);
  let read;
  try {
    read = await readInputFile(path, { follow: false, maxBytes: maxManifestBytes });
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw new ManifestError(`${path} ${refusalWords(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(read.bytes.toString("utf8"));
  } catch {
    throw new ManifestError(`${path} is not valid JSON`);
  }
  if (!isManifest(value)) throw new ManifestError(`${path} is not a manifest of version ${manifestVersion} (a field is missing or of the wrong type)`);
  return { manifest: value, info: read.info };
}

function refusalWords({ refusal, detail, code }: InputFileError): string {
  if (refusal === "missing") return "does not exist";
  if (refusal === "unreadable") return `cannot be read (${code ?? "error"})`;
  const what = refusal === "too large" ? "too large" : refusal === "symlink" ? "a symbolic link" : `a ${detail ?? "special file"}`;
  return `is ${what}, so it is not a manifest this program wrote`;
}

const isString = (value: unknown): value is string => typeof value === "string";
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function isManifest(value: unknown): value is Manifest {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const m = value as Record<keyof Manifest, unknown>;
  const filters = m.filters;
  return (
    m.manifest_version === manifestVersion &&
    isString(m.file) &&
    (formats as readonly unknown[]).includes(m.format) &&
    (m.compression === null || (compressions as readonly unknown[]).includes(m.compression)) &&
    (m.parquet_codec === undefined || m.parquet_codec === null || (parquetCodecs as readonly unknown[]).includes(m.parquet_codec)) &&
    isString(m.index_id) &&
    typeof filters === "object" && filters !== null && !Array.isArray(filters) && Object.values(filters).every(isString) &&
    isString(m.tenant) &&
    isString(m.endpoint) &&
    (m.max_items === null || isCount(m.max_items)) &&
    isCount(m.profiles) &&
    isCount(m.bytes) &&
    isString(m.sha256) &&
    /^[0-9a-f]{64}$/.test(m.sha256)
  );
}
