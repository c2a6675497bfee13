/** `amperity-profiles indexes`: the tenant's profile indexes, as a table or (`--json`) a JSON array. */
import { Command } from "commander";
import type { Index } from "../../index.js";
import { authFlags, connect } from "../connect.js";
import type { CliIo } from "../io.js";

export interface IndexesOptions {
  json?: boolean;
  tokenFile?: string;
  clientSecretFile?: string;
}

/** A left-aligned table with a header row; empty cells for missing values. */
export function indexTable(indexes: readonly Index[]): string {
  const rows = [["ID", "NAME", "UPDATED"], ...indexes.map((index) => [index.id, index.name ?? "", index.updated_at ?? ""])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd() + "\n").join("");
}

export async function runIndexes(options: IndexesOptions, io: CliIo): Promise<void> {
  const { client } = await connect(io, authFlags(options));
  const indexes: Index[] = [];
  for await (const index of client.indexes.items({}, io.signal ? { signal: io.signal } : {})) indexes.push(index);
  io.stdout.write(options.json ? `${JSON.stringify(indexes, null, 2)}\n` : indexTable(indexes));
}

export function indexesCommand(io: CliIo): Command {
  return new Command("indexes")
    .description("List the tenant's profile indexes.")
    .option("--json", "print a JSON array instead of a table")
    .option("--token-file <path>", "read the API token from this file (else AMPERITY_TOKEN / AMPERITY_TOKEN_FILE)")
    .option("--client-secret-file <path>", "read the OAuth client secret from this file (else AMPERITY_CLIENT_SECRET / AMPERITY_CLIENT_SECRET_FILE)")
    .action((options: IndexesOptions) => runIndexes(options, io));
}
