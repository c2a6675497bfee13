/**
 * `amperity-profiles export <indexId>`: streams every profile of an index to stdout or a file, page by page,
 * with flat memory. With `--out`, the file is written atomically and checkpointed after every page, so the same
 * command with `--resume` continues after any interruption and produces the same bytes.
 */
import { Command, Option } from "commander";
import { stat } from "node:fs/promises";
import { formatForPath, formats, unknownFormatMessage, type Format } from "../../export/format.js";
import type { ResumableOutput } from "../../export/resumable-output.js";
import type { Sink } from "../../export/sink.js";
import type { PageLike } from "../../export/write-pages.js";
import { collectFilter, integerAtLeast } from "../args.js";
import { connect, retryLine } from "../connect.js";
import { rateLimitAdvice } from "../messages.js";
import { requestTuning, withRequestFlags } from "../request-flags.js";
import { UsageError } from "../handle-error.js";
import type { CliIo } from "../io.js";
import type { Progress } from "../progress.js";

export interface ExportOptions {
  format?: Format;
  out?: string;
  limit?: number;
  filter?: Record<string, string>;
  withTotal?: boolean;
  maxItems?: number;
  resume?: boolean;
  maxAttempts?: number;
  progress?: boolean;
  tokenFile?: string;
  maxRps?: number;
  timeout?: number;
}

/** Page size when `--limit` is not given: the API's default of 25 would make a large export needlessly slow. */
export const defaultLimit = 1000;

/** Error codes of a file that cannot be created at the --out path: a usage error, not a runtime one. */
const unwritable = new Set(["ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EPERM", "EROFS"]);

export async function runExport(indexId: string, options: ExportOptions, io: CliIo): Promise<void> {
  const { out, resume = false, maxItems, filter } = options;
  if (resume && out === undefined) throw new UsageError("--resume needs --out FILE (a checkpoint is kept beside the file)");
  const format = options.format ?? formatForPath(out);
  if (format === undefined) throw new UsageError(unknownFormatMessage(out ?? ""));
  // No page larger than the profiles wanted.
  const limit = Math.min(options.limit ?? defaultLimit, maxItems ?? Infinity);
  // Loaded on use, like the client: `--help` should not pay for the writers, node:crypto, the CSV library or
  // the progress bar.
  const [{ fingerprint }, { openResumableOutput }, { streamSink }, { writePages }, { createProgress }, { createEncoder }] =
    await Promise.all([
      import("../../export/checkpoint.js"),
      import("../../export/resumable-output.js"),
      import("../../export/sink.js"),
      import("../../export/write-pages.js"),
      import("../progress.js"),
      import("../../export/encoder.js"),
    ]);

  let note = (line: string): void => {
    io.stderr.write(`${line}\n`);
  };
  const { client, connection } = await connect(io, {
    ...(options.tokenFile !== undefined && { tokenFile: options.tokenFile }),
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    onRetry: (event) => note(retryLine(event)),
    ...requestTuning(options),
  });
  const identity = {
    indexId,
    format,
    // Whatever else changes the bytes of the output or the meaning of the cursor; never the token.
    fingerprint: fingerprint({
      tenant: connection.tenant,
      endpoint: connection.baseUrl ?? connection.region ?? "aws",
      filter: filter ?? {},
      limit,
      maxItems: maxItems ?? null,
    }),
  };

  // Output first, so an unusable --out or checkpoint stops the command before any request.
  let output: ResumableOutput | undefined;
  // Said once the new file is in place: the replacement itself stays atomic.
  const replacing = out !== undefined && !resume && (await stat(out).then((found) => found.isFile(), () => false));
  if (out !== undefined) {
    try {
      output = await openResumableOutput(out, identity, { resume, note });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== undefined && unwritable.has(code)) throw new UsageError(`cannot write --out ${out} (${code})`);
      throw error;
    }
  }
  const saved = output?.saved;

  const signal = io.signal;
  let progress: Progress | undefined;
  try {
    let total: number | undefined;
    if (options.withTotal) {
      // One small request for the count, rather than asking for it with every page (counting can be slow).
      const first = await client.profiles.list(indexId, { limit: 1, with_total: true, ...(filter && { filter }) }, { ...(signal && { signal }) });
      if (first.total !== undefined) total = maxItems === undefined ? first.total : Math.min(first.total, maxItems);
    }
    progress = createProgress({
      stream: io.stderr,
      // A bar redraws its line with cursor moves: only where no data shares the terminal (stdout is a file, a
      // pipe, or unused with --out). Data and a bar on one terminal would garble both, so plain lines there.
      mode: options.progress === false ? "none" : io.stderr.isTTY && (out !== undefined || !io.stdout.isTTY) ? "bar" : "lines",
      ...(total !== undefined && { total }),
      start: saved?.count ?? 0,
    });
    const shown = progress;
    note = (line) => {
      shown.note(line);
    };

    const encoder = createEncoder(format, saved && { count: saved.count, columns: saved.columns });
    const pages: AsyncIterable<PageLike> =
      saved?.next_token === null
        ? (async function* () {})()
        : client.profiles.pages(
            indexId,
            { limit, ...(filter && { filter }), ...(saved?.next_token && { next_token: saved.next_token }) },
            { ...(signal && { signal }) },
          );
    const sink: Sink = output?.file ?? streamSink(io.stdout);
    const count = await writePages({
      pages,
      encoder,
      sink,
      ...(maxItems !== undefined && { maxItems }),
      afterPage: async (next_token) => {
        await output?.checkpoint(next_token, encoder.state());
        shown.update(encoder.state().count);
        signal?.throwIfAborted();
      },
    });
    await output?.commit();
    if (replacing) note(`replaced the existing file ${out}`);
    progress.finish(count, out ?? "stdout");
  } catch (error) {
    progress?.stop();
    // The reader of stdout went away (`export … | head`): that ends the export, it does not fail it.
    if (!output && (error as NodeJS.ErrnoException).code === "EPIPE") return;
    const { resumable = false } = output ? await output.abandon() : {};
    // A profile that does not fit the CSV header fails the same way on every resume: no point suggesting one.
    if (resumable && (error as Error).name !== "CsvColumnError") {
      note(rateLimitAdvice(error, true) ?? `the export is unfinished: run the same command with --resume to continue it`);
    }
    throw error;
  }
}

export function exportCommand(io: CliIo): Command {
  return withRequestFlags(new Command("export")
    .description("Export every profile of an index as NDJSON, CSV or JSON, to stdout or a file.")
    .argument("<indexId>", "the profile index to export")
    .addOption(new Option("--format <format>", "output format (default: from the --out extension, else ndjson)").choices(formats))
    .option("--out <file>", "write to this file, atomically (default: stdout)")
    .option("--limit <n>", `profiles per request (default: ${defaultLimit})`, integerAtLeast(1))
    .option("--filter <attr=value>", "only profiles whose filter field equals value; repeatable (AND)", collectFilter)
    .option("--with-total", "ask for the total first, for a percentage and an ETA")
    .option("--max-items <n>", "stop after this many profiles", integerAtLeast(1))
    .option("--resume", "continue an interrupted export to the same --out from its checkpoint")
    .option("--max-attempts <n>", "attempts per request before giving up (default: 4)", integerAtLeast(1))
    .option("--no-progress", "no progress output on stderr")
    .option("--token-file <path>", "read the API token from this file (else AMPERITY_TOKEN / AMPERITY_TOKEN_FILE)"))
    .action((indexId: string, options: ExportOptions) => runExport(indexId, options, io));
}
