/**
 * `amperity-profiles export --all-indexes --out-dir DIR`: every index of the tenant to `DIR/<indexId>.<ext>`, a
 * few at a time. Each file is its own export (atomic, checkpointed, resumable); all of them share one request
 * budget (`--max-rps`), so running them together does not multiply the load on the tenant, and one progress
 * display (the profiles of every export together, their notes above it).
 */
import { join } from "node:path";
import { authFlags, connect } from "./connect.js";
import { UsageError } from "./handle-error.js";
import type { CliIo } from "./io.js";
import { listIndexes } from "./list-indexes.js";
import { assertOutDir, planIndexFiles } from "./plan-export-all.js";
import { runExport, type ExportOptions } from "./run-export.js";
import { lineStream } from "../edges/terminal/index.js";
import { indexTotals } from "./index-totals.js";

export interface ExportAllOptions extends ExportOptions {
  outDir?: string;
  concurrency?: number;
  maxRps?: number;
}

export const defaultConcurrency = 4;

/** What happened to one index; reported as one line per index, in listing order. */
export type IndexOutcome = { indexId: string; ok: true; warning?: string; skipped?: true } | { indexId: string; ok: false; reason: string };

export async function runExportAll(options: ExportAllOptions, io: CliIo): Promise<void> {
  const { outDir, concurrency = defaultConcurrency, maxRps } = options;
  if (outDir === undefined) throw new UsageError("--all-indexes needs --out-dir DIR (one file per index is written there)");
  if (options.out !== undefined) throw new UsageError("--out names one file; with --all-indexes use --out-dir DIR");
  const format = options.format ?? "ndjson";
  const fileName = (indexId: string) => `${indexId}.${format}${options.compress === "gzip" ? ".gz" : ""}`;
  const { CountMismatchError, reasonFor } = await import("./handle-error.js");
  // Before any request: a missing or unwritable --out-dir fails every index the same way.
  await assertOutDir(outDir);

  // One budget in front of every request of every export, retries and token requests included: --max-rps is
  // shared. Each export counts its own requests within it (export-record.ts).
  let shared = io;
  if (maxRps !== undefined) {
    const { createRequestBudget } = await import("../index.js");
    const budget = createRequestBudget({
      maxRequestsPerSecond: maxRps,
      ...(io.client?.now && { now: io.client.now }),
      ...(io.client?.sleep && { sleep: io.client.sleep }),
    });
    shared = { ...io, client: { ...io.client, budget } };
  }

  const { client, connection } = await connect(shared, {
    ...authFlags(options),
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
  });
  // A listing that names an index twice must not start two exports into one file.
  const ids = [...new Set((await listIndexes(client, io.signal, "no export was started")).map((index) => index.id))];
  // Every index's file decided before the first export: one whose names meet another's is refused, with the other.
  const { files, refused } = planIndexFiles(ids, outDir, fileName);

  // With --with-total every index is counted first, so the display has the sum for a percentage from the start.
  const totals = options.withTotal
    ? await indexTotals(client, ids.filter((id) => files.has(id)), { filter: options.filter, maxItems: options.maxItems, concurrency, signal: io.signal })
    : undefined;
  let total = totals && [...totals.values()].reduce((sum, n) => sum + n, 0);
  const { createProgress } = await import("./progress.js");
  const progress = await createProgress({
    stream: io.stderr,
    mode: options.progress === false ? "none" : io.stderr.isTTY ? "bar" : "lines",
    ...(total !== undefined && { total }),
  });
  // Each export's count, resumed profiles included; the display shows their sum.
  const counts = new Map<string, number>();
  let written = 0;
  const onProgress = (indexId: string) => (count: number) => {
    written += count - (counts.get(indexId) ?? 0);
    counts.set(indexId, count);
    progress.update(written);
  };

  const [{ finishedExport }, { describeExport }] = await Promise.all([import("./finished-export.js"), import("./export-record.js")]);
  const { compress: compression, parquetCodec, filter, maxItems } = options;
  const outcomes: IndexOutcome[] = new Array(ids.length);
  let nextIndex = 0;
  let interrupted: unknown;
  const worker = async () => {
    while (nextIndex < ids.length && interrupted === undefined) {
      const at = nextIndex++;
      const indexId = ids[at]!;
      const out = files.get(indexId);
      if (out === undefined) {
        outcomes[at] = { indexId, ok: false, reason: refused.get(indexId)! };
        continue;
      }
      const stderr = lineStream((line) => progress.note(`${indexId}: ${line}`));
      try {
        // --resume continues the unfinished exports; one an earlier run finished is left as it is.
        if (options.resume && (await finishedExport(out, describeExport({ format, compression, parquetCodec, indexId, filter, maxItems, connection })))) {
          outcomes[at] = { indexId, ok: true, skipped: true };
          // Its profiles are not written by this run: the percentage is of what is.
          if (total !== undefined && totals?.has(indexId)) progress.setTotal((total -= totals.get(indexId)!));
          continue;
        }
        // maxRps dropped: the shared limiter above already spaces every request of every export.
        await runExport(indexId, { ...options, maxRps: undefined, format, out, progress: false, onProgress: onProgress(indexId), ...(totals?.has(indexId) && { total: totals.get(indexId) }) }, { ...shared, stderr });
        outcomes[at] = { indexId, ok: true };
      } catch (error) {
        if (io.signal?.aborted) interrupted ??= error;
        // A count that differs from the reported total still leaves a complete file: exported, with the warning.
        outcomes[at] = error instanceof CountMismatchError ? { indexId, ok: true, warning: error.message } : { indexId, ok: false, reason: reasonFor(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  if (interrupted === undefined) progress.finish(written, outDir);
  else progress.stop();
  for (const outcome of outcomes) {
    if (outcome === undefined) continue;
    const path = join(outDir, fileName(outcome.indexId));
    const said = !outcome.ok ? `failed: ${outcome.reason}`
      : outcome.skipped ? `already exported to ${path} by an earlier run (it matches its manifest); left as it is`
      : `exported to ${path}${outcome.warning ? `; ${outcome.warning}` : ""}`;
    progress.note(`${outcome.indexId}: ${said}`);
  }
  if (interrupted !== undefined) throw interrupted;
  const failed = outcomes.filter((outcome) => !outcome.ok).length;
  progress.note(`${ids.length - failed} of ${ids.length} indexes exported to ${outDir}`);
  if (failed > 0) throw new Error(`${failed} of ${ids.length} indexes failed; run the same command with --resume to continue the unfinished ones`);
  const warned = outcomes.filter((outcome) => outcome.ok && outcome.warning).length;
  // Exit 3, as for one index: complete files whose count differs from the total the API reported.
  if (warned > 0) throw new CountMismatchError(`warning: ${warned} of ${ids.length} files hold another number of profiles than the API reported`);
}
