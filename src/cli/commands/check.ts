/**
 * `amperity-profiles check FILE`: reads an exported file and the manifest beside it and says whether they agree:
 * the profile count (decoded from the file as its format is read), the byte size and the SHA-256. Exit 0 when
 * they do, 1 when they do not (or the manifest is missing or unreadable), 2 for usage errors.
 */
import { Command } from "commander";
import type { OpenInput } from "../../edges/files/input-file.js";
import { UsageError } from "../handle-error.js";
import { inPlainWords } from "../os-error-words.js";
import type { CliIo } from "../io.js";
import { countOf } from "../messages.js";
import { terminalText } from "../../edges/terminal/terminal-text.js";

/** The file and its manifest disagree, or one of them cannot be read; the report on stdout says how. */
export class CheckFailedError extends Error {
  override readonly name = "CheckFailedError";
  // Keeps handle-error from prefixing a class name: the message is the reason.
  readonly code = "ECHECKFAILED";
}

export async function runCheck(file: string, io: CliIo): Promise<void> {
  // The file the user named may be a symlink; a FIFO or device is refused at once, never read.
  const { openInputFile } = await import("../../edges/files/input-file.js");
  const input = await openInputFile(file, { follow: true }).catch((error: unknown) => {
    throw new UsageError(inPlainWords(error, { path: file }) ?? `cannot read ${file}`);
  });
  try {
    await checkOpen(file, input, io);
  } finally {
    await input.handle.close();
  }
}

async function checkOpen(file: string, input: OpenInput, io: CliIo): Promise<void> {
  const [{ readManifest }, { inspectExport }] = await Promise.all([import("../../export/manifest.js"), import("../../export/inspect-file.js")]);
  const say = (line: string) => void io.stdout.write(`${terminalText(line)}\n`);

  let manifest;
  try {
    ({ manifest } = await readManifest(file));
  } catch (error) {
    if ((error as Error).name !== "ManifestError") throw error;
    say(`FAIL ${file}: ${(error as Error).message}`);
    throw new CheckFailedError(`${file} has no readable manifest`);
  }
  const kind = `${manifest.format}${manifest.compression ? ` (${manifest.compression})` : ""}`;
  let facts;
  try {
    facts = await inspectExport(input, manifest.format, manifest.compression);
  } catch (error) {
    if ((error as Error).name !== "RecordCountError") throw error;
    say(`FAIL ${file}: cannot be read as ${kind}: ${(error as Error).message}`);
    throw new CheckFailedError(`${file} cannot be read as the ${kind} its manifest names`);
  }
  const differences = [
    facts.profiles !== manifest.profiles && `profiles: the manifest says ${manifest.profiles}, the file holds ${facts.profiles}`,
    facts.bytes !== manifest.bytes && `bytes: the manifest says ${manifest.bytes}, the file has ${facts.bytes}`,
    facts.sha256 !== manifest.sha256 && `sha256: the manifest says ${manifest.sha256}, the file's is ${facts.sha256}`,
  ].filter((line): line is string => typeof line === "string");
  if (differences.length === 0) {
    say(`OK ${file}: ${kind}, ${countOf(facts.profiles, "profile")}, ${countOf(facts.bytes, "byte")}, sha256 ${facts.sha256}: as its manifest says`);
    return;
  }
  say(`FAIL ${file} does not match its manifest:`);
  for (const line of differences) say(`  ${line}`);
  throw new CheckFailedError(`${file} does not match its manifest (${differences.map((line) => line.split(":")[0]).join(", ")})`);
}

export function checkCommand(io: CliIo): Command {
  return new Command("check")
    .description("Check an exported file against the manifest beside it (FILE.manifest.json): profile count, size and SHA-256.")
    .argument("<file>", "the exported file")
    .action((file: string) => runCheck(file, io));
}
