#!/usr/bin/env node
// Mutation testing of the contract suite: applies each fault of mutations.mjs, one at a time, in a temporary copy
// of the repository (never the working tree), runs the contract project, and, when that passes, the rest of the
// gate. Reports what each caught, per class. Usage (docs/mutation-testing.md):
//   node scripts/mutation/run.mjs [--all] [--rev COMMIT] [--only id,id] [--class NAME] [--no-gate] [--no-baseline] [--json FILE]
//   node scripts/mutation/run.mjs --report FILE.json [--report FILE.json]   (the table of earlier runs)
// Without --all or --only, the core set of mutations.mjs runs.
// --rev copies that commit (git archive) instead of the working tree: how the suite was measured before a change.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { coreSet, mutations } from "./mutations.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};
const rev = option("--rev");
const only = option("--only")?.split(",");
const onlyClass = option("--class");
const jsonOut = option("--json");
const withGate = !args.includes("--no-gate");
const withBaseline = !args.includes("--no-baseline");
// A run that hangs is a failure the suite noticed; five minutes is far above a green run here.
const runTimeoutMs = 5 * 60_000;
// The gate is `npm test` less what cannot see the fault or is heavy: its unit tests are those Jest finds related to
// the mutated file (for a spec mutation, to the generated files and the tests' spec reader), less the export,
// Parquet and DuckDB suites, the process-crash and heap-tuning ones; the e2e project (docs build in Chromium, npm
// pack) is left out.
const heavyUnitTests = ["/test/export-", "/test/parquet-", "/test/cli-export-formats", "/test/tune-heap", "/test/reliability-crash", "/test/started-pages", "/test/raw-pages"];

const all = args.includes("--all");
// --report FILE prints the table of an earlier run's --json file (or of several, merged) and exits.
const reports = args.flatMap((a, i) => (args[i - 1] === "--report" ? [a] : []));
if (reports.length > 0) {
  const saved = reports.map((file) => JSON.parse(readFileSync(file, "utf8")));
  printReport(saved.flatMap((s) => s.results), saved.every((s) => s.gate));
  process.exit(0);
}

const selected = mutations.filter(
  (m) => (only ? only.includes(m.id) : all || coreSet.includes(m.id)) && (!onlyClass || m.class === onlyClass),
);
if (selected.length === 0) throw new Error("no mutation selected");

function copyRepository() {
  const dir = mkdtempSync(join(tmpdir(), "amperity-mutation-"));
  if (rev) {
    execFileSync("sh", ["-c", `git -C "${root}" archive "${rev}" | tar -x -C "${dir}"`]);
  } else {
    const files = execFileSync("git", ["-C", root, "ls-files", "-co", "--exclude-standard", "-z"], { encoding: "utf8" }).split("\0").filter(Boolean);
    for (const file of files) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      try {
        cpSync(join(root, file), join(dir, file));
      } catch (error) {
        if (error.code !== "ENOENT") throw error; // a file deleted but not yet committed
      }
    }
  }
  // The harness itself is this working tree's, whatever commit is measured.
  cpSync(join(root, "scripts", "mutation"), join(dir, "scripts", "mutation"), { recursive: true });
  symlinkSync(realpathSync(join(root, "node_modules")), join(dir, "node_modules"));
  return dir;
}

function run(dir, command, commandArgs) {
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd: dir, encoding: "utf8", timeout: runTimeoutMs, env: { ...process.env, CI: "true", FORCE_COLOR: "0" }, maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const failed = result.status !== 0;
  const timedOut = result.error?.code === "ETIMEDOUT";
  return { failed: failed || timedOut, timedOut, seconds: (Date.now() - started) / 1000, output };
}

const jest = (dir, extra) => run(dir, process.execPath, [join(dir, "node_modules", "jest", "bin", "jest.js"), "--maxWorkers=1", "--bail", "--silent", ...extra]);
const contract = (dir) => jest(dir, ["--selectProjects", "contract"]);

function generate(dir) {
  const types = run(dir, process.execPath, [join(dir, "node_modules", "openapi-typescript", "bin", "cli.js")]);
  const rest = run(dir, process.execPath, [join(dir, "scripts", "generate.mjs")]);
  return { failed: types.failed || rest.failed, output: types.output + rest.output };
}

const specReaders = ["generated/openapi.json", "generated/validators.js", "generated/constraints.ts", "test/support/spec.ts", "test/support/sandbox-http.ts"];

/** The gate after the contract project: lint, generated files, types, then the related unit tests. */
function gate(dir, files) {
  const related = [...new Set(files.flatMap((f) => (f.startsWith("openapi/") ? specReaders : [f])))].map((f) => join(dir, f));
  const steps = [
    ["lint", () => run(dir, process.execPath, [join(dir, "node_modules", "@redocly", "cli", "bin", "cli.js"), "lint"])],
    ["generate:check", () => run(dir, process.execPath, [join(dir, "scripts", "generate.mjs"), "--check"])],
    ["typecheck", () => run(dir, process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit"])],
    ["unit", () => jest(dir, ["--selectProjects", "unit", "--testPathIgnorePatterns", "/node_modules/", "/test/e2e/", ...heavyUnitTests, "--findRelatedTests", ...related])],
  ];
  for (const [name, step] of steps) {
    const result = step();
    if (result.failed) return { caughtBy: name, detail: firstFailure(result.output) };
  }
  return undefined;
}

/** The first failing test's name (or the first error line), for the report. */
function firstFailure(output) {
  const line = output.split("\n").find((l) => /●|error TS|✕|\[1\]|Error:/.test(l));
  return (line ?? output.trim().split("\n").at(-1) ?? "").trim().slice(0, 200);
}

const dir = copyRepository();
const results = [];
try {
  const log = (text) => process.stderr.write(`${text}\n`);
  log(`mutation run in ${dir} (${rev ? `commit ${rev}` : "working tree"}), ${selected.length} mutations`);
  if (withBaseline) {
    const baseline = contract(dir);
    log(`baseline: contract project ${baseline.failed ? "FAILS" : "passes"} unmutated (${baseline.seconds.toFixed(0)} s)`);
    if (baseline.failed) throw new Error(`the contract project fails without any mutation:\n${baseline.output.slice(-3000)}`);
  }
  for (const m of selected) {
    // One text edit, or several (a spec change pushed through: the schema and the examples that lint holds to it).
    // Edits of one file apply in order, each to the text the previous one left.
    const files = new Map();
    let bad;
    for (const e of m.edits ?? [m]) {
      const path = join(dir, e.file);
      if (!files.has(path)) {
        let original;
        try {
          original = readFileSync(path, "utf8");
        } catch {
          original = undefined;
        }
        files.set(path, { file: e.file, original, text: original });
      }
      const f = files.get(path);
      const count = f.text === undefined ? 0 : f.text.split(e.find).length - 1;
      if (count !== 1) {
        bad ??= f.text === undefined ? `no such file ${e.file}` : `the text occurs ${count} times in ${e.file}`;
        continue;
      }
      f.text = f.text.replace(e.find, e.replace);
    }
    if (bad) {
      results.push({ id: m.id, class: m.class, applies: false, why: bad });
      log(`${m.id}: does not apply`);
      continue;
    }
    const edited = [...files.values()].map((f) => f.file);
    const isSpec = edited.some((f) => f.startsWith("openapi/"));
    const generated = isSpec ? ["generated", "openapi/README.md"].map((p) => [p, snapshot(join(dir, p))]) : [];
    for (const [path, f] of files) writeFileSync(path, f.text);
    const result = { id: m.id, class: m.class, applies: true };
    try {
      if (isSpec) {
        const made = generate(dir);
        // The spec's examples are validated while the types are generated (redocly's lint rules): a mutation that
        // breaks one never reaches the contract project, so only the gate is credited with it.
        if (made.failed) {
          Object.assign(result, { contract: false, gate: true, caughtBy: "generate", detail: firstFailure(made.output) });
          results.push(result);
          log(`${m.id}: caught by npm run generate — ${result.detail}`);
          continue;
        }
      }
      const c = contract(dir);
      result.contract = c.failed;
      result.seconds = c.seconds;
      if (c.failed) {
        Object.assign(result, { gate: true, caughtBy: c.timedOut ? "contract (timed out)" : "contract", detail: firstFailure(c.output) });
      } else if (withGate) {
        const g = gate(dir, edited);
        Object.assign(result, { gate: g !== undefined, caughtBy: g?.caughtBy, detail: g?.detail });
      }
      results.push(result);
      log(`${m.id}: ${result.caughtBy ? `caught by ${result.caughtBy}` : "SURVIVED"}${result.detail ? ` — ${result.detail}` : ""}`);
    } finally {
      for (const [path, f] of files) writeFileSync(path, f.original);
      for (const [p, saved] of generated) restore(join(dir, p), saved);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

printReport(results);
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ rev: rev ?? "working tree", gate: withGate, results }, null, 2)}\n`);

/** Every file under `path` (or the file itself), as text. */
function snapshot(path) {
  const out = execFileSync("sh", ["-c", `cd "${dirname(path)}" && find "${path.split("/").at(-1)}" -type f`], { encoding: "utf8" });
  return out.split("\n").filter(Boolean).map((f) => [join(dirname(path), f), readFileSync(join(dirname(path), f), "utf8")]);
}

function restore(_path, saved) {
  for (const [file, text] of saved) writeFileSync(file, text);
}

/**
 * The table per class. A spec mutation that breaks one of the spec's own examples is stopped while the types are
 * generated, before any test runs: it is counted apart ("stopped at generation"), and the contract project's rate is
 * given over the mutations that reach it, then over all of them.
 */
function printReport(rows, gateRun = withGate) {
  const applied = rows.filter((r) => r.applies);
  const classes = [...new Set(applied.map((r) => r.class))];
  const pct = (n, d) => (d === 0 ? "-" : `${n}/${d} (${Math.round((100 * n) / d)} %)`);
  const stopped = (r) => r.caughtBy === "generate";
  const lines = [
    "",
    "| class | mutations | stopped at generation | caught by the contract project (of those that reach it) | caught by the gate |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const name of [...classes, "all"]) {
    const set = name === "all" ? applied : applied.filter((r) => r.class === name);
    const reach = set.filter((r) => !stopped(r));
    const gateCell = gateRun ? pct(set.filter((r) => r.gate).length, set.length) : "not run";
    lines.push(`| ${name} | ${set.length} | ${set.length - reach.length} | ${pct(reach.filter((r) => r.contract).length, reach.length)} | ${gateCell} |`);
  }
  const all = applied.filter((r) => r.contract && !stopped(r)).length;
  lines.push("", `contract project over every applied mutation (generation-stopped counted as misses): ${pct(all, applied.length)}`);
  const missed = applied.filter((r) => !r.contract && !stopped(r)).map((r) => `${r.id}${r.gate ? ` (gate: ${r.caughtBy})` : gateRun ? " (SURVIVED the gate)" : ""}`);
  lines.push(`missed by the contract project: ${missed.length === 0 ? "none" : missed.join(", ")}`);
  const atGeneration = applied.filter(stopped).map((r) => r.id);
  if (atGeneration.length) lines.push(`stopped at generation (an example of the spec breaks the mutated schema): ${atGeneration.join(", ")}`);
  const skipped = rows.filter((r) => !r.applies).map((r) => `${r.id} (${r.why})`);
  if (skipped.length) lines.push(`did not apply: ${skipped.join(", ")}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}
