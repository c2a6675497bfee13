/**
 * Reads a small file the user names (a settings or shape file) whole, with a bound: opened without blocking (a FIFO
 * with no writer would otherwise hang the open), refused unless it is a regular file, and refused past `maxBytes`,
 * so neither /dev/zero nor a mistaken multi-gigabyte path can exhaust the process. Text must be valid UTF-8.
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";

/** The file could not be read as asked; `message` says why in a few words, for the caller to prefix with the flag. */
export class SmallFileError extends Error {
  override readonly name = "SmallFileError";
}

export async function readSmallFile(path: string, maxBytes: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new SmallFileError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new SmallFileError("is not a regular file");
    if (info.size > maxBytes) throw new SmallFileError(`is larger than ${maxBytes} bytes`);
    // The size may change between stat and read: read one byte more than allowed to notice.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length <= maxBytes; length += read) {
      ({ bytesRead: read } = await handle.read(buffer, length, buffer.length - length, null));
    }
    if (length > maxBytes) throw new SmallFileError(`is larger than ${maxBytes} bytes`);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      throw new SmallFileError("is not valid UTF-8 text");
    }
  } finally {
    await handle.close();
  }
}
