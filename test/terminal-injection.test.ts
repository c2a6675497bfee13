/**
 * Terminal injection: a hostile server puts ESC sequences (screen clearing, OSC 52 clipboard writes), 8-bit C1
 * controls, a bare \r and bidi overrides into an error message, an index name and a profile field. Whatever the
 * CLI shows on a terminal (stderr always, stdout when it is a TTY) carries them escaped; what it writes to a pipe
 * or to --out is byte-exact. The hostile server listens on 127.0.0.1 only.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { run } from "../src/cli/program.js";
import { createProgress } from "../src/cli/progress.js";
import { terminalJson, terminalText } from "../src/edges/terminal/terminal-text.js";
import { bundleCli } from "./cli-harness.js";

// Clipboard write (OSC 52), clear screen, carriage return, 8-bit CSI and OSC, DEL, a right-to-left override.
const payload = "\x1b]52;c;cHduZWQ=\x07\x1b[2J\r\u009b31m\u009d0;pwned\u009c\x7f\u202e";
/** Any control character a terminal would act on; `\n` is allowed (line ends). */
const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const index = { id: "idx-1", name: `Customers${payload}`, updated_at: "2026-01-01T00:00:00Z" };
const profile = { id: "cl-1", index_id: "idx-1", attributes: { given_name: `Ann${payload}`, city: "Zürich 東京" } };

let server: Server;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === "/api/indexes") return reply(200, { data: [index] });
    if (path === "/api/indexes/idx-1/profiles") return reply(200, { data: [profile] });
    if (path === "/api/indexes/idx-1/profiles/cl-1") return reply(200, profile);
    reply(404, { status: 404, message: `Not found${payload}\nsecond line`, request_id: `req-${payload}`, trace_id: "t" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-terminal", AMPERITY_BASE_URL: `http://127.0.0.1:${port}/api` };
  dir = await mkdtemp(join(tmpdir(), "terminal-"));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process; `tty` marks stdout as a terminal (stderr is checked either way). */
async function cli(argv: string[], tty: { stdout?: boolean; stderr?: boolean } = {}, extraEnv: Record<string, string> = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty.stdout ?? false });
  const stderr = Object.assign(new PassThrough(), { isTTY: tty.stderr ?? false, columns: 100 });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const code = await run(argv, { env: { ...env, ...extraEnv }, stdout, stderr, client: { sleep: async () => undefined } });
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() };
}

describe("terminal injection: control characters from a server are escaped on a terminal", () => {
  test("terminalText writes every C0, DEL, C1 and bidi control as an escape and keeps letters", () => {
    expect(terminalText(`a${payload}\tb\nc é 東 🙂`)).toBe(
      "a\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\r\\x9b31m\\x9d0;pwned\\x9c\\x7f\\u202e\\tb\\nc é 東 🙂",
    );
  });

  test("terminalJson leaves valid JSON that parses to the same value, with no raw control left", () => {
    const json = JSON.stringify(profile, null, 2);
    expect(json).toMatch(/\u009b/); // JSON.stringify itself leaves C1 raw
    const safe = terminalJson(json);
    expect(safe).not.toMatch(raw);
    expect(JSON.parse(safe)).toEqual(profile);
  });

  test.each([false, true])("an API error message is one escaped line on stderr (stderr a TTY: %s)", async (stderrTTY) => {
    const result = await cli(["get", "idx-1", "cl-404"], { stderr: stderrTTY });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(raw);
    expect(result.stderr).toBe(
      `amperity-profiles: API error 404: Not found${terminalText(payload)} second line (request_id req-${terminalText(payload)})\n`,
    );
  });

  test("the stack printed with AMPERITY_DEBUG=1 is escaped too", async () => {
    const result = await cli(["get", "idx-1", "cl-404"], {}, { AMPERITY_DEBUG: "1" });
    expect(result.stderr).toContain("\n    at ");
    expect(result.stderr).not.toMatch(raw);
  });

  test("the indexes table on a terminal escapes the name and stays aligned; piped, it is byte-exact", async () => {
    const tty = await cli(["indexes"], { stdout: true });
    expect(tty.stdout.toString()).not.toMatch(raw);
    const [header, row] = tty.stdout.toString().split("\n");
    expect(row).toBe(`idx-1  Customers${terminalText(payload)}  2026-01-01T00:00:00Z`);
    expect(header!.indexOf("UPDATED")).toBe(row!.indexOf("2026"));
    const piped = await cli(["indexes"]);
    expect(piped.stdout.toString()).toContain(`idx-1  Customers${payload}  2026`);
  });

  test("indexes --json and get on a terminal escape what JSON leaves raw; piped, they are byte-exact", async () => {
    for (const [argv, value] of [[["indexes", "--json"], [index]], [["get", "idx-1", "cl-1"], profile]] as const) {
      const tty = await cli([...argv], { stdout: true });
      expect(tty.stdout.toString()).not.toMatch(raw);
      expect(JSON.parse(tty.stdout.toString())).toEqual(value);
      const piped = await cli([...argv]);
      expect(piped.stdout.equals(Buffer.from(`${JSON.stringify(value, null, 2)}\n`))).toBe(true);
    }
  });

  test("export --out writes the server's bytes exactly, and the summary escapes a hostile file name", async () => {
    const name = `out\x1b[31m\r.ndjson`;
    const result = await cli(["export", "idx-1", "--out", join(dir, name)]);
    expect(result.code).toBe(0);
    expect(await readdir(dir)).toContain(name);
    expect((await readFile(join(dir, name))).equals(Buffer.from(`${JSON.stringify(profile)}\n`))).toBe(true);
    expect(result.stderr).not.toMatch(raw);
    expect(result.stderr).toContain(`to ${join(dir, "out\\x1b[31m\\r.ndjson")} in`);
  });

  test("progress notes are escaped, with or without the bar", async () => {
    for (const mode of ["bar", "lines"] as const) {
      const stream = Object.assign(new PassThrough(), { isTTY: mode === "bar", columns: 100 });
      const written: string[] = [];
      stream.on("data", (chunk: Buffer) => written.push(chunk.toString()));
      const progress = await createProgress({ stream, mode });
      progress.note(`server said ${payload}`);
      progress.stop();
      expect(written.join("")).toContain(`server said ${terminalText(payload)}\n`);
    }
  });

  test("through a real pseudo-terminal (script), get shows no raw control; through a pipe, the same bytes as the server's", async () => {
    const bundle = await bundleCli(await mkdtemp(join(dir, "bin-")));
    const command = `'${process.execPath}' '${bundle}' get idx-1 cl-1`;
    const childEnv = { ...env, PATH: process.env["PATH"] ?? "/usr/bin:/bin", SHELL: "/bin/sh", TERM: "dumb" };
    const exec = promisify(execFile);
    const pty = await exec("script", ["-qec", command, "/dev/null"], { env: childEnv, encoding: "buffer" });
    const shown = pty.stdout.toString().replace(/\r\n/g, "\n"); // the terminal's line discipline adds the \r
    expect(shown).not.toMatch(raw);
    expect(JSON.parse(shown)).toEqual(profile);
    const piped = await exec(process.execPath, [bundle, "get", "idx-1", "cl-1"], { env: childEnv, encoding: "buffer" });
    expect(piped.stdout.equals(Buffer.from(`${JSON.stringify(profile, null, 2)}\n`))).toBe(true);
  }, 30_000);
});

describe("terminal injection through export records on a terminal stdout", () => {
  test.each(["csv", "ndjson"])("export --format %s to a terminal escapes the controls of a profile field", async (format) => {
    const { code, stdout } = await cli(["export", "idx-1", "--format", format, "--no-progress"], { stdout: true });
    expect(code).toBe(0);
    const text = stdout.toString();
    expect(text).not.toMatch(raw);
    expect(text).toContain("Zürich 東京");
    if (format === "csv") expect(text).toContain("Ann\\x1b]52;c;cHduZWQ=");
    // JSON records stay JSON, with the same values.
    else expect(JSON.parse(text)).toEqual(profile);
  });

  test.each(["csv", "ndjson"])("export --format %s into a pipe is byte-exact", async (format) => {
    const { code, stdout } = await cli(["export", "idx-1", "--format", format, "--no-progress"]);
    expect(code).toBe(0);
    const expected = format === "ndjson" ? `${JSON.stringify(profile)}\n` : undefined;
    if (expected !== undefined) expect(stdout.toString()).toBe(expected);
    else expect(stdout.toString()).toContain(`Ann${payload}`);
  });

  test("export --out /dev/tty on a real pseudo-terminal (script) escapes a profile field's controls; gzip there is refused", async () => {
    const bundle = await bundleCli(await mkdtemp(join(dir, "bin-")));
    const childEnv = { ...env, PATH: process.env["PATH"] ?? "/usr/bin:/bin", SHELL: "/bin/sh", TERM: "dumb" };
    const onTerminal = (args: string) =>
      promisify(execFile)("script", ["-qec", `'${process.execPath}' '${bundle}' export idx-1 --out /dev/tty --no-progress ${args}`, "/dev/null"], {
        env: childEnv,
        encoding: "buffer",
      });
    const shown = (await onTerminal("--format csv")).stdout.toString().replace(/\r\n/g, "\n");
    expect(shown).not.toMatch(raw);
    expect(shown).toContain("Ann\\x1b]52;c;cHduZWQ=");
    expect(shown).toContain("Zürich 東京");
    const gzip = await onTerminal("--compress gzip").then(() => undefined, (error: { code: number; stdout: Buffer }) => error);
    expect(gzip?.code).toBe(2);
    expect(gzip?.stdout.toString()).toMatch(/compressed data not written to a terminal: --out \/dev\/tty is one/);
  }, 30_000);
});

describe("commander's own messages", () => {
  test("escape the control characters of an argument they quote (an unknown option carrying ESC sequences)", async () => {
    const { code, stderr } = await cli(["export", "--\x1b]52;c;aGk=\x07"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option");
    expect(stderr).not.toMatch(/[\x1b\x07]/);
    expect(stderr).toContain("\\x1b]52;c;aGk=\\x07");
  });
});
