/**
 * An output file written atomically: the bytes go to `<path>.part`, which is renamed to `<path>` only when the
 * export is complete, so an interrupted export never leaves a file at `<path>` that looks complete. The part file
 * is created exclusively and never through a symlink, and a running SHA-256 of its bytes lets a checkpoint prove
 * what it covers without re-reading the file.
 */
import { createHash, type Hash } from "node:crypto";
import { lstat, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { createExclusive, openOwn, removeLeftover, UnsafeFileError } from "./own-file.js";
import type { Sink } from "./sink.js";

import { partPath } from "./output-names.js";

export { partPath };

/** Why a part file cannot be continued: there is none, or its bytes are not the ones its checkpoint covers. */
export type ResumeRefusal = "missing" | "mismatch";

export class AtomicFile implements Sink {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private position: number,
    private readonly hash: Hash,
  ) {}

  /** Starts `<path>.part` afresh: a leftover regular file is removed first, anything else is refused. */
  static async create(path: string): Promise<AtomicFile> {
    await refuseDirectory(path);
    const part = partPath(path);
    await removeLeftover(part);
    let handle: FileHandle;
    try {
      handle = await createExclusive(part);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      throw new UnsafeFileError(`${part} was created by another process while this export started; it was left alone`);
    }
    return new AtomicFile(path, handle, 0, createHash("sha256"));
  }

  /**
   * Reopens `<path>.part` (only a regular file of this user, never through a symlink), checks that it starts with
   * `head` (when given) and that its first `bytes` bytes hash to `sha256`, and truncates it there (anything after
   * belongs to a page that was not checkpointed and will be fetched again). Nothing is cut unless both hold.
   */
  static async resume(path: string, bytes: number, sha256: string, head?: Uint8Array): Promise<AtomicFile | ResumeRefusal> {
    await refuseDirectory(path);
    const handle = await openOwn(partPath(path), "r+");
    if (!handle) return "missing";
    try {
      const fits = (await handle.stat()).size >= bytes && (head === undefined || (head.length <= bytes && (await startsWith(handle, head))));
      const hash = fits ? await hashPrefix(handle, bytes) : undefined;
      if (!hash || hash.copy().digest("hex") !== sha256) {
        await handle.close();
        return "mismatch";
      }
      await handle.truncate(bytes);
      return new AtomicFile(path, handle, bytes, hash);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  get bytes(): number {
    return this.position;
  }

  /** SHA-256 (hex) of the bytes written so far. */
  digest(): string {
    return this.hash.copy().digest("hex");
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    // Encoded once, for both the hash and the file.
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    this.hash.update(bytes);
    let rest = bytes;
    while (rest.length > 0) {
      const { bytesWritten } = await this.handle.write(rest, 0, rest.length, this.position);
      this.position += bytesWritten;
      rest = rest.subarray(bytesWritten);
    }
  }

  /** Flushes the written bytes to disk; a checkpoint may only point at bytes that are there. */
  sync(): Promise<void> {
    return this.handle.sync();
  }

  /** Flushes, closes and renames the part file into place (over a regular file or a symlink, never a device). */
  async commit(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
    const target = await lstat(this.path).catch(() => undefined);
    if (target && !target.isFile() && !target.isSymbolicLink()) {
      throw new UnsafeFileError(`${this.path} is no longer a regular file; the export is kept in ${partPath(this.path)}`);
    }
    await rename(partPath(this.path), this.path);
  }

  /** Closes the part file, and deletes it unless it is kept for a later `--resume`. */
  async abandon({ keep }: { keep: boolean }): Promise<void> {
    await this.handle.close().catch(() => undefined);
    if (!keep) await unlink(partPath(this.path)).catch(() => undefined);
  }
}

async function startsWith(handle: FileHandle, head: Uint8Array): Promise<boolean> {
  const buffer = Buffer.alloc(head.length);
  const { bytesRead } = await handle.read(buffer, 0, head.length, 0);
  return bytesRead === head.length && buffer.equals(head);
}

/** The running hash of the file's first `bytes` bytes, read once (the resume path, not per page). */
async function hashPrefix(handle: FileHandle, bytes: number): Promise<Hash> {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (let position = 0; position < bytes; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, bytes - position), position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash;
}

async function refuseDirectory(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) {
    throw Object.assign(new Error(`EISDIR: ${path} is a directory`), { code: "EISDIR", path });
  }
}
