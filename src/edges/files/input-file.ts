/**
 * The one way a local file comes in (a token or client secret file, a manifest, a checkpoint, a file `check`
 * reads): opened with O_NONBLOCK, so a FIFO or a device never blocks the open, then judged by fstat on the open
 * handle, so what is read is what was judged. Only a regular file is read, and only up to a size cap. Our own side
 * files are opened with O_NOFOLLOW as well; a path the user named may be a symlink (Kubernetes mounts secrets so).
 */
import { constants, type Stats } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";

/** Why a local input was not read. */
export type InputRefusal = "missing" | "symlink" | "not a regular file" | "too large" | "empty" | "unreadable";

/** The edge's own error: callers say it in their user's words (the flag or variable that named the file). */
export class InputFileError extends Error {
  override readonly name = "InputFileError";
  constructor(
    readonly path: string,
    readonly refusal: InputRefusal,
    /** What the file is instead of a regular file ("FIFO", "character device", ...), or the size cap. */
    readonly detail: string | undefined,
    /** The operating system's error, when one was the reason. */
    override readonly cause?: NodeJS.ErrnoException,
  ) {
    super(`${path}: ${refusal}${detail ? ` (${detail})` : ""}${cause?.code ? ` (${cause.code})` : ""}`);
  }

  get code(): string | undefined {
    return this.cause?.code;
  }
}

export interface InputOptions {
  /** false for the program's own side files: a symlink there was planted, never followed. */
  follow: boolean;
}

/** A regular file, open for reading, with the stat of the open handle. */
export interface OpenInput {
  handle: FileHandle;
  info: Stats;
}

// O_NONBLOCK only matters for the open of a FIFO or device (regular files ignore it); Windows has neither.
const nonBlocking = constants.O_NONBLOCK ?? 0;

/** Opens `path` for reading if it is a regular file; anything else is refused at once, never waited on. */
export async function openInputFile(path: string, { follow }: InputOptions): Promise<OpenInput> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | nonBlocking | (follow ? 0 : (constants.O_NOFOLLOW ?? 0)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputFileError(path, "missing", undefined, error as NodeJS.ErrnoException);
    if (code === "ELOOP" && !follow) throw new InputFileError(path, "symlink", undefined, error as NodeJS.ErrnoException);
    // ENXIO: a Unix socket, or a FIFO opened for writing without a reader; neither is a file to read.
    if (code === "ENXIO") throw new InputFileError(path, "not a regular file", "socket", error as NodeJS.ErrnoException);
    throw new InputFileError(path, "unreadable", undefined, error as NodeJS.ErrnoException);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new InputFileError(path, "not a regular file", kindOf(info));
    return { handle, info };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * The bytes of the regular file at `path`, at most `maxBytes` of them: a larger file (or one that grows past the
 * cap while it is read) is refused rather than read to its end.
 */
export async function readInputFile(path: string, options: InputOptions & { maxBytes: number }): Promise<{ bytes: Buffer; info: Stats }> {
  const { handle, info } = await openInputFile(path, options);
  try {
    if (info.size > options.maxBytes) throw new InputFileError(path, "too large", `${info.size} bytes, at most ${options.maxBytes}`);
    // Read to the end, not to the size fstat gave: a file that grew since is caught by the cap, never cut short.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(info.size - length, 4096), options.maxBytes + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, length).catch((error: NodeJS.ErrnoException) => {
        throw new InputFileError(path, "unreadable", undefined, error);
      });
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > options.maxBytes) throw new InputFileError(path, "too large", `more than ${options.maxBytes} bytes`);
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length), info };
  } finally {
    await handle.close();
  }
}

/** Whether group or others may read the file (a secret there deserves a warning). */
export const readableByOthers = (info: Stats): boolean => process.platform !== "win32" && (info.mode & 0o044) !== 0;

/**
 * Whether the file could only have been written by this user: owned by them and not writable by group or others.
 * (On Windows, where modes and uids say nothing, every file passes.)
 */
export function writtenOnlyByThisUser(info: Stats): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  return info.uid === uid && (info.mode & 0o022) === 0;
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return "FIFO";
  if (info.isCharacterDevice()) return "character device";
  if (info.isBlockDevice()) return "block device";
  if (info.isSocket()) return "socket";
  if (info.isDirectory()) return "directory";
  return "not a regular file";
}
