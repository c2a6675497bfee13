/**
 * An output file written atomically: the bytes go to `<path>.part`, which is renamed to `<path>` only when the
 * export is complete, so an interrupted export never leaves a file at `<path>` that looks complete.
 */
import { open, rename, rm, stat, type FileHandle } from "node:fs/promises";
import type { Sink } from "./sink.js";

export const partPath = (path: string): string => `${path}.part`;

export class AtomicFile implements Sink {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private position: number,
  ) {}

  /** Starts `<path>.part` afresh, replacing any leftover. */
  static async create(path: string): Promise<AtomicFile> {
    await refuseDirectory(path);
    return new AtomicFile(path, await open(partPath(path), "w"), 0);
  }

  /**
   * Reopens `<path>.part` and truncates it to `bytes`, the length recorded by the last checkpoint (anything
   * after it belongs to a page that was not checkpointed and will be fetched again). Returns undefined when
   * the part file is missing or shorter than that, i.e. it cannot be continued.
   */
  static async resume(path: string, bytes: number): Promise<AtomicFile | undefined> {
    await refuseDirectory(path);
    let handle: FileHandle;
    try {
      handle = await open(partPath(path), "r+");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    if ((await handle.stat()).size < bytes) {
      await handle.close();
      return undefined;
    }
    await handle.truncate(bytes);
    return new AtomicFile(path, handle, bytes);
  }

  get bytes(): number {
    return this.position;
  }

  async write(text: string): Promise<void> {
    const length = Buffer.byteLength(text);
    const { bytesWritten } = await this.handle.write(text, this.position, "utf8");
    this.position += bytesWritten;
    // A short write is rare for a regular file; finish it from a Buffer, where offsets are bytes.
    let rest = bytesWritten < length ? Buffer.from(text).subarray(bytesWritten) : undefined;
    while (rest && rest.length > 0) {
      const { bytesWritten: more } = await this.handle.write(rest, 0, rest.length, this.position);
      this.position += more;
      rest = rest.subarray(more);
    }
  }

  /** Flushes the written bytes to disk; a checkpoint may only point at bytes that are there. */
  sync(): Promise<void> {
    return this.handle.sync();
  }

  /** Flushes, closes and renames the part file into place. */
  async commit(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
    await rename(partPath(this.path), this.path);
  }

  /** Closes the part file, and deletes it unless it is kept for a later `--resume`. */
  async abandon({ keep }: { keep: boolean }): Promise<void> {
    await this.handle.close().catch(() => undefined);
    if (!keep) await rm(partPath(this.path), { force: true });
  }
}

async function refuseDirectory(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) {
    throw Object.assign(new Error(`EISDIR: ${path} is a directory`), { code: "EISDIR", path });
  }
}
