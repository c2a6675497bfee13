/**
 * One export of one index (`amperity-profiles export <indexId>`): streams every profile to stdout or a file, page by
 * page, with flat memory. With `--out`, the file is written atomically and checkpointed between whole pages (whole
 * row groups for Parquet), so the same command with `--resume` continues after any interruption and produces the
 * same bytes; a manifest is written beside the finished file. Where the bytes go is decided in export-output.ts.
 */
import { stat } from "node:fs/promises";
import type { Compression, Format, ParquetCodecName } from "../export/format.js";
import { startedPages } from "../export/started-pages.js";
import type { PageLike } from "../export/write-pages.js";
import { authFlags, connect, retryLine } from "./connect.js";
import type { ExportOutput } from "./export-output.js";
import { InterruptedError, UsageError } from "./handle-error.js";
import { rateLimitAdvice } from "./messages.js";
import type { CliIo } from "./io.js";
import type { Progress } from "./progress.js";
import { lineStream, terminalText } from "../edges/terminal/index.js";
import type { AmperityClient } from "../index.js";
export interface ExportOptions {
  format?: Format;
  compress?: Compression;
  rowGroupSize?: number;
  parquetCodec?: ParquetCodecName;
  out?: string;
  limit?: number;
  filter?: Record<string, string>;
  withTotal?: boolean;
  maxItems?: number;
  resume?: boolean;
  maxAttempts?: number;
  progress?: boolean;
  tokenFile?: string;
  clientSecretFile?: string;
  maxRps?: number;
  timeout?: number;
  checkpointInterval?: number;
  /** Profiles written so far, after each page (for --all-indexes' one display of every export). */
  onProgress?: (count: number) => void;
  /** With `withTotal`: the index's total as --all-indexes already asked for it (not asked again). */
  total?: number;
}

/** Page size when `--limit` is not given: the API's default of 25 would make a large export needlessly slow. */
export const defaultLimit = 1000;

export async function runExport(indexId: string, options: ExportOptions, io: CliIo): Promise<void> {
  const { resume = false, maxItems, filter } = options;
  // `--out -` is stdout, as for curl -o - and most tools.
  const out = options.out === "-" ? undefined : options.out;
  if (resume && out === undefined) throw new UsageError("--resume needs --out FILE (a checkpoint is kept beside the file)");
  // No page larger than the profiles wanted.
  const limit = Math.min(options.limit ?? defaultLimit, maxItems ?? Infinity);
  // Loaded on use, like the client: `--help` should not pay for the writers, node:crypto, the CSV library or
  // the progress bar.
  // The writers are awaited only once the first page is requested: they load while it is on its way.
  const writers = Promise.all([import("../export/write-pages.js"), import("./progress.js"), import("../export/encoder.js")]);
  writers.catch(() => undefined);
  const [{ fingerprint }, { planOutput }, record] = await Promise.all([
    import("../export/checkpoint.js"),
    import("./export-output.js"),
    import("./export-record.js"),
  ]);
  const { rowGroupSize, parquetCodec } = options;
  const plan = await planOutput({ out, format: options.format, compress: options.compress, resume, rowGroupSize, parquetCodec }, io.stdout);
  const { format, compression } = plan;

  // Until the progress display is up, notes are plain lines; then they go above its status line.
  let note = (line: string): void => {
    io.stderr.write(`${terminalText(line)}\n`);
  };
  // Requests are counted for the manifest and spaced by --max-rps, token requests included.
  const run = record.recordRun(io, { maxRps: options.maxRps });
  // What the client reports on stderr (a deprecation, a permissive token file) may come while the status line is
  // drawn: each line becomes a note.
  const { client, connection } = await connect({ ...run.io, stderr: lineStream((line) => note(line)) }, {
    ...authFlags(options),
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    onRetry: (event) => {
      run.retries++;
      note(retryLine(event));
    },
    ...(options.timeout !== undefined && { timeoutMs: options.timeout }),
  });
  const identity = {
    indexId,
    format,
    // Whatever else changes the bytes of the output or the meaning of the cursor; never the token.
    fingerprint: fingerprint({
      tenant: connection.tenant,
      endpoint: record.endpointOf(connection),
      filter: filter ?? {},
      limit,
      maxItems: maxItems ?? null,
      ...(compression && { compression }),
      ...(rowGroupSize !== undefined && { rowGroupSize }),
      // Snappy, the default, leaves the fingerprint as it was before the flag existed.
      ...(parquetCodec === "gzip" && { parquetCodec }),
    }),
  };

  // Said once the new file is in place: the replacement itself stays atomic.
  const replacing = plan.file !== undefined && !resume && (await stat(plan.file).then((found) => found.isFile(), () => false));
  // Output first, so an unusable --out or checkpoint stops the command before any request.
  const output: ExportOutput = await plan.open(identity, { resume, note, ...(options.checkpointInterval !== undefined && { checkpointIntervalMs: options.checkpointInterval }) });
  const saved = output.saved;
  // Whether the request in flight carries a cursor: a 400 then means the server no longer takes it.
  let cursorSent = Boolean(saved?.next_token);

  const signal = io.signal;
  let progress: Progress | undefined;
  let pages: AsyncIterableIterator<PageLike> | undefined;
  let total: number | undefined;
  let count: number;
  try {
    if (options.withTotal) total = options.total ?? (await profileTotal(client, indexId, { filter, maxItems, signal }));
    pages =
      saved?.next_token === null || (maxItems !== undefined && (saved?.count ?? 0) >= maxItems)
        ? (async function* () {})()
        : startedPages(
            client.profiles.rawPages(
              indexId,
              { limit, ...(filter && { filter }), ...(saved?.next_token && { next_token: saved.next_token }) },
              // The next page is on its way while this one is encoded and written (see writePages).
              // With --max-items, read-ahead stops at the page that reaches it: no request for a page never written.
              { prefetch: 1, ...(signal && { signal }), ...(maxItems !== undefined && { maxItems: Math.max(1, maxItems - (saved?.count ?? 0)) }) },
            ),
          );
    const [{ writePages }, { createProgress }, { loadEncoder }] = await writers;
    progress = await createProgress({
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

    const encoder = await loadEncoder(
      format,
      saved && { count: saved.count, columns: saved.columns, ...(saved.parquet && { parquet: saved.parquet }) },
      { ...(rowGroupSize !== undefined && { rowGroupSize }), ...(parquetCodec !== undefined && { codec: parquetCodec }) },
    );
    count = await writePages({
      pages,
      encoder,
      sink: output.sink,
      ...(maxItems !== undefined && { maxItems }),
      afterPage: async (next_token) => {
        // Parquet gathers a row group over several pages: a page counts as written only between row groups.
        if (encoder.settled?.() ?? true) await output.pageWritten(next_token, encoder.state());
        cursorSent = next_token !== null;
        shown.update(encoder.state().count);
        options.onProgress?.(encoder.state().count);
        signal?.throwIfAborted();
      },
    });
    await output.finish();
    if (replacing) note(`replaced the existing file ${out}`);
    progress.finish(count, out ?? "stdout");
  } catch (error) {
    progress?.stop();
    // A failure before writePages took the pages over: the first page's request is still to be settled.
    await pages?.return?.().catch(() => undefined);
    // The reader of stdout or of the FIFO went away (`export … | head`): that ends the export, it does not fail it.
    if (!output.file && (error as NodeJS.ErrnoException).code === "EPIPE") return void (await output.abandon());
    const { resumable } = await output.abandon();
    if (!resumable) throw error;
    if (error instanceof InterruptedError) {
      // One line per interruption: the reason and what was kept.
      throw new InterruptedError(`${error.message}; ${out}.part and its checkpoint are kept: run the same command with --resume to continue`, error.signal);
    }
    const advice = adviceFor(error, out!, cursorSent);
    if (advice) note(advice);
    throw error;
  }
  if (plan.file !== undefined && output.file) {
    await record.writeExportManifest(run, {
      out: plan.file, file: output.file, format, compression, parquetCodec, indexId, filter, maxItems, connection, count, resumedAt: saved?.count, total,
    });
  }
  record.assertCountMatches(count, total, out ?? "stdout");
}

/**
 * The profiles an export of `indexId` will write, as the API counts them (capped by `maxItems`): one small request
 * for the count, rather than asking for it with every page (counting can be slow).
 */
export async function profileTotal(
  client: AmperityClient,
  indexId: string,
  { filter, maxItems, signal }: { filter?: Record<string, string> | undefined; maxItems?: number | undefined; signal?: AbortSignal | undefined },
): Promise<number | undefined> {
  const first = await client.profiles.list(indexId, { limit: 1, with_total: true, ...(filter && { filter }) }, { ...(signal && { signal }) });
  return first.total === undefined ? undefined : Math.min(first.total, maxItems ?? Infinity);
}

/** What to do after a failure that left a checkpoint; `--resume` only where a resume can succeed. */
function adviceFor(error: unknown, out: string, cursorSent: boolean): string | undefined {
  const e = error as Error & { status?: number };
  // A profile that does not fit the CSV header or Parquet schema fails the same way on every resume: no point suggesting one.
  if (e.name === "CsvColumnError" || e.name === "ParquetColumnError") return undefined;
  // The server refuses the saved cursor (expired, or another server's, as after a sandbox restart): a resume
  // would send it again and fail the same way.
  if (cursorSent && e.status === 400) {
    return (
      `the checkpoint's cursor is no longer accepted by the server, so --resume cannot continue this export; ` +
      `run the same command without --resume to start over (it replaces ${out}.part and its checkpoint)`
    );
  }
  return rateLimitAdvice(error, true) ?? `the export is unfinished: run the same command with --resume to continue it`;
}

