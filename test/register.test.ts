// The inconsistency register is data; this keeps it complete and keeps each decision held by a named test.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { root, spec } from "./support/spec.js";

interface Entry {
  id: string;
  topic: string;
  source: string;
  says: string;
  problem: string;
  decision: string;
  enforced_by: string;
}
const register: Entry[] = spec.info["x-doc-inconsistencies"];

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" || name === "fixtures" ? [] : testFiles(path);
    return /\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe("the inconsistency register", () => {
  it("lists at least 12 inconsistencies with unique, ordered ids and every field filled", () => {
    expect(register.length).toBeGreaterThanOrEqual(12);
    register.forEach((entry, i) => {
      expect(entry.id).toBe(`DOC-${String(i + 1).padStart(2, "0")}`);
      for (const field of ["topic", "source", "says", "problem", "decision"] as const) {
        expect(entry[field].trim().length).toBeGreaterThan(10);
      }
      expect(["test", "documentation"]).toContain(entry.enforced_by);
    });
  });

  it("has a test named after every decision it says a test holds", () => {
    const titles = [join(root, "test"), join(root, "contract-tests")]
      .flatMap(testFiles)
      .flatMap((file) => [...readFileSync(file, "utf8").matchAll(/\b(?:it|test|describe)\(\s*(["'`])(.*?)\1/g)])
      .map((match) => match[2]!);
    const missing = register
      .filter((entry) => entry.enforced_by === "test")
      .filter((entry) => !titles.some((title) => new RegExp(`\\b${entry.id}\\b`).test(title)))
      .map((entry) => entry.id);
    expect(missing).toEqual([]);
  });

  it("is rendered into openapi/README.md", () => {
    const readme = readFileSync(join(root, "openapi", "README.md"), "utf8");
    for (const entry of register) expect(readme).toContain(`| ${entry.id} |`);
  });
});
