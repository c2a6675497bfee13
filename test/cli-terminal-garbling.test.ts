/**
 * Export to stdout on a real terminal (a pseudo-terminal from `script`), where stdout and stderr are the same
 * screen: the data must come out intact, with no cursor save/restore, carriage returns or line erasing around it.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { bundleCli } from "./cli-harness.js";

let dir: string;
let cli: string;
let sandbox: Sandbox;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-pty-"));
  [cli, sandbox] = await Promise.all([bundleCli(dir), startSandbox({ profiles: 40 })]);
}, 30_000);
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI under `script`, so both stdout and stderr are one pseudo-terminal; returns what the screen got. */
async function onTerminal(args: string[]): Promise<string> {
  const command = [process.execPath, cli, ...args].map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(" ");
  const child = spawn("script", ["-qec", command, "/dev/null"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, TERM: "xterm", AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token, AMPERITY_BASE_URL: sandbox.url },
  });
  let screen = "";
  child.stdout.on("data", (chunk: Buffer) => (screen += chunk.toString()));
  child.stderr.resume();
  const [code] = await once(child, "close");
  expect(code).toBe(0);
  return screen;
}

it("terminal garbling: export --format csv to stdout on a terminal writes the CSV intact, with one summary line", async () => {
  const screen = await onTerminal(["export", sandbox.indexes[0]!, "--format", "csv", "--max-items", "5"]);
  // No cursor movement, erasing or hidden cursor: those are what overwrote the header and left a stale bar.
  expect(screen).not.toMatch(/\x1b/);
  const lines = screen.split("\r\n").filter(Boolean);
  expect(lines[0]).toMatch(/^id,index_id,/);
  expect(lines.slice(1, 6).every((line) => line.startsWith("cl-") || /^[^,]+,idx/.test(line))).toBe(true);
  expect(lines).toHaveLength(7);
  expect(lines[6]).toMatch(/^exported 5 profiles to stdout in \d+\.\d s \([\d,]+\/s\)$/);
}, 30_000);

it("terminal garbling: with --out the terminal still gets the status line (stderr alone is the screen)", async () => {
  const screen = await onTerminal(["export", sandbox.indexes[0]!, "--out", join(dir, "p.csv"), "--max-items", "1"]);
  // Redrawn in place (carriage return, erase to the end of the line), never hiding the cursor.
  expect(screen).toMatch(/\r[\d,]+ profiles \| [\d,]+\/s \| \d+s\x1b\[K/);
  expect(screen).not.toMatch(/\x1b\[\?25l/);
  expect(screen).toMatch(/exported 1 profile to .*p\.csv in /);
}, 30_000);
