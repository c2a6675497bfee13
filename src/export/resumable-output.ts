/**
 * Opens the `--out` file of an export: takes the target's lock, continues the part file of a matching checkpoint
 * when resuming (after checking the part file's digest), or starts afresh (replacing any leftover). Checkpoints
 * written through it cover only bytes already on disk.
 */
import { lstat } from "node:fs/promises";
import { AtomicFile, partPath } from "../edges/files/atomic-file.js";
import {
  assertSameCommand,
  checkpointPath,
  CheckpointError,
  checkpointVersion,
  maxCheckpointBytes,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type Checkpoint,
} from "./checkpoint.js";
import { acquireExportLock, type ExportLock } from "../edges/files/export-lock.js";
import type { EncoderState } from "./format.js";
import { removeLeftover } from "../edges/files/own-file.js";

export type ExportIdentity = Pick<Checkpoint, "indexId" | "format" | "fingerprint">;

export interface OutputOptions {
  resume: boolean;
  note: (line: string) => void;
  /**
   * The least time between two checkpoints (default 1000 ms; 0 checkpoints every page). Each one costs two
   * fsyncs and a rename; a crash re-fetches at most the pages written since the last one.
   */
  checkpointIntervalMs?: number;
  now?: () => number;
}

export const defaultCheckpointIntervalMs = 1000;

export interface ResumableOutput {
  file: AtomicFile;
  /** The checkpoint being continued, if any. */
  saved: Checkpoint | undefined;
  /**
   * Records that a whole page is written (`next_token` is the cursor after it). The checkpoint is written — the
   * part file flushed first, so it never covers bytes that are not on disk — when `checkpointIntervalMs` has
   * passed since the last one, and always for the last page.
   */
  pageWritten(next_token: string | null, state: EncoderState): Promise<void>;
  /** Renames the finished file into place, drops the checkpoint and the lock. */
  commit(): Promise<void>;
  /**
   * After a failure: checkpoints the last whole page if that is still due, then keeps the part file if a
   * checkpoint describes it (for `--resume`), else deletes it; releases the lock either way.
   */
  abandon(): Promise<{ resumable: boolean }>;
}

const exists = (path: string) => lstat(path).then(() => true, () => false);

export async function openResumableOutput(
  out: string,
  identity: ExportIdentity,
  options: OutputOptions,
): Promise<ResumableOutput> {
  // First, so that nothing below reads or replaces files another export is writing.
  const lock = await acquireExportLock(out);
  try {
    return await open(out, identity, lock, options);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function open(
  out: string,
  identity: ExportIdentity,
  lock: ExportLock,
  { resume, note, checkpointIntervalMs = defaultCheckpointIntervalMs, now = () => performance.now() }: OutputOptions,
): Promise<ResumableOutput> {
  const checkpointFile = checkpointPath(out);
  // A leftover temporary checkpoint (a killed export's) goes now; a planted symlink stops the export before any request.
  await removeLeftover(`${checkpointFile}.tmp`);
  let saved: Checkpoint | undefined;
  let file: AtomicFile | undefined;
  if (resume) {
    saved = await readCheckpoint(checkpointFile);
    if (saved) {
      assertSameCommand(saved, identity, checkpointFile);
      const resumed = await AtomicFile.resume(out, saved.bytes, saved.sha256, await expectedHead(saved));
      if (resumed === "mismatch") {
        throw new CheckpointError(
          `${partPath(out)} does not hold the ${saved.bytes} bytes its checkpoint ${checkpointFile} describes ` +
            `(changed or cut since); nothing was written. Run the same command without --resume to start over`,
        );
      }
      if (resumed === "missing") {
        note(`${partPath(out)} is missing; starting from the beginning`);
        saved = undefined;
      } else {
        file = resumed;
        note(`resuming: ${saved.count} profiles already in ${partPath(out)}`);
      }
    } else {
      note(`no checkpoint at ${checkpointFile}; starting from the beginning`);
    }
  } else if ((await exists(checkpointFile)) || (await exists(partPath(out)))) {
    note(`replacing the unfinished export left at ${partPath(out)} (use --resume to continue it instead)`);
  }
  if (!file) {
    await removeLeftover(checkpointFile);
    await removeCheckpoint(checkpointFile);
    file = await AtomicFile.create(out);
  }

  const opened = file;
  let resumable = saved !== undefined;
  // The last whole page, and whether the checkpoint on disk already covers it.
  let latest: Checkpoint | undefined;
  let recorded = true;
  let lastWritten = now();
  let oversized = false;
  const record = async () => {
    await opened.sync();
    if (await writeCheckpoint(checkpointFile, latest!)) resumable = true;
    else if (!oversized) {
      oversized = true;
      note(
        `the checkpoint would now be larger than ${maxCheckpointBytes} bytes (too many Parquet row groups of this many columns), so it is no longer updated; ` +
          `a --resume continues from the last one written. A larger --row-group-size keeps it smaller`,
      );
    }
    recorded = true;
    lastWritten = now();
  };
  return {
    file: opened,
    saved,
    async pageWritten(next_token, { count, columns, parquet }) {
      latest = {
        version: checkpointVersion, ...identity, next_token, bytes: opened.bytes, sha256: opened.digest(), count, columns,
        ...(parquet && { parquet }),
      };
      recorded = false;
      if (next_token === null || now() - lastWritten >= checkpointIntervalMs) await record();
    },
    async commit() {
      try {
        await opened.commit();
        await removeCheckpoint(checkpointFile);
      } finally {
        await lock.release();
      }
    },
    async abandon() {
      try {
        // A stop the process lives through (a signal, a failed request) loses no whole page; if the disk itself
        // failed, the previous checkpoint stands.
        if (!recorded) await record().catch(() => undefined);
        await opened.abandon({ keep: resumable });
      } finally {
        await lock.release();
      }
      return { resumable };
    },
  };
}

/**
 * The bytes the part file must start with, from what the checkpoint says (a cheap check beside the digest): CSV's
 * header line, Parquet's magic number.
 */
async function expectedHead(saved: Checkpoint): Promise<Uint8Array | undefined> {
  if (saved.format === "csv" && saved.columns !== null && saved.count > 0) {
    const { csvHeader } = await import("./csv.js");
    return Buffer.from(csvHeader(saved.columns), "utf8");
  }
  if (saved.format === "parquet" && saved.bytes > 0) return Buffer.from("PAR1", "latin1");
  return undefined;
}
