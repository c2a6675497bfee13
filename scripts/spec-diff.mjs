#!/usr/bin/env node
// The spec's breaking-change gate: compares the bundled spec (generated/openapi.json) with the last released bundle
// (openapi/released/<version>.json) using `redocly diff` (experimental in @redocly/cli 2.77, which rates every change
// by the semver bump it requires), and refuses each change rated major that is not declared both in the register
// (a `breaking_changes` entry of openapi/inconsistencies.yaml) and in CHANGELOG.md's Unreleased section (the DOC id of
// that entry). Run by contract-tests/breaking-changes.test.ts in `npm test`, and by hand:
//   node scripts/spec-diff.mjs [--base FILE] [--revision FILE] [--register FILE.json] [--changelog FILE] [--json]
// Exit 1 when a breaking change is undeclared; --json prints {changes, undeclared} on stdout as well.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The newest bundle under openapi/released/ (file names are versions: 0.1.0.json). */
export function releasedBundle(dir = join(root, "openapi", "released")) {
  const byVersion = (name) => name.replace(/\.json$/, "").split(".").map(Number);
  const files = readdirSync(dir).filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f));
  files.sort((a, b) => {
    const [x, y] = [byVersion(a), byVersion(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  if (files.length === 0) throw new Error(`no released bundle in ${dir}`);
  return join(dir, files.at(-1));
}

/**
 * The changes `redocly diff` rates major, one per rule and location, as `<ruleId> <pointer>` keys (the pointer in the
 * revision, or in the base for something removed) with redocly's message.
 */
export function breakingChanges(base, revision) {
  [base, revision] = [resolve(base), resolve(revision)];
  const dir = mkdtempSync(join(tmpdir(), "spec-diff-"));
  const out = join(dir, "diff.json");
  try {
    execFileSync(
      process.execPath,
      [require.resolve("@redocly/cli/bin/cli.js"), "diff", base, revision, "--format", "json", "-o", out, "--fail-on", "none", "--lint-config", "off"],
      // Run outside the repository: its redocly.yaml (the lint setup) changes how diff rates a change (a narrowed
      // `minimum` came out as a patch with it, a major without it).
      { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
    );
    const report = JSON.parse(readFileSync(out, "utf8"));
    const found = new Map();
    for (const change of report.changes ?? []) {
      for (const verdict of change.verdicts ?? []) {
        if (verdict.impact !== "major") continue;
        const pointer = verdict.location?.pointer ?? change.revision?.pointer ?? change.base?.pointer ?? change.path;
        const key = `${verdict.ruleId} ${pointer}`;
        if (!found.has(key)) found.set(key, { key, message: verdict.message, where: change.path });
      }
    }
    return [...found.values()];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the Unreleased section of a Keep-a-Changelog file ("" when there is none). */
export function unreleasedSection(changelog) {
  const match = /^## \[?Unreleased\]?[^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/im.exec(changelog);
  return match ? match[1] : "";
}

/**
 * The breaking changes not declared: no register entry lists the key under `breaking_changes`, or the CHANGELOG's
 * Unreleased section does not name that entry's id.
 */
export function undeclared(changes, register, changelog) {
  const unreleased = unreleasedSection(changelog);
  return changes.flatMap((change) => {
    const entry = register.find((e) => (e.breaking_changes ?? []).includes(change.key));
    if (!entry) return [`${change.key}: ${change.message} — not declared in openapi/inconsistencies.yaml (breaking_changes)`];
    if (!new RegExp(`\\b${entry.id}\\b`).test(unreleased)) {
      return [`${change.key}: declared by ${entry.id}, which CHANGELOG.md's Unreleased section does not name`];
    }
    return [];
  });
}

/** The register as the bundle holds it (info.x-doc-inconsistencies), so the gate reads what is released with it. */
export function registerOf(bundleFile) {
  return JSON.parse(readFileSync(bundleFile, "utf8")).info["x-doc-inconsistencies"] ?? [];
}

function main(argv) {
  const option = (name, fallback) => {
    const at = argv.indexOf(name);
    return at < 0 ? fallback : argv[at + 1];
  };
  const base = option("--base", releasedBundle());
  const revision = option("--revision", join(root, "generated", "openapi.json"));
  const changelogFile = option("--changelog", join(root, "CHANGELOG.md"));
  const register = option("--register") ? JSON.parse(readFileSync(option("--register"), "utf8")) : registerOf(revision);
  const changelog = existsSync(changelogFile) ? readFileSync(changelogFile, "utf8") : "";
  const changes = breakingChanges(base, revision);
  const problems = undeclared(changes, register, changelog);
  if (argv.includes("--json")) process.stdout.write(`${JSON.stringify({ base, changes, undeclared: problems }, null, 2)}\n`);
  for (const change of changes) process.stderr.write(`breaking: ${change.key} (${change.message})\n`);
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} undeclared breaking change(s) against ${base}:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
    process.stderr.write("Declare each in a register entry's breaking_changes and name that entry in CHANGELOG.md under Unreleased, or undo it.\n");
    process.exit(1);
  }
  process.stderr.write(`no undeclared breaking change against ${base} (${changes.length} declared)\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
