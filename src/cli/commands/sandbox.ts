/**
 * `amperity-profiles sandbox`: a local Profile API. Prints one JSON line (url, tenant, token, indexes) on
 * stdout when it is ready, and serves until SIGINT/SIGTERM.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { once } from "node:events";
import { integerAtLeast, numberWithin } from "../args.js";
import { UsageError } from "../handle-error.js";
import { inPlainWords } from "../os-error-words.js";
import type { CliIo } from "../io.js";
import type { SandboxOptions, ShapeOption } from "../../sandbox/index.js";
// The lists of orders and shape names: small modules, so --help does not load the sandbox's server.
import { builtinShapeNames } from "../../sandbox/shape-option.js";
import { keyOrders } from "../../sandbox/key-order.js";
import { InputFileError, readInputFile } from "../../edges/files/input-file.js";

/** The sandbox options the command line can set (the test hooks stay code-only); shapes by name or from a file. */
export type SandboxCommandOptions = Omit<SandboxOptions, "faultSeed" | "now" | "shapes"> & { shapes?: string; shapeFile?: string };

/** A shape file is a few kilobytes; anything far larger is a wrong path. */
const maxShapeFile = 1024 * 1024;

/** The shapes `--shapes a,b` or `--shape-file FILE` (one shape, or an array of shapes and names) give, checked. */
async function shapesOf({ shapes, shapeFile }: SandboxCommandOptions): Promise<ShapeOption[] | undefined> {
  const { checkShapes } = await import("../../sandbox/index.js");
  if (shapes !== undefined && shapeFile !== undefined) throw new UsageError("give the indexes' shapes once: --shapes or --shape-file, not both");
  try {
    if (shapes !== undefined) return checkShapes(shapes.split(","), "--shapes");
    if (shapeFile === undefined) return undefined;
    let content: unknown;
    try {
      const { bytes } = await readInputFile(shapeFile, { follow: true, maxBytes: maxShapeFile });
      content = JSON.parse(bytes.toString("utf8"));
    } catch (error) {
      if (error instanceof InputFileError) {
        throw new UsageError(inPlainWords(error, { setting: "--shape-file", what: "shape file", path: shapeFile }) ?? `cannot read --shape-file ${shapeFile}`);
      }
      throw new UsageError(`--shape-file ${shapeFile} is not valid JSON (${(error as Error).message})`);
    }
    return checkShapes(Array.isArray(content) ? content : [content], `--shape-file ${shapeFile}: shapes`);
  } catch (error) {
    throw error instanceof RangeError ? new UsageError(error.message) : error;
  }
}

export async function runSandbox(options: SandboxCommandOptions, io: CliIo): Promise<void> {
  const { startSandbox, describeSandbox } = await import("../../sandbox/index.js");
  const shapes = await shapesOf(options);
  // Commander leaves unset options undefined; drop them so the sandbox's defaults apply.
  const given = Object.entries({ ...options, shapes, shapeFile: undefined }).filter(([, value]) => value !== undefined);
  const settings: SandboxOptions = Object.fromEntries(given);
  const sandbox = await startSandbox(settings).catch((error: unknown) => {
    // The sandbox names the option it refuses; that is a usage error, as is a --port or --host it cannot listen on.
    if (error instanceof RangeError) throw new UsageError(error.message);
    const words = (error as NodeJS.ErrnoException).syscall === "listen" ? inPlainWords(error) : undefined;
    throw words === undefined ? error : new UsageError(words);
  });
  try {
    for (const warning of sandbox.warnings) io.stderr.write(`amperity-profiles: warning: ${warning}\n`);
    io.stdout.write(`${describeSandbox(sandbox)}\n`);
    io.stderr.write(`sandbox listening at ${sandbox.url}; stop it with Ctrl-C\n`);
    if (io.signal && !io.signal.aborted) await once(io.signal, "abort");
    else if (!io.signal) await new Promise<never>(() => undefined);
  } finally {
    await sandbox.close();
  }
}

const rate = numberWithin(Number.MIN_VALUE, Number.MAX_VALUE);
const rateLimitOf = (text: string): number | "documented" => (text.trim() === "documented" ? "documented" : rate(text));

function latencyOf(text: string): { p50Ms: number; p95Ms: number } {
  const [p50, p95, extra] = text.split(",").map((part) => (part.trim() === "" ? NaN : Number(part)));
  if (extra !== undefined || !(p50! > 0) || !(p95! >= p50!) || !Number.isFinite(p95)) {
    throw new InvalidArgumentError(`expected p50,p95 in milliseconds with 0 < p50 <= p95 (e.g. 30,100), got "${text}"`);
  }
  return { p50Ms: p50!, p95Ms: p95! };
}

export function sandboxCommand(io: CliIo): Command {
  return new Command("sandbox")
    .description("Run a local Profile API with deterministic data; prints {url, tenant, token, indexes} as one JSON line.")
    .option("--host <host>", "interface to listen on (default: 127.0.0.1); any other exposes the token and data to the network")
    .option("--port <port>", "port; 0 picks a free one (default: 0)", integerAtLeast(0))
    .option("--profiles <n>", "profiles per index (default: 1000)", integerAtLeast(0))
    .option("--indexes <n>", "number of indexes (default: 1)", integerAtLeast(1))
    .option("--seed <seed>", "seed of the generated data (default: amperity)")
    .option("--shapes <names>", `the indexes' attribute shapes, taken in turn, by name: ${builtinShapeNames.join(", ")} ` +
      "(default: all of them, in that order)")
    .option("--shape-file <file>", "the indexes' attribute shapes from a JSON file: one shape {name, attributes} or an " +
      "array of shapes and built-in names")
    .option("--token <token>", "the bearer token to accept, for local testing only (default: a random one)")
    .option("--client-id <id>", "serve the OAuth token endpoint for this client id (with --client-secret)")
    .option("--client-secret <secret>", "the client secret the token endpoint accepts, for local testing only")
    .option("--token-ttl <seconds>", "lifetime of the tokens the token endpoint issues (default: 3600)", integerAtLeast(1))
    .option("--tenant <tenant>", "the tenant id to accept (default: sandbox)")
    .option("--page-max <n>", "largest accepted limit (default: 1000)", integerAtLeast(1))
    .addOption(new Option("--key-order <order>", "order of a list's members: documented (profiles total, next_token, data; " +
      "indexes data, next_token, total) or data-first (default: documented)").choices(keyOrders))
    .option("--rate-limit <rps>", "answer 429 above this many requests per second; documented: the Profile API's 2000, " +
      "its 429s without Retry-After", rateLimitOf)
    .option("--fault-rate <r>", "fraction of requests that get a random fault (500, 503, 429, reset, cut-off body)", numberWithin(0, 1))
    .option("--latency-ms <ms>", "delay before every response", integerAtLeast(0))
    .option("--latency <p50,p95>", "instead of --latency-ms, a log-normal delay with this median and 95th percentile " +
      "in ms, e.g. 30,100 (the same sequence for the same --seed)", latencyOf)
    .action((options: SandboxCommandOptions) => runSandbox(options, io));
}
