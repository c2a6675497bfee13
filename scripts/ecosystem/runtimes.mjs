// Runs the consumer's walk (consumer/src/walk.ts) on one runtime against a running sandbox, and judges what it
// saw. Node, Bun and Deno run it as a program; workerd serves it as a worker that reaches the sandbox only
// through a service binding, and is asked for it once over loopback.
import { execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const timeout = 60_000;

/** What every runtime must have seen, given the sandbox it walked (25 profiles per index, pages of 10). */
export function judge(walked, sandbox, { sdkVersion, runtime }) {
  const problems = [];
  const expect = (what, actual, expected) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };
  expect("indexes", walked.indexes, sandbox.indexes);
  expect("page sizes", walked.pageSizes, [10, 10, 5]);
  expect("distinct profiles", walked.distinct, 25);
  if (!/^cl-/.test(walked.got)) problems.push(`get: ${JSON.stringify(walked.got)}, expected the last listed profile`);
  expect("a missing profile", walked.missing, 404);
  expect("User-Agent", walked.userAgent, `amperity-profiles/${sdkVersion} ${runtime}`);
  return problems;
}

/** The walk on a runtime that runs a file: its one JSON line of stdout. */
export async function walkProgram(command, args, { cwd, sandbox, env = {} }) {
  const line = JSON.stringify({ url: sandbox.url, token: sandbox.token, tenant: sandbox.tenant });
  const { stdout } = await run(command, args, {
    cwd,
    timeout,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AMPERITY_SANDBOX: line, ...env },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** workerd's own config: the bundled worker, the sandbox as an external service bound to it, one loopback socket. */
function workerdConfig({ sandboxPort, port, token, tenant }) {
  const text = (value) => JSON.stringify(value); // a Cap'n Proto text literal is a JSON string
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .consumer),
    (name = "sandbox", external = (address = ${text(`127.0.0.1:${sandboxPort}`)}, http = ())),
  ],
  sockets = [(name = "http", address = ${text(`127.0.0.1:${port}`)}, http = (), service = "main")],
);
const consumer :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [
    (name = "SANDBOX", service = "sandbox"),
    (name = "TOKEN", text = ${text(token)}),
    (name = "TENANT", text = ${text(tenant)}),
  ],
);
`;
}

/** The walk on workerd: `bundle` is the worker as one ES module (workerd resolves no packages). */
export async function walkWorkerd(workerd, { dir, bundle, sandbox }) {
  const port = await freePort();
  const sandboxPort = Number(new URL(sandbox.url).port);
  writeFileSync(join(dir, "worker.js"), bundle);
  writeFileSync(join(dir, "config.capnp"), workerdConfig({ sandboxPort, port, token: sandbox.token, tenant: sandbox.tenant }));
  const child = spawn(workerd, ["serve", "config.capnp"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(`workerd exited (${code ?? signal}): ${stderr.trim()}`)));
  try {
    const deadline = Date.now() + timeout;
    for (;;) {
      const outcome = await Promise.race([exited, fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(timeout) }).catch((error) => error)]);
      if (typeof outcome === "string") throw new Error(outcome);
      if (outcome instanceof Response) {
        const body = await outcome.text();
        if (!outcome.ok) throw new Error(`the worker answered ${outcome.status}: ${body}`);
        return JSON.parse(body);
      }
      if (Date.now() > deadline) throw new Error(`workerd did not listen within ${timeout} ms: ${stderr.trim()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
}
