// The guides' shell examples, run as a reader would: every ```sh block of README.md and docs/*.md that runs
// `amperity-profiles` (with `export`s, VAR=value prefixes and curl around it) is run by bash, line after line, in a
// fresh folder and home, against a local sandbox instead of a tenant. What differs from a reader's machine is stated
// here, once: the sandbox's URL in AMPERITY_BASE_URL, the token in ~/.config/amperity/token, the example ids
// replaced by the sandbox's, and verify's pacing (which protects a real tenant) lifted. Blocks of repository
// commands (npm, node, git) are run by the tests of what they do (pack.test.ts, docs.test.ts).
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { bundleCli } from "../cli-harness.js";
import { codeBlocks } from "./support/ci-recipe.js";

const run = promisify(execFile);
const root = join(__dirname, "..", "..");
const guides = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => join("docs", f))];

/** A line a reader runs against a tenant: optional `VAR=value` prefixes, then amperity-profiles; export, unset or curl. */
const tenantLine = /^(export AMPERITY_\w+=\S+( AMPERITY_\w+=\S+)*|unset( AMPERITY_\w+)+|(AMPERITY_\w+=\S+ )*amperity-profiles( .*)?|curl .*)$/;
const commandsOf = (block: string) =>
  block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));

/** A line that runs the installed command (an `npx --no --` or `node dist/…` form is a repository command). */
const cliLine = /^(AMPERITY_\w+=\S+ )*amperity-profiles( |$)/;

/** Every ```sh block of the guides that runs amperity-profiles. */
const blocks = guides.flatMap((file) =>
  codeBlocks(join(root, file), "sh")
    .filter((block) => commandsOf(block).some((line) => cliLine.test(line)))
    .map((block, i) => ({ name: `${file} #${i + 1}`, file, commands: commandsOf(block) }))
    // A reader runs a guide's blocks in one shell: what an earlier block exported or unset still holds.
    .map((block, i, all) => ({
      ...block,
      exported: all.slice(0, i).flatMap((earlier) => earlier.commands.filter((line) => /^(export|unset) /.test(line))),
    })),
);

const token = "doc-commands-token-0123456789";
const clientSecret = "doc-commands-secret-0123456789";
let sandbox: Sandbox;
let work: string;
let bin: string;
let profileId: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "amperity-doc-commands-"));
  const cli = await bundleCli(join(work));
  // The command as an installed package provides it: an executable named amperity-profiles on PATH.
  bin = join(work, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "amperity-profiles"), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  chmodSync(join(bin, "amperity-profiles"), 0o755);
  sandbox = await startSandbox({ profiles: 300, indexes: 2, tenant: "acme", token, clientId: "3f1c9a52-client", clientSecret });
  const response = await fetch(`${sandbox.url}/indexes/${sandbox.indexes[0]}/profiles?limit=1`, {
    headers: { authorization: `Bearer ${token}`, "amperity-tenant": "acme", "api-version": "2025-07-31" },
  });
  profileId = ((await response.json()) as { data: Array<{ id: string }> }).data[0]!.id;
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The block as run here: the example values replaced by the sandbox's, and verify unpaced. */
function localised(commands: string[]): string {
  const replacements: Array<[RegExp, string]> = [
    [/idx-xyz789|idx-bce135e4/g, sandbox.indexes[0]!],
    [/idx-be731075/g, sandbox.indexes[1]!],
    [/cl-abc123/g, profileId],
    [/http:\/\/127\.0\.0\.1:41237\/api/g, sandbox.url],
    [/kbZDRws21F6c…/g, token],
    [/AMPERITY_TENANT=sandbox/g, "AMPERITY_TENANT=acme"],
    [/amperity-tenant: sandbox/g, "amperity-tenant: acme"],
    [/ verify( |$)/g, " verify --max-rps 200$1"],
  ];
  return commands.map((line) => replacements.reduce((text, [pattern, value]) => text.replace(pattern, value), line)).join("\n");
}

/** A reader's shell: a fresh folder and home holding the token and secret files, no AMPERITY_ variable of ours. */
function shell(): { cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = mkdtempSync(join(work, "reader-"));
  const home = join(cwd, "home");
  mkdirSync(join(home, ".config", "amperity"), { recursive: true });
  writeFileSync(join(home, ".config", "amperity", "token"), `${token}\n`, { mode: 0o600 });
  writeFileSync(join(home, ".config", "amperity", "secret"), `${clientSecret}\n`, { mode: 0o600 });
  const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH}`, HOME: home, AMPERITY_BASE_URL: sandbox.url };
  return { cwd, env };
}

test("the guides show the CLI in runnable blocks: the README's five lines and at least six blocks in all", () => {
  const runnable = blocks.filter((block) => block.commands.every((line) => tenantLine.test(line)));
  expect(runnable.length).toBeGreaterThanOrEqual(6);
  expect(runnable.map((block) => block.file)).toContain("README.md");
  // A block mixing repository commands with the CLI would be skipped here; the guides keep them apart.
  const mixed = blocks.filter((block) => !block.commands.every((line) => tenantLine.test(line) || /^amperity-profiles sandbox/.test(line)));
  expect(mixed.map((block) => ({ name: block.name, commands: block.commands }))).toEqual([]);
});

describe.each(blocks.filter((block) => !block.commands.some((line) => line.startsWith("amperity-profiles sandbox"))))("$name", ({ commands, exported }) => {
  test("runs as written against the sandbox, every line exiting 0", async () => {
    const { cwd, env } = shell();
    const script = `set -eo pipefail\n${localised([...exported, ...commands])}\n`;
    const result = await run("bash", ["-c", script], { cwd, env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    expect({ script, code: result.code, stderr: result.code === 0 ? "" : result.stderr }).toEqual({ script, code: 0, stderr: "" });
  }, 120_000);
});

test("docs/sandbox.md: `amperity-profiles sandbox` prints the JSON line shown, with the index ids shown", async () => {
  const file = join(root, "docs", "sandbox.md");
  const [command] = codeBlocks(file, "sh").flatMap(commandsOf).filter((line) => line.startsWith("amperity-profiles sandbox"));
  const shown = JSON.parse(codeBlocks(file, "text").find((block) => block.startsWith('{"url"'))!) as Record<string, unknown>;
  const { cwd, env } = shell();
  const child = spawn("bash", ["-c", `exec ${command}`], { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
    const printed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(Object.keys(shown));
    expect(printed.indexes).toEqual(shown.indexes);
    expect(printed.tenant).toBe(shown.tenant);
  } finally {
    child.kill("SIGINT");
    await once(child, "close");
  }
}, 60_000);
