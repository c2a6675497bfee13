/**
 * `amperity-profiles verify` against servers that do not play along: an endless body, a server that never
 * answers, one that does not listen, one that echoes the token, strings no XML or terminal should take raw, a
 * budget token requests would exceed, a planted --junit symlink. Each run still ends with a complete report
 * (every check named, a JUnit file that parses), within its limits.
 */
import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SaxesParser } from "saxes";
import { checkNames } from "../src/verify/checks.js";
import type { VerifyReport } from "../src/verify/run.js";
import { runCli } from "./cli-harness.js";
import { sendJson, startHostileServer, type HostileServer } from "./support/hostile-server.js";

const TOKEN = "verify-hostile-token-91c2e7";
let server: HostileServer;
let dir: string;
beforeAll(async () => {
  server = await startHostileServer();
  dir = await mkdtemp(join(tmpdir(), "verify-hostile-"));
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const env = (baseUrl = server.baseUrl) => ({ AMPERITY_TENANT: "acme", AMPERITY_TOKEN: TOKEN, AMPERITY_BASE_URL: baseUrl });
const fast = ["--max-rps", "10000"];

/** Parses `xml` with a strict XML 1.0 parser; the first well-formedness error, or undefined. */
function xmlError(xml: string): string | undefined {
  const parser = new SaxesParser();
  let error: string | undefined;
  parser.on("error", (e) => (error ??= e.message));
  try {
    parser.write(xml).close();
  } catch (e) {
    error ??= (e as Error).message;
  }
  return error;
}

/** Runs verify with --json and --junit; the report, the JUnit text and the exit code. */
async function verify(args: string[], baseUrl?: string, junit = join(dir, "report.xml")) {
  // A file left by an earlier case must not pass for this one's (a planted link is the caller's).
  if (!junit.endsWith("planted.xml")) await rm(junit, { force: true });
  const result = await runCli(["verify", "--json", "--junit", junit, ...fast, ...args], { env: env(baseUrl) });
  const xml = await readFile(junit, "utf8").catch(() => "");
  return { ...result, report: JSON.parse(result.stdout || "null") as VerifyReport, xml };
}

function endless(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on("drain", pump);
  pump();
}

describe("verify against a hostile server", () => {
  it("an endless body is cut at the cap: a failed check in a complete report, not a hang", async () => {
    server.handle((_req, res) => endless(res));
    const { code, report, xml } = await verify([]);
    expect(code).toBe(1);
    const status = report.checks.find((c) => c.name === "status_code_conformance")!;
    expect(status).toMatchObject({ outcome: "fail", failure: { violation: expect.stringMatching(/^no response: the HTTP 200 response body is larger than \d+ bytes/) } });
    expect(report.checks.map((c) => c.name)).toEqual([...checkNames]);
    expect(report).toMatchObject({ verdict: "failed", stopped: expect.stringContaining("the server stopped answering") });
    expect(server.requests).toHaveLength(1);
    expect(xmlError(xml)).toBeUndefined();
  }, 30_000);

  it("--timeout bounds each attempt: a server that never answers is a failed check after the retries", async () => {
    server.handle(() => undefined);
    const { code, report, xml } = await verify(["--timeout", "200"]);
    expect(code).toBe(1);
    expect(report.checks.find((c) => c.name === "status_code_conformance")?.failure?.violation).toMatch(/timed out after 200 ms \(--timeout\) \(3 attempts\)$/);
    expect(report.checks.filter((c) => c.outcome === "not-run").length).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(3);
    expect(xml).toContain("<failure message=");
  }, 30_000);

  it("a server that does not listen: the network failure is a failed check in a complete report, JUnit written", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const { code, report, xml, stderr } = await verify([], `http://127.0.0.1:${port}/api`);
    expect(code).toBe(1);
    const status = report.checks.find((c) => c.name === "status_code_conformance")!;
    expect(status.failure?.violation).toBe(`no response: Request to 127.0.0.1:${port} failed: connection refused (nothing listens on that port) (3 attempts)`);
    expect(report.checks.filter((c) => c.outcome === "pass")).toEqual([]);
    expect(xmlError(xml)).toBeUndefined();
    expect(xml.match(/<testcase /g)).toHaveLength(checkNames.length);
    expect(stderr).toBe("amperity-profiles: verify failed: status_code_conformance\n");
  });

  it("a budget the token requests would exceed is honoured: the token request counts against --max-requests", async () => {
    server.handle((req, res) => {
      if (req.method === "POST") return sendJson(res, 200, { access_token: "issued-verify-token-1", token_type: "Bearer", expires_in: 3600 });
      sendJson(res, 200, { data: [] });
    });
    const oauth = { AMPERITY_TENANT: "acme", AMPERITY_BASE_URL: server.baseUrl, AMPERITY_CLIENT_ID: "client-1", AMPERITY_CLIENT_SECRET: "verify-secret-3d9" };
    const result = await runCli(["verify", "--json", "--max-requests", "4", ...fast], { env: oauth });
    const report = JSON.parse(result.stdout) as VerifyReport;
    expect(server.requests).toHaveLength(4);
    expect(server.requests[0]!.url).toBe("/api/v0/oauth2/token");
    expect(report).toMatchObject({ requests: 4, maxRequests: 4, verdict: "incomplete", stopped: "the request budget (--max-requests 4) is used up" });
  });

  it("server strings XML 1.0 forbids, and terminal escapes, leave every report valid and the terminal safe", async () => {
    // C0 controls, a lone surrogate, U+FFFE/U+FFFF, an ESC sequence, C1 CSI, a bidi override, markup.
    const nasty = "idx-\u0001\u0008\ud800\ufffe\uffff\u001b[31mred\u009b\u202e<]]>&\"'";
    server.handle((req, res) => {
      if (req.url === "/api/indexes") return sendJson(res, 200, { data: [{ id: nasty, name: nasty }] });
      // A header value may carry C1 and other 8-bit characters (obs-text), not C0.
      sendJson(res, 404, { status: 404, message: `not found: ${nasty}` }, { "content-type": "text/x-\u009b31m\u00ff" });
    });
    const { report, xml, stdout, stderr } = await verify(["--max-requests", "12"]);
    expect(stderr).toMatch(/^amperity-profiles: verify failed: [a-z_, ]+\n$/);
    expect(report.indexId).toBe(nasty);
    expect(xmlError(xml)).toBeUndefined();
    expect(xml).toContain("\ufffd");
    // On a terminal: the text report and the JSON report escape what would drive it.
    for (const args of [[], ["--json"]]) {
      const shown = await runCli(["verify", ...args, "--max-requests", "12", ...fast], { env: env(), stdoutIsTTY: true });
      expect(shown.stdout).toContain("idx-");
      expect(shown.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    expect(() => JSON.parse(stdout)).not.toThrow();
  });

  it("a server that echoes the token, even base64-encoded, does not get it into any report", async () => {
    server.handle((req, res) => {
      const token = String(req.headers.authorization).replace(/^Bearer /, "");
      const echoed = `${token} ${Buffer.from(token).toString("base64")}`;
      sendJson(res, 400, { status: 400, message: `bad request from ${echoed}` });
    });
    const { stdout, xml, report } = await verify(["--max-requests", "5"]);
    const text = await runCli(["verify", "--max-requests", "5", ...fast], { env: env() });
    expect(report.verdict).toBe("failed");
    for (const shown of [stdout, xml, text.stdout]) expect(shown).toContain("bad request from");
    for (const shown of [stdout, xml, text.stdout, text.stderr]) {
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain(Buffer.from(TOKEN).toString("base64").slice(0, 24));
    }
  });

  it("--junit to a planted symlink replaces the link and leaves its target alone", async () => {
    server.handle((_req, res) => sendJson(res, 200, { data: [] }));
    const target = join(dir, "precious.txt");
    const link = join(dir, "planted.xml");
    await writeFile(target, "precious\n");
    await symlink(target, link);
    const { code } = await verify(["--max-requests", "3"], undefined, link);
    expect(code).toBe(0);
    expect(await readFile(target, "utf8")).toBe("precious\n");
    expect((await lstat(link)).isFile()).toBe(true);
    expect(xmlError(await readFile(link, "utf8"))).toBeUndefined();
  });

  it("never says PASSED for a run the budget cut short: the checks left are NOT RUN, the verdict INCOMPLETE", async () => {
    server.handle((_req, res) => sendJson(res, 200, { data: [] }));
    const result = await runCli(["verify", "--max-requests", "2", ...fast], { env: env() });
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("NOT RUN")).length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.startsWith("NOT RUN")).every((l) => l.endsWith("(the request budget (--max-requests 2) is used up before it could run)"))).toBe(true);
    expect(lines.at(-1)).toMatch(/^verify INCOMPLETE \(stopped early: the request budget \(--max-requests 2\) is used up\): \d+ passed, 0 failed, \d+ skipped, \d+ not run; 2 of at most 2 requests/);
    expect(result.code).toBe(0);
  });
});
