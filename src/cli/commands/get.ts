/** `amperity-profiles get <indexId> <profileId>`: one profile as JSON on stdout. */
import { Command } from "commander";
import { authFlags, connect } from "../connect.js";
import { requestTuning, withRequestFlags, type RequestFlags } from "../request-flags.js";
import type { CliIo } from "../io.js";
import { terminalJson } from "../../edges/terminal/terminal-text.js";

type GetOptions = { tokenFile?: string; clientSecretFile?: string } & RequestFlags;

export async function runGet(indexId: string, profileId: string, options: GetOptions, io: CliIo): Promise<void> {
  const { client } = await connect(io, { ...authFlags(options), ...requestTuning(options) });
  const profile = await client.profiles.get(indexId, profileId, io.signal ? { signal: io.signal } : {});
  const json = JSON.stringify(profile, null, 2);
  // On a terminal the controls JSON leaves raw (DEL, C1, bidi) are escaped; into a pipe or a file, byte-exact.
  io.stdout.write(`${io.stdout.isTTY === true ? terminalJson(json) : json}\n`);
}

export function getCommand(io: CliIo): Command {
  return withRequestFlags(new Command("get")
    .description("Print one profile as JSON.")
    .argument("<indexId>", "the profile index")
    .argument("<profileId>", "the profile")
    .option("--token-file <path>", "read the API token from this file (else AMPERITY_TOKEN / AMPERITY_TOKEN_FILE)")
    .option("--client-secret-file <path>", "read the OAuth client secret from this file (else AMPERITY_CLIENT_SECRET / AMPERITY_CLIENT_SECRET_FILE)"))
    .action((indexId: string, profileId: string, options: GetOptions) => runGet(indexId, profileId, options, io));
}
