/**
 * What an export run records about itself for the manifest: the HTTP requests its client sends (counted by the
 * run's request budget, which every attempt passes, token requests included) and its retries, its start time, and
 * at the end the manifest itself and the comparison with the total the API reported.
 */
import { createRequestBudget, type RequestBudget } from "../index.js";
import type { AtomicFile } from "../edges/files/atomic-file.js";
import type { Compression, Format, ParquetCodecName } from "../export/format.js";
import type { Manifest } from "../export/manifest.js";
import type { ConnectionConfig } from "./env.js";
import { CountMismatchError } from "./handle-error.js";
import type { CliIo } from "./io.js";
import { countOf } from "./messages.js";

export interface RunRecord {
  /** The io to build the client with: its request budget counts the requests. */
  io: CliIo;
  readonly requests: number;
  retries: number;
  startedAt: Date;
}

/**
 * The run's budget spaces its requests by `--max-rps` and counts them; under `--all-indexes` it sits within the
 * budget every export shares (io.client.budget), which spaces them all together.
 */
export function recordRun(io: CliIo, { maxRps }: { maxRps: number | undefined }): RunRecord {
  const within = io.client?.budget as RequestBudget | undefined;
  const budget = createRequestBudget({
    ...(maxRps !== undefined && { maxRequestsPerSecond: maxRps }),
    ...(within && { within }),
    ...(io.client?.now && { now: io.client.now }),
    ...(io.client?.sleep && { sleep: io.client.sleep }),
  });
  return {
    io: { ...io, client: { ...io.client, budget } },
    get requests() {
      return budget.sent;
    },
    retries: 0,
    startedAt: new Date(),
  };
}

export interface Outcome {
  out: string;
  file: AtomicFile;
  format: Format;
  compression: Compression | undefined;
  parquetCodec: ParquetCodecName | undefined;
  indexId: string;
  filter: Record<string, string> | undefined;
  maxItems: number | undefined;
  connection: ConnectionConfig;
  count: number;
  /** Profiles already in the part file when this run resumed it. */
  resumedAt: number | undefined;
  total: number | undefined;
}

/** Where an export reads from, as its checkpoint and manifest record it: the base URL, else the region. */
export const endpointOf = (connection: ConnectionConfig): string => connection.baseUrl ?? connection.region ?? "aws";

/** The manifest fields that say which export a file is (compared by `--all-indexes --resume`). */
export type ExportDescription = Pick<Manifest, "index_id" | "format" | "compression" | "filters" | "tenant" | "endpoint" | "max_items"> & {
  parquet_codec: NonNullable<Manifest["parquet_codec"]> | null;
};

export function describeExport(run: Pick<Outcome, "format" | "compression" | "parquetCodec" | "indexId" | "filter" | "maxItems" | "connection">): ExportDescription {
  return {
    format: run.format,
    compression: run.compression ?? null,
    parquet_codec: run.format === "parquet" ? (run.parquetCodec ?? "snappy") : null,
    index_id: run.indexId,
    filters: run.filter ?? {},
    tenant: run.connection.tenant,
    endpoint: endpointOf(run.connection),
    max_items: run.maxItems ?? null,
  };
}

/** Writes the manifest beside the finished file. */
export async function writeExportManifest(run: RunRecord, outcome: Outcome): Promise<void> {
  const { writeManifest } = await import("../export/manifest.js");
  const { basename } = await import("node:path");
  const { file, total, count } = outcome;
  await writeManifest(outcome.out, {
    file: basename(outcome.out),
    ...describeExport(outcome),
    profiles: count,
    bytes: file.bytes,
    sha256: file.digest(),
    started_at: run.startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    resumed_at_profiles: outcome.resumedAt ?? null,
    requests: run.requests,
    retries: run.retries,
    total_reported: total ?? null,
    count_matches_total: total === undefined ? null : total === count,
  });
}

/** Throws CountMismatchError (exit 3) when the API reported a total and the export wrote another count. */
export function assertCountMatches(count: number, total: number | undefined, where: string): void {
  if (total === undefined || total === count) return;
  throw new CountMismatchError(
    `warning: ${countOf(count, "profile")} written to ${where}, but the API reported ${countOf(total, "profile")} when the export started: ` +
      `profiles may have changed during the export, or some were lost; the file is kept`,
  );
}
