/**
 * The `--resume` checkpoint, `<out>.checkpoint.json`: written after each page once its bytes are on disk, so it
 * never points past what the part file holds. It records the cursor, never the credentials.
 */
import { createHash } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import type { CsvColumn } from "./csv.js";
import type { Format } from "./format.js";

export interface Checkpoint {
  version: 1;
  indexId: string;
  format: Format;
  /** Hash of everything else that shapes the output (tenant, endpoint, filters, limits); see `fingerprint`. */
  fingerprint: string;
  /** The cursor of the next page; null once the last page is written and only the ending remains. */
  next_token: string | null;
  /** Length of the part file covered by this checkpoint. */
  bytes: number;
  /** Profiles written so far. */
  count: number;
  /** The CSV header, fixed by the first page. */
  columns: CsvColumn[] | null;
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

/** The checkpoint at `path`, or undefined when there is none. */
export async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CheckpointError(`${path} is not a valid checkpoint; delete it or run without --resume`);
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
    c.version === 1 &&
    typeof c.indexId === "string" &&
    typeof c.format === "string" &&
    typeof c.fingerprint === "string" &&
    (c.next_token === null || typeof c.next_token === "string") &&
    Number.isSafeInteger(c.bytes) &&
    Number.isSafeInteger(c.count) &&
    (c.columns === null || Array.isArray(c.columns))
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

/** Replaces the checkpoint atomically: a temporary file, flushed, then renamed over the old one. */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(JSON.stringify(checkpoint) + "\n");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.tmp`, { force: true });
}
