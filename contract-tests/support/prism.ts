import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { prismEntry, specPath } from "./paths.js";

/** How to run Prism: static examples, schema-generated bodies (`-d --seed`), or a validating proxy. */
export type PrismMode =
  | { kind: "mock" }
  | { kind: "dynamic"; seed: number }
  | { kind: "proxy"; upstream: string; errors: boolean };

export interface PrismServer {
  /** Base URL without a path: Prism matches the spec's paths (`/indexes…`) without the servers' `/api` prefix. */
  readonly url: string;
  /** Everything Prism has logged so far (stdout and stderr), one entry per line. */
  logLines(): readonly string[];
  close(): Promise<void>;
}

const readyTimeoutMs = 60_000;
const exitGraceMs = 3_000;

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("could not get a free port");
  return address.port;
}

function prismArgs(mode: PrismMode, port: number): string[] {
  const common = ["--host", "127.0.0.1", "--port", String(port)];
  switch (mode.kind) {
    case "mock":
      // Static examples only; `warn` keeps request logs out of the pipe, violations are still logged.
      return ["mock", specPath, ...common, "--verboseLevel", "warn"];
    case "dynamic":
      return ["mock", specPath, "--dynamic", "--seed", String(mode.seed), ...common, "--verboseLevel", "warn"];
    case "proxy":
      // `info` so that every request and every violation found on the way through is in the log.
      return ["proxy", specPath, mode.upstream, ...common, ...(mode.errors ? ["--errors"] : []), "--verboseLevel", "info"];
  }
}

function collectLines(child: ChildProcess, sink: string[]): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.setEncoding("utf8");
    // Always drain the pipes: a full, unread pipe would block Prism's logger and stall every response.
    stream?.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      sink.push(...parts);
    });
  }
}

async function answersHttp(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await res.body?.cancel();
    return true; // any status (Prism answers 404 for "/") means it is listening
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), exitGraceMs);
  await exited;
  clearTimeout(timer);
}

/** Starts the pinned Prism on a free loopback port and resolves once it answers HTTP. */
export async function startPrism(mode: PrismMode): Promise<PrismServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  const child = spawn(process.execPath, [prismEntry, ...prismArgs(mode, port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  collectLines(child, lines);
  const server: PrismServer = { url, logLines: () => lines, close: () => stop(child) };

  const deadline = Date.now() + readyTimeoutMs;
  while (!(await answersHttp(url))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Prism exited before it was ready (${child.exitCode ?? child.signalCode}):\n${lines.join("\n")}`);
    }
    if (Date.now() > deadline) {
      await stop(child);
      throw new Error(`Prism did not answer within ${readyTimeoutMs} ms:\n${lines.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return server;
}

/**
 * Starts Prism before the calling file's tests and stops it after them. The server's members are valid inside tests
 * and hooks (once that beforeAll has run), not while the tests are being defined.
 */
export function prismForFile(mode: PrismMode): PrismServer {
  let server: PrismServer | undefined;
  beforeAll(async () => {
    server = await startPrism(mode);
  }, readyTimeoutMs);
  afterAll(async () => {
    await server?.close();
  });
  const started = (): PrismServer => {
    if (server === undefined) throw new Error("Prism is read before the file's beforeAll started it");
    return server;
  };
  return { get url() { return started().url; }, logLines: () => started().logLines(), close: () => started().close() };
}
