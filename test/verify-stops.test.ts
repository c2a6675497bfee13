/**
 * What stops `amperity-profiles verify` early, and what it leaves: the overall --deadline against a slow server,
 * and SIGINT/SIGTERM against one that hangs (a real process, as a terminal or CI runner sends them). Each ends at
 * once with the report so far, JUnit included, the checks not reached reported as not run.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SaxesParser } from "saxes";
import type { VerifyReport } from "../src/verify/run.js";
import { bundleCli, runCli } from "./cli-harness.js";
import { sendJson, startHostileServer, type HostileServer } from "./support/hostile-server.js";

let server: HostileServer;
let dir: string;
let cli: string;
beforeAll(async () => {
  server = await startHostileServer();
  dir = await mkdtemp(join(tmpdir(), "verify-stops-"));
  cli = await bundleCli(dir);
}, 60_000);
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-5e1c9b7f20d84a6e", AMPERITY_BASE_URL: server.baseUrl });

function parses(xml: string): boolean {
  const parser = new SaxesParser();
  let ok = true;
  parser.on("error", () => (ok = false));
  parser.write(xml).close();
  return ok;
}

it("--deadline ends a run against a slow server with the report so far, the rest not run", async () => {
  // Every answer takes 300 ms: the default budget would take a minute.
  server.handle((_req, res) => void setTimeout(() => sendJson(res, 200, { data: [] }), 300));
  const result = await runCli(["verify", "--json", "--deadline", "1", "--max-rps", "10000"], { env: env() });
  const report = JSON.parse(result.stdout) as VerifyReport;
  expect(report).toMatchObject({ verdict: "incomplete", stopped: "the deadline (--deadline 1 s) passed" });
  expect(report.checks.filter((c) => c.outcome === "not-run").map((c) => c.reason)).toContain("the deadline (--deadline 1 s) passed before it could run");
  expect(server.requests.length).toBeLessThan(10);
  expect(result.code).toBe(0);
}, 15_000);

it("--deadline and --timeout are checked before any request", async () => {
  server.requests.length = 0;
  for (const args of [["--deadline", "0"], ["--deadline", "1e3"], ["--deadline", "9999999"], ["--timeout", "0"]]) {
    const result = await runCli(["verify", ...args], { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`option '${args[0]} <`);
    expect(result.stderr).toContain("expected");
  }
  expect(server.requests).toHaveLength(0);
});

it.each([
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)("%s stops verify at once, exit %d, with the report so far on stdout and in --junit", async (signal, code) => {
  // The index list answers; the walk's first page never does.
  server.handle((req, res) => {
    if (req.url === "/api/indexes") sendJson(res, 200, { data: [{ id: "idx-1", name: "one" }] });
  });
  const junit = join(dir, `${signal}.xml`);
  const child = spawn(process.execPath, [cli, "verify", "--junit", junit, "--max-rps", "10000"], {
    env: { PATH: process.env["PATH"], ...env() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = once(child, "close");
  while (!server.requests.some((r) => r.url.includes("/profiles"))) await new Promise((resolve) => setTimeout(resolve, 10));
  const sentAt = Date.now();
  child.kill(signal);
  const lingering = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const [exit] = (await closed) as [number | null];
  clearTimeout(lingering);
  expect(exit).toBe(code);
  expect(Date.now() - sentAt).toBeLessThan(2000);
  const last = stdout.trimEnd().split("\n").at(-1);
  expect(last).toMatch(new RegExp(`^verify INCOMPLETE \\(stopped early: interrupted by ${signal}\\): `));
  expect(stdout).toMatch(/^NOT RUN  pagination_terminates .*\(interrupted by SIG\w+ before it could run\)$/m);
  expect(stderr).toBe(`amperity-profiles: interrupted by ${signal}; the report so far is above and in ${junit}\n`);
  const xml = await readFile(junit, "utf8");
  expect(parses(xml)).toBe(true);
  expect(xml).toContain(`interrupted by ${signal}`);
}, 30_000);
