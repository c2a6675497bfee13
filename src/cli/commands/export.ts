/**
 * `amperity-profiles export`: the command's flags, and which export they ask for — one index (run-export.ts) or,
 * with `--all-indexes`, every index of the tenant (run-export-all.ts).
 */
import { Command, Option } from "commander";
import { compressions, formats, parquetCodecs } from "../../export/format.js";
import { collectFilter, integerAtLeast } from "../args.js";
import { UsageError } from "../handle-error.js";
import { withRequestFlags } from "../request-flags.js";
import type { CliIo } from "../io.js";
import { defaultLimit, runExport, type ExportOptions } from "../run-export.js";

export function exportCommand(io: CliIo): Command {
  return withRequestFlags(new Command("export")
    .description("Export every profile of an index as NDJSON, CSV, JSON or Parquet, to stdout or a file, optionally gzipped.")
    .argument("[indexId]", "the profile index to export (or --all-indexes)")
    .addOption(new Option("--format <format>", "output format (default: from the --out extension, else ndjson)").choices(formats))
    .addOption(new Option("--compress <method>", "compress the output (default: gzip when --out ends in .gz)").choices(compressions))
    .option("--row-group-size <n>", "with --format parquet: profiles per row group (default: 10000)", integerAtLeast(1))
    .addOption(new Option("--parquet-codec <codec>", "with --format parquet: the pages' compression (default: snappy)").choices(parquetCodecs))
    .option("--out <file>", "write to this file, atomically; - for stdout (default: stdout)")
    .option("--limit <n>", `profiles per request (default: ${defaultLimit})`, integerAtLeast(1))
    .option("--filter <attr=value>", "only profiles whose filter field equals value; repeatable (AND)", collectFilter)
    .option("--with-total", "ask for the total first, for a percentage and an ETA")
    .option("--max-items <n>", "stop after this many profiles", integerAtLeast(1))
    .option("--resume", "continue an interrupted export to the same --out from its checkpoint")
    .option("--checkpoint-interval <ms>", "least time between two checkpoints of --out; 0 for every page (default: 1000)", integerAtLeast(0))
    .option("--max-attempts <n>", "attempts per request before giving up (default: 4)", integerAtLeast(1))
    .option("--no-progress", "no progress output on stderr")
    .option("--token-file <path>", "read the API token from this file (else AMPERITY_TOKEN / AMPERITY_TOKEN_FILE)")
    .option("--client-secret-file <path>", "read the OAuth client secret from this file (else AMPERITY_CLIENT_SECRET / AMPERITY_CLIENT_SECRET_FILE)")
    .option("--all-indexes", "export every index of the tenant, one file each in --out-dir")
    .option("--out-dir <dir>", "with --all-indexes: write DIR/<indexId>.<format>")
    .option("--concurrency <n>", "with --all-indexes: indexes exported at once (default: 4)", integerAtLeast(1))
    )
    .action(async (indexId: string | undefined, options: ExportOptions & { allIndexes?: boolean; outDir?: string; concurrency?: number; maxRps?: number }) => {
      if (options.allIndexes) {
        if (indexId !== undefined) throw new UsageError("give an index id or --all-indexes, not both");
        // The shared limiter of --all-indexes replaces the per-client one.
        return (await import("../run-export-all.js")).runExportAll(options, io);
      }
      if (options.outDir !== undefined || options.concurrency !== undefined) throw new UsageError("--out-dir and --concurrency need --all-indexes");
      if (indexId === undefined) throw new UsageError("missing the index id to export (or --all-indexes for every index)");
      return runExport(indexId, options, io);
    });
}
