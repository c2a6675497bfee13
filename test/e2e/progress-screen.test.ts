/**
 * The export's progress display as a person sees it: the CLI on a real pseudo-terminal of 60 and 100 columns,
 * against a sandbox that injects faults (so retries happen while the status line is up) and answers slowly
 * enough for the status line to be drawn, its output rendered by a terminal emulator. Every note must stay on
 * the screen whole, the status line must never be wider than the terminal, and the summary must end the output.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { bundleCli } from "../cli-harness.js";
import { runOnPty, screenOf, type Screen } from "../terminal-screen.js";

let dir: string;
let cli: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "progress-screen-"));
  cli = await bundleCli(dir);
}, 30_000);
afterAll(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
  await rm(dir, { recursive: true, force: true });
});

async function sandboxWith(options: SandboxOptions): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  sandboxes.push(sandbox);
  return sandbox;
}

const envOf = (sandbox: Sandbox) => ({
  AMPERITY_TENANT: sandbox.tenant,
  AMPERITY_TOKEN: sandbox.token,
  AMPERITY_BASE_URL: sandbox.url,
  // Backoff from 1 ms: the injected 503 and 429 still ask for Retry-After: 1.
  AMPERITY_RETRY_BASE_MS: "1",
});

/** Runs the CLI on a `columns` wide terminal and renders what it printed. */
async function shown(sandbox: Sandbox, args: string[], columns: number): Promise<Screen & { code: number | null }> {
  const { code, chunks } = await runOnPty(cli, args, { columns, env: envOf(sandbox) });
  return { code, ...(await screenOf(chunks, columns)) };
}

const summary = /^exported [\d,]+ profiles( \([\d,]+ in all\))? to .+ in \d+\.\d s \([\d,]+\/s\)$/;
const retryNote = /^retrying after .+ \(attempt \d+ failed; next in \d+ ms\)$/;

/**
 * Every moment the status line was on screen: it fit the terminal (no row of it wrapped) and was never longer
 * than the terminal is wide. A status sample is any cursor line that is not a whole line the CLI printed.
 */
function expectStatusFits(screen: Screen, columns: number, printed: RegExp[]): string[] {
  const statuses = screen.cursorLines.filter(({ text }) => text !== "" && !printed.some((pattern) => pattern.test(text)));
  expect(statuses.length).toBeGreaterThan(0);
  for (const status of statuses) {
    expect(status).toEqual({ text: status.text, rows: 1 });
    expect(status.text.length).toBeLessThanOrEqual(columns);
  }
  return statuses.map(({ text }) => text);
}

describe.each([60, 100])("progress on a %d-column terminal", (columns) => {
  it("garbled notes: retries during an export stay on screen whole, above the status line; the summary is the last line", async () => {
    const sandbox = await sandboxWith({ profiles: 2000, latencyMs: 25, faultRate: 0.2, faultSeed: `retries-${columns}` });
    const out = join(dir, `retries-${columns}.ndjson`);
    const screen = await shown(sandbox, ["export", sandbox.indexes[0]!, "--out", out, "--limit", "100", "--with-total", "--max-attempts", "10"], columns);
    expect(screen.code).toBe(0);
    const { retries } = JSON.parse(await readFile(`${out}.manifest.json`, "utf8")) as { retries: number };
    expect(retries).toBeGreaterThan(0);
    // Every retry is one whole line that stayed; nothing else is left but the summary, last.
    expect(screen.text.slice(0, -1)).toEqual(Array.from({ length: retries }, () => expect.stringMatching(retryNote)));
    expect(screen.text.at(-1)).toMatch(summary);
    const statuses = expectStatusFits(screen, columns, [retryNote, summary]);
    expect(statuses.some((status) => /\d+%/.test(status))).toBe(true);
  }, 60_000);

  it("garbled notes: 'resuming' before the status line and 'replaced the existing file' after it stay whole", async () => {
    const sandbox = await sandboxWith({ profiles: 3000, latencyMs: 25 });
    const out = join(dir, `resume-${columns}.ndjson`);
    const args = ["export", sandbox.indexes[0]!, "--out", out, "--limit", "100"];
    await interruptAfterCheckpoint(sandbox, args);
    const resumed = await shown(sandbox, [...args, "--resume"], columns);
    expect(resumed.code).toBe(0);
    const resuming = new RegExp(`^resuming: \\d+ profiles already in ${out}\\.part$`);
    expect(resumed.text).toEqual([expect.stringMatching(resuming), expect.stringMatching(summary)]);
    expect(resumed.text[1]).toMatch(/\(3,000 in all\)/);
    expectStatusFits(resumed, columns, [resuming, summary]);

    const replaced = await shown(sandbox, args, columns);
    expect(replaced.code).toBe(0);
    expect(replaced.text).toEqual([`replaced the existing file ${out}`, expect.stringMatching(summary)]);
    expectStatusFits(replaced, columns, [/^replaced the existing file /, summary]);
  }, 60_000);

  it("--all-indexes --with-total: every index's notes and outcome line whole, a percentage of all indexes, the count last", async () => {
    const sandbox = await sandboxWith({ profiles: 800, indexes: 3, latencyMs: 25, faultRate: 0.15, faultSeed: `all-${columns}` });
    const outDir = join(dir, `all-${columns}`);
    await mkdir(outDir);
    const screen = await shown(sandbox, ["export", "--all-indexes", "--out-dir", outDir, "--limit", "100", "--with-total", "--max-attempts", "10"], columns);
    expect(screen.code).toBe(0);
    const ids = sandbox.indexes;
    const indexNote = new RegExp(`^(${ids.join("|")}): retrying after .+ \\(attempt \\d+ failed; next in \\d+ ms\\)$`);
    const outcome = (id: string) => `${id}: exported to ${join(outDir, `${id}.ndjson`)}`;
    const count = `3 of 3 indexes exported to ${outDir}`;
    const notes = screen.text.filter((line) => indexNote.test(line));
    expect(notes.length).toBeGreaterThan(0);
    expect(screen.text).toEqual([...notes, expect.stringMatching(summary), ...ids.map(outcome), count]);
    expect(screen.text.at(-2 - ids.length)).toContain("exported 2,400 profiles to ");
    const statuses = expectStatusFits(screen, columns, [indexNote, summary, /: exported to /, /^3 of 3 indexes/]);
    expect(statuses.some((status) => /\d+%/.test(status))).toBe(true);
    for (const id of ids) expect((await stat(join(outDir, `${id}.ndjson`))).isFile()).toBe(true);
  }, 60_000);
});

/** Runs the export without a terminal and stops it with SIGTERM once it has checkpointed, leaving a part file. */
async function interruptAfterCheckpoint(sandbox: Sandbox, args: string[]): Promise<void> {
  const child = spawn(process.execPath, [cli, ...args, "--no-progress", "--checkpoint-interval", "0"], {
    env: { PATH: process.env["PATH"], ...envOf(sandbox) },
    stdio: ["ignore", "ignore", "ignore"],
  });
  const closed = once(child, "close");
  const checkpoint = `${args[args.indexOf("--out") + 1]}.checkpoint.json`;
  while (!(await stat(checkpoint).then(() => true, () => false)) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
  child.kill("SIGTERM");
  expect((await closed)[0]).toBe(143);
}

describe("the terminal after an export that did not finish", () => {
  // A status line after the first page: a checkpoint is then kept.
  const status = /[1-9][\d,]* profiles \| /;

  it("hidden cursor: an export killed by SIGKILL while its status line is drawn leaves the terminal's cursor visible", async () => {
    const sandbox = await sandboxWith({ profiles: 20_000, latencyMs: 25 });
    const { code, chunks } = await runOnPty(cli, ["export", sandbox.indexes[0]!, "--out", join(dir, "killed.ndjson"), "--limit", "100"], {
      columns: 80,
      env: envOf(sandbox),
      act: { when: status, then: (_script, pid) => process.kill(pid, "SIGKILL") },
    });
    // script reports its child's death by SIGKILL as 128 + 9.
    expect(code).toBe(137);
    const screen = await screenOf(chunks, 80);
    expect(screen.cursorHidden).toBe(false);
  }, 60_000);

  it("Ctrl-C: the status line is cleared, the interruption is the last line, whole, and the cursor is visible", async () => {
    const sandbox = await sandboxWith({ profiles: 20_000, latencyMs: 25 });
    const out = join(dir, "interrupted.ndjson");
    const { code, chunks } = await runOnPty(cli, ["export", sandbox.indexes[0]!, "--out", out, "--limit", "100", "--checkpoint-interval", "0"], {
      columns: 80,
      env: envOf(sandbox),
      // Typed on the terminal: its line discipline sends SIGINT to the CLI.
      act: { when: status, then: (script) => script.stdin!.end("\x03") },
    });
    expect(code).toBe(130);
    const screen = await screenOf(chunks, 80);
    expect(screen.text).toEqual([
      `amperity-profiles: interrupted by SIGINT; ${out}.part and its checkpoint are kept: run the same command with --resume to continue`,
    ]);
    expect(screen.cursorHidden).toBe(false);
  }, 60_000);
});
