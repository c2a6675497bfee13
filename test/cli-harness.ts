/** Runs the CLI in-process with captured streams; shared by the cli, export and reliability tests. */
import { PassThrough } from "node:stream";
import { run, type CliIo } from "../src/cli/program.js";
import type { Sandbox } from "../src/sandbox/index.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  client?: CliIo["client"];
  signal?: AbortSignal;
  stderrIsTTY?: boolean;
  stdoutIsTTY?: boolean;
}

export async function runCli(argv: string[], options: RunOptions = {}): Promise<CliResult> {
  const { stdout, ...rest } = await runCliBytes(argv, options);
  return { ...rest, stdout: stdout.toString() };
}

/** runCli with stdout as bytes, for binary output (gzip). */
export async function runCliBytes(argv: string[], options: RunOptions = {}): Promise<Omit<CliResult, "stdout"> & { stdout: Buffer }> {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.stdoutIsTTY ?? false });
  const stderr = Object.assign(new PassThrough(), { isTTY: options.stderrIsTTY ?? false, columns: 100 });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const code = await run(argv, {
    env: options.env ?? {},
    stdout,
    stderr,
    ...(options.signal && { signal: options.signal }),
    // No real waiting between retries in tests.
    client: { sleep: async () => undefined, ...options.client },
  });
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() };
}

/** The environment that points the CLI at a sandbox. */
export function sandboxEnv(sandbox: Sandbox): Record<string, string> {
  return { AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token, AMPERITY_BASE_URL: sandbox.url };
}

/**
 * Bundles the bin into `dir/cli.mjs` for tests that need a real process (Node cannot run the TypeScript);
 * its dependencies resolve through a `node_modules` link to the repository's.
 */
export async function bundleCli(dir: string): Promise<string> {
  const { build } = await import("esbuild");
  const { symlink } = await import("node:fs/promises");
  const { join, resolve } = await import("node:path");
  const outfile = join(dir, "cli.mjs");
  await build({
    entryPoints: [resolve("src/cli/bin.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  await symlink(resolve("node_modules"), join(dir, "node_modules"), "dir");
  return outfile;
}

/** A fetch that counts what is sent through it: refusals must come before any request. */
export function countingFetch(): { fetch: typeof fetch; requests: number } {
  const counter = {
    requests: 0,
    fetch: ((input, init) => {
      counter.requests++;
      return fetch(input, init);
    }) as typeof fetch,
  };
  return counter;
}
