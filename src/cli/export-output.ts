/**
 * Where an export's bytes go, decided from the flags before any request: a regular file (atomic, checkpointed,
 * with a manifest), a device or FIFO (written straight through), or stdout; in which format; gzip or not. Every
 * refusal is a usage error naming the flag. `open` then takes the file's lock and continues or starts its part
 * file, wrapping the sink in gzip when asked.
 */
import type { AtomicFile } from "../edges/files/atomic-file.js";
import type { Checkpoint } from "../export/checkpoint.js";
import { compressionForPath, formatForPath, unknownFormatMessage, type Compression, type EncoderState, type Format, type ParquetCodecName } from "../export/format.js";
import type { OutTarget } from "../edges/files/out-target.js";
import type { ExportIdentity, OutputOptions } from "../export/resumable-output.js";
import type { Sink } from "../edges/files/sink.js";
import { UsageError } from "./handle-error.js";
import { inPlainWords } from "./os-error-words.js";
import type { CliIo } from "./io.js";
import { terminalJson, terminalRecords } from "../edges/terminal/terminal-text.js";

export interface ExportOutput {
  sink: Sink;
  /** The checkpoint being continued, if any. */
  saved: Checkpoint | undefined;
  /** The part file of a regular-file output: its length and digest go into the manifest. */
  file: AtomicFile | undefined;
  /** Records that a whole page is written; a regular file checkpoints it (see ResumableOutput.pageWritten). */
  pageWritten(next_token: string | null, state: EncoderState): Promise<void>;
  /** Puts the finished output in place, or ends the stream. */
  finish(): Promise<void>;
  /** After a failure: whether a checkpoint is kept for `--resume`. */
  abandon(): Promise<{ resumable: boolean }>;
}

export interface OutputPlan {
  format: Format;
  compression: Compression | undefined;
  /** The regular file written atomically, with its checkpoint and manifest; undefined for stdout and devices. */
  file: string | undefined;
  open(identity: ExportIdentity, options: OutputOptions): Promise<ExportOutput>;
}

export interface OutputFlags {
  /** undefined is stdout. */
  out: string | undefined;
  format?: Format | undefined;
  compress?: Compression | undefined;
  resume: boolean;
  rowGroupSize?: number | undefined;
  parquetCodec?: ParquetCodecName | undefined;
}

/** Error codes of a file that cannot be created at the --out path: a usage error, not a runtime one. */
const unwritable = new Set(["ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EPERM", "EROFS"]);

/** Refusals of the export's own files (a lock held by another export, a planted symlink): usage errors. */
const refusals = new Set(["ExportLockError", "UnsafeFileError"]);

export async function planOutput(flags: OutputFlags, stdout: CliIo["stdout"]): Promise<OutputPlan> {
  const { out, resume } = flags;
  const target = await import("../edges/files/out-target.js");
  const outTarget: OutTarget = out === undefined ? { kind: "stdout" } : await target.classifyOut(out);
  if (outTarget.kind === "unwritable") {
    throw new UsageError(`cannot write --out ${out}: it is a ${outTarget.what} (give a file path, or - for stdout)`);
  }
  if (outTarget.kind === "stream" && resume) {
    throw new UsageError(`--resume needs --out to be a regular file; ${out} is a ${outTarget.what}, written straight through without a checkpoint`);
  }
  // A device or FIFO (/dev/stdout, a named pipe) has no extension to go by: NDJSON, as for stdout.
  const format = flags.format ?? formatForPath(out) ?? (outTarget.kind === "stream" ? "ndjson" : undefined);
  if (format === undefined) throw new UsageError(unknownFormatMessage(out ?? ""));
  const compression = flags.compress ?? compressionForPath(out);
  if (format === "parquet") {
    if (outTarget.kind !== "file") {
      const what = outTarget.kind === "stdout" ? "not stdout" : `${out} is a ${outTarget.what}`;
      throw new UsageError(`--format parquet needs --out FILE, a regular file (${what}): a Parquet file ends with a footer, so it is not a stream`);
    }
    if (compression) {
      throw new UsageError(`--format parquet is not gzipped (--compress gzip or a .gz name): Parquet compresses its pages itself (Snappy, or --parquet-codec gzip)`);
    }
  } else if (flags.rowGroupSize !== undefined) {
    throw new UsageError("--row-group-size applies to --format parquet only");
  } else if (flags.parquetCodec !== undefined) {
    throw new UsageError("--parquet-codec applies to --format parquet only");
  }
  if (compression && outTarget.kind === "stdout" && stdout.isTTY === true) {
    // As gzip itself says: binary data would garble the terminal, and nobody reads it there.
    throw new UsageError("compressed data not written to a terminal: redirect stdout (> FILE.gz, | gunzip) or give --out FILE.gz");
  }

  return {
    format,
    compression,
    file: outTarget.kind === "file" ? outTarget.path : undefined,
    async open(identity, options) {
      const wrap = async (sink: Sink) => (compression ? (await import("../export/gzip-sink.js")).gzipSink(sink) : sink);
      if (outTarget.kind === "stdout") {
        const { streamSink } = await import("../edges/files/sink.js");
        return streamOutput(await wrap(stdoutSink(stdout, format, streamSink)), async () => undefined, () => undefined);
      }
      if (outTarget.kind === "stream") {
        const stream = await usage(outTarget.path, () => target.openStreamOutput(outTarget.path));
        if (stream.terminal && compression) {
          stream.destroy();
          throw new UsageError(`compressed data not written to a terminal: --out ${out} is one; give --out FILE.gz, or pipe stdout to gunzip`);
        }
        const sink = stream.terminal ? terminalSink(stream.sink, format) : stream.sink;
        return streamOutput(await wrap(namedSink(sink, outTarget.path)), () => named(stream.close(), outTarget.path), () => stream.destroy());
      }
      const [{ openResumableOutput }, { assertManifestPlace }] = await Promise.all([
        import("../export/resumable-output.js"),
        import("../export/manifest.js"),
      ]);
      const path = outTarget.path;
      const output = await usage(path, () => openResumableOutput(path, identity, options));
      try {
        await usage(path, () => assertManifestPlace(path));
      } catch (error) {
        await output.abandon();
        throw error;
      }
      return {
        sink: await wrap(namedSink(output.file, path)),
        saved: output.saved,
        file: output.file,
        pageWritten: (next_token, state) => named(output.pageWritten(next_token, state), path),
        finish: () => named(output.commit(), path),
        abandon: () => output.abandon(),
      };
    },
  };
}

function streamOutput(sink: Sink, finish: () => Promise<void>, destroy: () => void): ExportOutput {
  return {
    sink,
    saved: undefined,
    file: undefined,
    pageWritten: async () => undefined,
    finish,
    abandon: async () => (destroy(), { resumable: false }),
  };
}

/** Runs `open`, turning an unwritable path or a refused file into a usage error. */
async function usage<T>(out: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && unwritable.has(code)) {
      // The errno's own path may be a side file (the lock is created first): the user named --out.
      throw new UsageError(inPlainWords(error, { setting: "--out", what: "output file", path: out, output: true }) ?? `cannot write --out ${out} (${code})`);
    }
    if (refusals.has((error as Error).name)) throw new UsageError((error as Error).message);
    throw error;
  }
}

/**
 * A failure writing the output (ENOSPC, EIO) names the --out path, as the user gave it, for handle-error's words
 * (os-error-words.ts): a write's error carries no path of its own, and a side file's would not be what they set.
 */
function named<T>(work: Promise<T>, out: string): Promise<T> {
  return work.catch((error: unknown) => {
    const e = error as NodeJS.ErrnoException & { setting?: string };
    if (typeof e?.code === "string" && e.code.startsWith("E")) Object.assign(e, { path: out, setting: "--out", output: true });
    throw error;
  });
}

const namedSink = (sink: Sink, out: string): Sink => ({ write: (chunk) => named(sink.write(chunk), out) });

/**
 * Records shown on a terminal must not drive it (a profile field can hold ESC sequences): escaped there, whether
 * the terminal is stdout or `--out /dev/tty`. A pipe, a FIFO or a file gets the bytes as the API sent them.
 */
function stdoutSink(stdout: CliIo["stdout"], format: Format, streamSink: (stream: CliIo["stdout"]) => Sink): Sink {
  const sink = streamSink(stdout);
  return stdout.isTTY === true ? terminalSink(sink, format) : sink;
}

function terminalSink(sink: Sink, format: Format): Sink {
  // JSON records stay valid JSON with the same values (\uXXXX escapes); CSV cells get visible escapes.
  const escape = format === "csv" ? terminalRecords : terminalJson;
  const decoder = new TextDecoder();
  return { write: (chunk) => sink.write(escape(typeof chunk === "string" ? chunk : decoder.decode(chunk))) };
}
