/**
 * The `amperity-profiles` program: registers one command per file under commands/ and turns every outcome into
 * an exit code through handle-error.ts. `run` is what bin.ts calls, and what the tests call in-process.
 */
import { Command } from "commander";
import { checkCommand } from "./commands/check.js";
import { exportCommand } from "./commands/export.js";
import { getCommand } from "./commands/get.js";
import { indexesCommand } from "./commands/indexes.js";
import { sandboxCommand } from "./commands/sandbox.js";
import { verifyCommand } from "./commands/verify.js";
import { exitCodes, handleError } from "./handle-error.js";
import type { CliIo } from "./io.js";
import { scrubbedStream } from "./scrubbed-stream.js";
import { terminalRecords } from "../edges/terminal/terminal-text.js";

export type { CliIo } from "./io.js";

export function createProgram(io: CliIo, version = "0.0.0"): Command {
  const program = new Command("amperity-profiles")
    .description(
      "Export and inspect Amperity profiles. Connection settings come from the environment: AMPERITY_TENANT, " +
        "AMPERITY_TOKEN or AMPERITY_TOKEN_FILE, AMPERITY_REGION (aws, azure, aws-apse2), AMPERITY_BASE_URL.",
    )
    .version(version)
    .showHelpAfterError("(add --help for usage)")
    // Commander's errors quote the arguments as given (a script may pass a server's text): escaped like any stderr.
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(terminalRecords(text)) })
    .exitOverride();
  for (const command of [exportCommand(io), indexesCommand(io), getCommand(io), sandboxCommand(io), verifyCommand(io), checkCommand(io)]) {
    // Subcommands inherit neither the output routing nor the override; both are needed for in-process runs.
    command.configureOutput(program.configureOutput()).exitOverride().showHelpAfterError("(add --help for usage)");
    program.addCommand(command);
  }
  return program;
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and resolves to the exit code. Everything the
 * commands write to stderr is scrubbed of the secrets the process holds (scrubbed-stream.ts).
 */
export async function run(argv: readonly string[], given: CliIo, version?: string): Promise<number> {
  const io: CliIo = { ...given, stderr: scrubbedStream(given.stderr) };
  try {
    await createProgram(io, version).parseAsync([...argv], { from: "user" });
    return exitCodes.ok;
  } catch (error) {
    return handleError(error, io.stderr, io.env);
  }
}
