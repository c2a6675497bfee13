/**
 * The `--resume` checkpoint, `<out>.checkpoint.json`: written after each page once its bytes are on disk, so it
 * never points past what the part file holds, with the SHA-256 of those bytes so a resume can prove the part file
 * is the one it describes. It records the cursor, never the credentials.
 */
import { createHash } from "node:crypto";
import { unlink } from "node:fs/promises";
import type { CsvColumn } from "./csv.js";
import type { Format } from "./format.js";
import { openOwn } from "../edges/files/own-file.js";
import { isParquetState, type ParquetState } from "./parquet-state.js";
import { replaceOwnFile } from "../edges/files/replace-file.js";

export const checkpointVersion = 2;

export interface Checkpoint {
  /** 2 since the digest; a version 1 checkpoint cannot be verified and is refused. */
  version: 2;
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

export const checkpointPath = (out: string): string => `${out}.checkpoint.json`;

/** A checkpoint that cannot be used: unreadable, or written by a different command. */
export class CheckpointError extends Error {
  override readonly name = "CheckpointError";
}

/** A stable hash of the request shape, so a checkpoint is only reused by the same command. */
export function fingerprint(parts: Record<string, unknown>): string {
  const sorted = (value: unknown): unknown =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
        )
      : value;
  return createHash("sha256").update(JSON.stringify(sorted(parts))).digest("hex").slice(0, 32);
}

/** The checkpoint at `path` (a regular file of this user, never through a symlink), or undefined when there is none. */
export async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  const handle = await openOwn(path, "r");
  if (!handle) return undefined;
  let text: string;
  try {
    text = await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CheckpointError(`${path} is not a valid checkpoint; delete it or run without --resume`);
  }
  if ((value as { version?: unknown } | null)?.version === 1) {
    throw new CheckpointError(
      `${path} was written by an older amperity-profiles and cannot be verified against its part file; run the same command without --resume to start over`,
    );
  }
  if (!isCheckpoint(value)) {
    throw new CheckpointError(`${path} is not a valid checkpoint; delete it or run without --resume`);
  }
  return value;
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
    // Parquet's row groups end where the part file's checkpointed bytes end.
    (c.parquet === undefined || (isParquetState(c.parquet) && c.parquet.offset === c.bytes))
  );
}

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

/** Replaces the checkpoint atomically, through `<path>.tmp` (see replace-file.ts). */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await replaceOwnFile(path, JSON.stringify(checkpoint) + "\n");
}

/** Deletes the checkpoint and its temporary file: the names only, never what a symlink there points to. */
export async function removeCheckpoint(path: string): Promise<void> {
  for (const name of [path, `${path}.tmp`]) {
    await unlink(name).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
}
