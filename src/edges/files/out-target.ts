/**
 * What `--out` names. A regular file (or nothing yet) is written atomically with a checkpoint; `-` is stdout; a
 * character device or FIFO (`/dev/null`, a named pipe) is written straight through, as curl does, because
 * renaming a finished file over it would replace the device itself; anything else cannot be written.
 */
import { constants } from "node:fs";
import { open, stat } from "node:fs/promises";
import { isatty } from "node:tty";
import { streamSink, type Sink } from "./sink.js";

export type OutTarget =
  | { kind: "stdout" }
  | { kind: "file"; path: string }
  | { kind: "stream"; path: string; what: "character device" | "FIFO" }
  | { kind: "unwritable"; path: string; what: "socket" | "block device" };

export async function classifyOut(out: string): Promise<OutTarget> {
  if (out === "-") return { kind: "stdout" };
  // stat, not lstat: the user named this path, and /dev/stdout is itself a symlink.
  const info = await stat(out).catch(() => undefined);
  if (info?.isCharacterDevice()) return { kind: "stream", path: out, what: "character device" };
  if (info?.isFIFO()) return { kind: "stream", path: out, what: "FIFO" };
  if (info?.isSocket()) return { kind: "unwritable", path: out, what: "socket" };
  if (info?.isBlockDevice()) return { kind: "unwritable", path: out, what: "block device" };
  return { kind: "file", path: out };
}

export interface StreamOutput {
  sink: Sink;
  /** Whether the device is a terminal (`--out /dev/tty`): what it shows must not drive it. */
  terminal: boolean;
  /** Ends the stream once everything written has been handed to the device. */
  close(): Promise<void>;
  /** After a failure: closes the device without waiting for a reader that may be gone. */
  destroy(): void;
}

/**
 * Opens a device or FIFO for writing without O_CREAT or O_TRUNC, so a path that changed since `classifyOut` is
 * never created or emptied; a FIFO's open waits for its reader.
 */
export async function openStreamOutput(path: string): Promise<StreamOutput> {
  const handle = await open(path, constants.O_WRONLY);
  const info = await handle.stat();
  if (!info.isCharacterDevice() && !info.isFIFO()) {
    await handle.close();
    throw Object.assign(new Error(`${path} changed while the export started`), { code: "ECHANGED" });
  }
  const terminal = isatty(handle.fd);
  const stream = handle.createWriteStream();
  return {
    sink: streamSink(stream),
    terminal,
    close: () =>
      new Promise<void>((resolve, reject) => {
        stream.once("error", reject);
        // Node 22+ calls end's callback with an error the stream already had (ENOSPC on /dev/full after the last
        // write was buffered); Node 20 only emits it. Either way the export must fail, not report success.
        stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
      }),
    destroy: () => void stream.destroy(),
  };
}
