import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { repoRoot, specPath } from "./paths.js";
import { freePort } from "./prism.js";

/**
 * The pinned Steady (@stdy/cli), a second mock independent of Prism. Its binary ships in the npm platform package
 * (`@stdy/cli-linux-x64` here) and is run straight from node_modules: no install script, no download.
 */
export const steadyBinary = path.join(repoRoot, "node_modules", "@stdy", `cli-${process.platform}-${process.arch}`, "bin", "steady");

export interface SteadyServer {
  readonly url: string;
  logLines(): readonly string[];
  close(): Promise<void>;
}

const readyTimeoutMs = 60_000;

export async function startSteady(): Promise<SteadyServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  // deepObject's `filter[given_name]=…` is the brackets format; the seed makes generated bodies reproducible.
  const args = ["--host", "127.0.0.1", "--port", String(port), "--quiet", "--no-color", "--validator-query-object-format=brackets", "--generator-seed=7", specPath];
  const child = spawn(steadyBinary, args, { stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n")));
  const stop = () => stopChild(child);
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Steady exited before it was ready:\n${lines.join("\n")}`);
    if (await answers(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Steady did not answer within ${readyTimeoutMs} ms:\n${lines.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, logLines: () => lines, close: stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}
