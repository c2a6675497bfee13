// The spec's breaking-change gate (scripts/spec-diff.mjs): the bundled spec against the last released bundle, every
// change `redocly diff` rates major declared in the register and the CHANGELOG, or `npm test` fails here. The gate is
// itself tested on deliberately broken copies of the spec, written to a temporary directory, through its command line
// (Jest's CommonJS runtime cannot load the script's ES module).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot, specPath } from "./support/paths.js";
import type { JsonObject } from "./support/spec.js";

interface Verdict {
  base: string;
  changes: Array<{ key: string; message: string }>;
  undeclared: string[];
}

const script = path.join(repoRoot, "scripts", "spec-diff.mjs");
const current = JSON.parse(readFileSync(specPath, "utf8")) as JsonObject;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "breaking-changes-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the current spec with `edit` applied, written to the temporary directory. */
function brokenCopy(name: string, edit: (spec: any) => void): string {
  const copy = structuredClone(current);
  edit(copy);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(copy, null, 2));
  return file;
}

function written(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Runs the gate; `args` replace its defaults (the released bundle, the bundled spec, the register, CHANGELOG.md). */
function runGate(args: string[]): { status: number | null; verdict: Verdict; stderr: string } {
  const run = spawnSync(process.execPath, [script, "--json", ...args], { cwd: repoRoot, encoding: "utf8" });
  return { status: run.status, verdict: JSON.parse(run.stdout) as Verdict, stderr: run.stderr };
}

const limitKey = "schema-constraint-changed #/components/parameters/Limit/schema/minimum";
const limitFive = (s: any) => (s.components.parameters.Limit.schema.minimum = 5);
const changelogNaming = (id: string) => `# Changelog\n\n## [Unreleased]\n\n### Breaking\n- ${id}: limit starts at 5.\n\n## [0.1.0]\n- First release.\n`;

describe("the breaking-change gate", () => {
  test("the spec has no undeclared breaking change against the last released bundle (openapi/released/0.1.0.json)", () => {
    const { status, verdict, stderr } = runGate([]);
    expect(path.relative(repoRoot, verdict.base)).toBe(path.join("openapi", "released", "0.1.0.json"));
    expect(verdict.undeclared).toEqual([]);
    expect(status).toBe(0);
    expect(stderr).toContain("no undeclared breaking change");
  }, 60_000);

  test("a narrowed request range (limit >= 5), undeclared, fails the gate with the change named", () => {
    const broken = brokenCopy("limit-5", limitFive);
    const { status, verdict, stderr } = runGate(["--base", specPath, "--revision", broken, "--changelog", path.join(dir, "none.md")]);
    expect(verdict.changes.map((c) => c.key)).toEqual([limitKey]);
    expect(verdict.undeclared).toEqual([expect.stringContaining(limitKey)]);
    expect(status).toBe(1);
    expect(stderr).toContain("undeclared breaking change");
  }, 60_000);

  test("declared in the register but not under Unreleased in the CHANGELOG it still fails; declared in both it passes", () => {
    const broken = brokenCopy("limit-5-declared", limitFive);
    const register = written("register.json", JSON.stringify([{ id: "DOC-99", breaking_changes: [limitKey] }]));
    const base = ["--base", specPath, "--revision", broken, "--register", register];
    const released = runGate([...base, "--changelog", written("released-only.md", "# Changelog\n\n## [0.1.0]\n- DOC-99\n")]);
    expect(released.verdict.undeclared).toEqual([expect.stringContaining("DOC-99")]);
    expect(released.status).toBe(1);
    const declared = runGate([...base, "--changelog", written("declared.md", changelogNaming("DOC-99"))]);
    expect(declared.verdict.undeclared).toEqual([]);
    expect(declared.status).toBe(0);
  }, 60_000);

  test("each breaking class is found: a removed operation, a response property no longer required, a new required header, a narrowed enum", () => {
    const broken = brokenCopy("several", (s) => {
      delete s.paths["/indexes/{indexId}"];
      s.components.schemas.Index.required = ["id"];
      s.components.parameters.AmperityTenantHeader.required = true;
      s.components.schemas.TokenRequest.properties.grant_type.enum = ["client_credentials_v2"];
    });
    const keys = runGate(["--base", specPath, "--revision", broken]).verdict.changes.map((c) => c.key).join("\n");
    expect(keys).toMatch(/path-removed #\/paths\/~1indexes~1\{indexId\}$/m);
    expect(keys).toMatch(/required-properties-removed .*\/Index\/required/);
    expect(keys).toMatch(/AmperityTenantHeader\/required/);
    expect(keys).toMatch(/enum-values-removed .*grant_type\/enum/);
  }, 60_000);

  test("what only widens the contract is not breaking: an optional query parameter, a widened request enum, a new response", () => {
    const widened = brokenCopy("widened", (s) => {
      s.paths["/indexes"].get.parameters.push({ name: "sort", in: "query", required: false, description: "Order.", schema: { type: "string" } });
      s.components.schemas.ApiVersion.enum.push("2026-01-01");
      s.paths["/indexes"].get.responses["404"] = { $ref: "#/components/responses/NotFound" };
    });
    const { status, verdict } = runGate(["--base", specPath, "--revision", widened]);
    expect(verdict.changes).toEqual([]);
    expect(status).toBe(0);
  }, 60_000);
});
