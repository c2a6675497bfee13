/**
 * Opens the `--out` file of an export: continues the part file of a matching checkpoint when resuming, or
 * starts afresh (replacing any leftover). Checkpoints written through it cover only bytes already on disk.
 */
import { access } from "node:fs/promises";
import { AtomicFile, partPath } from "./atomic-file.js";
import {
  assertSameCommand,
  checkpointPath,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type Checkpoint,
} from "./checkpoint.js";
import type { EncoderState } from "./format.js";

export type ExportIdentity = Pick<Checkpoint, "indexId" | "format" | "fingerprint">;

export interface ResumableOutput {
  file: AtomicFile;
  /** The checkpoint being continued, if any. */
  saved: Checkpoint | undefined;
  /** Flushes the part file, then records that everything written so far is safe. */
  checkpoint(next_token: string | null, state: EncoderState): Promise<void>;
  /** Renames the finished file into place and drops the checkpoint. */
  commit(): Promise<void>;
  /** After a failure: keeps the part file if a checkpoint describes it (for `--resume`), else deletes it. */
  abandon(): Promise<{ resumable: boolean }>;
}

const exists = (path: string) => access(path).then(() => true, () => false);

export async function openResumableOutput(
  out: string,
  identity: ExportIdentity,
  { resume, note }: { resume: boolean; note: (line: string) => void },
): Promise<ResumableOutput> {
  const checkpointFile = checkpointPath(out);
  let saved: Checkpoint | undefined;
  let file: AtomicFile | undefined;
  if (resume) {
    saved = await readCheckpoint(checkpointFile);
    if (saved) {
      assertSameCommand(saved, identity, checkpointFile);
      file = await AtomicFile.resume(out, saved.bytes);
      if (file) {
        note(`resuming: ${saved.count} profiles already in ${partPath(out)}`);
      } else {
        note(`${partPath(out)} is missing or shorter than its checkpoint; starting from the beginning`);
        saved = undefined;
      }
    } else {
      note(`no checkpoint at ${checkpointFile}; starting from the beginning`);
    }
  } else if ((await exists(checkpointFile)) || (await exists(partPath(out)))) {
    note(`replacing the unfinished export left at ${partPath(out)} (use --resume to continue it instead)`);
  }
  if (!file) {
    await removeCheckpoint(checkpointFile);
    file = await AtomicFile.create(out);
  }

  const opened = file;
  let resumable = saved !== undefined;
  return {
    file: opened,
    saved,
    async checkpoint(next_token, { count, columns }) {
      await opened.sync();
      await writeCheckpoint(checkpointFile, { version: 1, ...identity, next_token, bytes: opened.bytes, count, columns });
      resumable = true;
    },
    async commit() {
      await opened.commit();
      await removeCheckpoint(checkpointFile);
    },
    async abandon() {
      await opened.abandon({ keep: resumable });
      return { resumable };
    },
  };
}
