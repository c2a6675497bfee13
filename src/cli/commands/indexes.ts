/** `amperity-profiles indexes`: the tenant's profile indexes, as a table or (`--json`) a JSON array. */
import { Command } from "commander";
import type { Index } from "../../index.js";
import { authFlags, connect } from "../connect.js";
import { requestTuning, withRequestFlags, type RequestFlags } from "../request-flags.js";
import type { CliIo } from "../io.js";
import { listIndexes } from "../list-indexes.js";
import { terminalJson, terminalText } from "../../edges/terminal/terminal-text.js";

export interface IndexesOptions extends RequestFlags {
  json?: boolean;
  tokenFile?: string;
  clientSecretFile?: string;
}

/**
 * A left-aligned table with a header row; empty cells for missing values. For a terminal, `cell` escapes the
 * control characters of each value (escaped before the widths are measured, so the columns stay aligned).
 */
export function indexTable(indexes: readonly Index[], cell: (value: string) => string = (value) => value): string {
  const rows = [["ID", "NAME", "UPDATED"], ...indexes.map((index) => [index.id, index.name ?? "", index.updated_at ?? ""].map(cell))];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((text, column) => text.padEnd(widths[column]!)).join("  ").trimEnd() + "\n").join("");
}

export async function runIndexes(options: IndexesOptions, io: CliIo): Promise<void> {
  const { client } = await connect(io, { ...authFlags(options), ...requestTuning(options) });
  // Every page first, bounded: a listing that never ends fails before anything is printed.
  const indexes = await listIndexes(client, io.signal, "nothing was printed");
  // On a terminal the server's text is escaped; into a pipe or a file it goes as it came.
  const tty = io.stdout.isTTY === true;
  if (!options.json) return void io.stdout.write(indexTable(indexes, tty ? terminalText : undefined));
  const json = JSON.stringify(indexes, null, 2);
  io.stdout.write(`${tty ? terminalJson(json) : json}\n`);
}

export function indexesCommand(io: CliIo): Command {
  return withRequestFlags(new Command("indexes")
    .description("List the tenant's profile indexes.")
    .option("--json", "print a JSON array instead of a table")
    .option("--token-file <path>", "read the API token from this file (else AMPERITY_TOKEN / AMPERITY_TOKEN_FILE)")
    .option("--client-secret-file <path>", "read the OAuth client secret from this file (else AMPERITY_CLIENT_SECRET / AMPERITY_CLIENT_SECRET_FILE)"))
    .action((options: IndexesOptions) => runIndexes(options, io));
}
