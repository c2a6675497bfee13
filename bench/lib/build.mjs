// Builds the package the way `npm run build` does, but in a staged copy under the temp directory, so the bench
// never replaces the dist/ that tests or a running CLI may be using at the same moment.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Returns the staged root: `<root>/dist/src/...` is the build, `<root>/package.json` the manifest. */
export function buildStaged(repo) {
  const staged = mkdtempSync(join(tmpdir(), "amperity-bench-"));
  for (const entry of ["package.json", "tsconfig.json", "tsconfig.build.json", "src", "generated"]) {
    cpSync(join(repo, entry), join(staged, entry), { recursive: true });
  }
  mkdirSync(join(staged, "scripts"));
  for (const script of ["build.mjs", "vendor.mjs"]) cpSync(join(repo, "scripts", script), join(staged, "scripts", script));
  // The built modules import their dependencies by name; they resolve through this link.
  symlinkSync(join(repo, "node_modules"), join(staged, "node_modules"), "dir");
  execFileSync(process.execPath, [join(staged, "scripts", "build.mjs")], { cwd: staged, stdio: ["ignore", "ignore", "inherit"] });
  return staged;
}
