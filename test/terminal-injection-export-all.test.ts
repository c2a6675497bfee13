/**
 * Terminal injection through `export --all-indexes`: the index ids of the listing and the error messages of the
 * exports come from the server and are printed in the per-index lines; a hostile server's ESC sequences, C1
 * controls and bidi overrides must reach stderr escaped, whether stderr is a terminal or a log. The hostile server
 * listens on 127.0.0.1 only.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { terminalText } from "../src/edges/terminal/index.js";
import { runCli } from "./cli-harness.js";

// Clipboard write (OSC 52), clear screen, carriage return, 8-bit CSI, a right-to-left override.
const payload = "\x1b]52;c;cHduZWQ=\x07\x1b[2J\r\u009b31m\u202e";
// The display's own redraws: a carriage return, a status line (its controls escaped), erase to the end of the line.
const ownRedraws = /\r[^\r\n\x1b]*\x1b\[K/g;
const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const hostileId = "idx-\u009b2J\u202e";

let server: Server;
let env: Record<string, string>;
let dir: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "").split("?")[0]!);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (path === "/api/indexes") return reply(200, { data: [{ id: "idx-1", name: "a" }, { id: hostileId, name: "b" }] });
    reply(400, { status: 400, message: `refused${payload}`, request_id: `req${payload}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-terminal", AMPERITY_BASE_URL: `http://127.0.0.1:${port}/api` };
  dir = await mkdtemp(join(tmpdir(), "terminal-all-"));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

test.each([false, true])("terminal injection: --all-indexes prints a hostile index id and error message escaped (stderr a terminal: %s)", async (stderrIsTTY) => {
  const result = await runCli(["export", "--all-indexes", "--out-dir", dir, "--max-attempts", "1"], { env, stderrIsTTY });
  expect(result.code).toBe(1);
  expect(result.stderr.replace(ownRedraws, "")).not.toMatch(raw);
  expect(result.stderr).toContain(`idx-1: failed: API error 400: refused${terminalText(payload)} (request_id req${terminalText(payload)})\n`);
  expect(result.stderr).toContain(`${terminalText(hostileId)}: failed: the index id "idx-\\x9b2J\\u202e" is not a safe file name`);
});
