/**
 * The `--resume` checkpoint, `<out>.checkpoint.json`: written after each page once its bytes are on disk, so it
 * never points past what the part file holds, with the SHA-256 of those bytes so a resume can prove the part file
 * is the one it describes, and a digest of every other field a resume uses (the cursor, the count, CSV's columns,
 * Parquet's types and row groups), so an edited checkpoint is refused before anything is cut or renamed. It
 * records the cursor, never the credentials.
 */
import { createHash } from "node:crypto";
import type { CsvColumn } from "./csv.js";
import type { Format } from "./format.js";
import { InputFileError, readInputFile } from "../edges/files/input-file.js";
import { assertOwnRegularFile, removeName, UnsafeFileError } from "../edges/files/own-file.js";
import { checkpointInconsistency } from "./checkpoint-checks.js";
import { isParquetState, type ParquetState } from "./parquet-state.js";
import { replaceOwnFile } from "../edges/files/replace-file.js";

export const checkpointVersion = 3;

export interface Checkpoint {
  /** 3 since the digest of its own fields; a checkpoint of an earlier version cannot be verified and is refused. */
  version: 3;
  indexId: string;
  format: Format;
  /** Hash of everything else that shapes the output (tenant, endpoint, filters, limits); see `fingerprint`. */
  fingerprint: string;
  /** The cursor of the next page; null once the last page is written and only the ending remains. */
  next_token: string | null;
  /** Length of the part file covered by this checkpoint. */
  bytes: number;
  /** SHA-256 (hex) of the part file's first `bytes` bytes. */
  sha256: string;
  /** Profiles written so far. */
  count: number;
  /** The CSV header (and Parquet's columns), fixed by the first page. */
  columns: CsvColumn[] | null;
  /** Parquet only: the column types and the row groups already in the part file, for the footer. */
  parquet?: ParquetState;
}

export { checkpointPath } from "../edges/files/output-names.js";

/** A checkpoint that cannot be used: unreadable, or written by a different command. */
export class CheckpointError extends Error {
  override readonly name = "CheckpointError";
}

/** A stable hash of the request shape, so a checkpoint is only reused by the same command. */
export function fingerprint(parts: Record<string, unknown>): string {
  return createHash("sha256").update(JSON.stringify(sortedKeys(parts))).digest("hex").slice(0, 32);
}

/**
 * The most a checkpoint may hold, read or written. Its size grows with Parquet's row groups times columns (about
 * 400 bytes per column chunk, names and long values left out; parquet-state.ts, parquet-statistics.ts).
 */
export const maxCheckpointBytes = 64 * 1024 * 1024;

/** The digest a checkpoint carries: SHA-256 of its other fields, keys sorted, as JSON. */
const digestOf = (checkpoint: Checkpoint): string => createHash("sha256").update(JSON.stringify(sortedKeys(checkpoint))).digest("hex");

/**
 * The checkpoint at `path` (a regular file of this user with one link, never read through a symlink, at most
 * `maxCheckpointBytes`), or undefined when there is none. One that was edited, or whose fields cannot all be
 * true, is a CheckpointError: nothing has been read of the part file yet, let alone cut.
 */
export async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let read;
  try {
    read = await readInputFile(path, { follow: false, maxBytes: maxCheckpointBytes });
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    if (error.refusal === "missing") return undefined;
    if (error.refusal === "symlink" || error.refusal === "not a regular file") {
      throw new UnsafeFileError(
        `${path} ${error.refusal === "symlink" ? "is a symbolic link" : "is not a regular file"}, so it is not a file this export created; it was left alone. ` +
          `Remove it (rm removes a link, not its target) and run the export again without --resume`,
      );
    }
    if (error.refusal === "too large") throw invalid(path, `it is larger than the ${maxCheckpointBytes} bytes this program writes`);
    throw error.cause ?? error;
  }
  assertOwnRegularFile(read.info, path);
  let value: unknown;
  try {
    value = JSON.parse(read.bytes.toString("utf8"));
  } catch {
    throw invalid(path, "it is not JSON");
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (version === 1 || version === 2) {
    throw new CheckpointError(
      `${path} was written by an older amperity-profiles and cannot be verified against its part file; run the same command without --resume to start over`,
    );
  }
  const { digest, ...fields } = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (!isCheckpoint(fields)) throw invalid(path, "a field is missing or of the wrong type");
  if (digest !== digestOf(fields)) {
    throw new CheckpointError(
      `${path} was changed after this program wrote it (its digest does not match its fields); nothing was written. ` +
        `Run the same command without --resume to start over`,
    );
  }
  const inconsistency = checkpointInconsistency(fields);
  if (inconsistency) throw invalid(path, `it describes ${inconsistency}`);
  return fields;
}

function invalid(path: string, why: string): CheckpointError {
  return new CheckpointError(`${path} is not a valid checkpoint (${why}); nothing was written. Run the same command without --resume to start over`);
}

function isCheckpoint(value: unknown): value is Checkpoint {
  const c = value as Partial<Checkpoint> | null;
  return (
    typeof c === "object" &&
    c !== null &&
    c.version === checkpointVersion &&
    typeof c.indexId === "string" &&
    typeof c.format === "string" &&
    typeof c.fingerprint === "string" &&
    (c.next_token === null || typeof c.next_token === "string") &&
    Number.isSafeInteger(c.bytes) &&
    typeof c.sha256 === "string" &&
    /^[0-9a-f]{64}$/.test(c.sha256) &&
    Number.isSafeInteger(c.count) &&
    (c.columns === null || Array.isArray(c.columns)) &&
    (c.parquet === undefined || isParquetState(c.parquet))
  );
}

/** `value` with every object's keys in order, so equal contents give equal JSON. */
const sortedKeys = (value: unknown): unknown =>
  value && typeof value === "object" && !Array.isArray(value)
    ? Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
      )
    : Array.isArray(value)
      ? value.map(sortedKeys)
      : value;

/** Throws a CheckpointError when `saved` belongs to a different command than `expected`. */
export function assertSameCommand(
  saved: Checkpoint,
  expected: Pick<Checkpoint, "indexId" | "format" | "fingerprint">,
  path: string,
): void {
  const differs =
    saved.indexId !== expected.indexId
      ? `index ${saved.indexId}`
      : saved.format !== expected.format
        ? `format ${saved.format}`
        : saved.fingerprint !== expected.fingerprint
          ? "other filters, limits, tenant or endpoint"
          : undefined;
  if (differs) {
    throw new CheckpointError(
      `${path} belongs to a different export (${differs}); rerun that command with --resume, or run without --resume to start over`,
    );
  }
}

/**
 * Replaces the checkpoint atomically, through `<path>.tmp` (see replace-file.ts), with its digest. Returns false,
 * writing nothing, when it would be larger than a resume reads: the previous checkpoint then stands.
 */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<boolean> {
  const text = `${JSON.stringify({ ...checkpoint, digest: digestOf(checkpoint) })}\n`;
  if (Buffer.byteLength(text) > maxCheckpointBytes) return false;
  await replaceOwnFile(path, text);
  return true;
}

/** Deletes the checkpoint and its temporary file: the names only, never what a symlink there points to. */
export async function removeCheckpoint(path: string): Promise<void> {
  for (const name of [path, `${path}.tmp`]) await removeName(name);
}
