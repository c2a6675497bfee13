/**
 * Opens the `--out` file of an export: takes the target's lock, continues the part file of a matching checkpoint
 * when resuming (after checking the part file's digest), or starts afresh (replacing any leftover). Checkpoints
 * written through it cover only bytes already on disk.
 */
import { lstat } from "node:fs/promises";
import { AtomicFile, partPath } from "./atomic-file.js";
import {
  assertSameCommand,
  checkpointPath,
  CheckpointError,
  checkpointVersion,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type Checkpoint,
} from "./checkpoint.js";
import { acquireExportLock, type ExportLock } from "./export-lock.js";
import type { EncoderState } from "./format.js";
import { removeLeftover } from "./own-file.js";

export type ExportIdentity = Pick<Checkpoint, "indexId" | "format" | "fingerprint">;

export interface ResumableOutput {
  file: AtomicFile;
  /** The checkpoint being continued, if any. */
  saved: Checkpoint | undefined;
  /** Flushes the part file, then records that everything written so far is safe. */
  checkpoint(next_token: string | null, state: EncoderState): Promise<void>;
  /** Renames the finished file into place, drops the checkpoint and the lock. */
  commit(): Promise<void>;
  /**
   * After a failure: keeps the part file if a checkpoint describes it (for `--resume`), else deletes it; releases
   * the lock either way.
   */
  abandon(): Promise<{ resumable: boolean }>;
}

const exists = (path: string) => lstat(path).then(() => true, () => false);

export async function openResumableOutput(
  out: string,
  identity: ExportIdentity,
  { resume, note }: { resume: boolean; note: (line: string) => void },
): Promise<ResumableOutput> {
  // First, so that nothing below reads or replaces files another export is writing.
  const lock = await acquireExportLock(out);
  try {
    return await open(out, identity, lock, { resume, note });
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function open(
  out: string,
  identity: ExportIdentity,
  lock: ExportLock,
  { resume, note }: { resume: boolean; note: (line: string) => void },
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
      const resumed = await AtomicFile.resume(out, saved.bytes, saved.sha256);
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
  return {
    file: opened,
    saved,
    async checkpoint(next_token, { count, columns, parquet }) {
      await opened.sync();
      await writeCheckpoint(checkpointFile, {
        version: checkpointVersion,
        ...identity,
        next_token,
        bytes: opened.bytes,
        sha256: opened.digest(),
        count,
        columns,
        ...(parquet && { parquet }),
      });
      resumable = true;
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
        await opened.abandon({ keep: resumable });
      } finally {
        await lock.release();
      }
      return { resumable };
    },
  };
}
