// The ecosystem run's tools: TypeScript 5.9, 6.0 and 7.0, @arethetypeswrong/cli, publint, esbuild (the worker's
// bundle) and the Bun, Deno and workerd binaries from their npm platform packages. tools/package-lock.json pins
// every one of them and what they pull in, with integrity; `npm ci --ignore-scripts` installs it into the user's
// cache (never into the repository), once per lockfile, so a changed pin gets a directory of its own.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = join(dirname(fileURLToPath(import.meta.url)), "tools");

export const cacheRoot = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "amperity-profiles", "ecosystem");

/** The TypeScript versions consumers are checked with: the npm alias in tools/package.json of each. */
export const typescripts = ["5.9", "6.0", "7.0"];

/** The tools directory for the current lockfile, installed on first use; returns where its node_modules is. */
export function toolsDir() {
  const lock = readFileSync(join(here, "package-lock.json"));
  const dir = join(cacheRoot, `tools-${createHash("sha256").update(lock).digest("hex").slice(0, 16)}`);
  if (existsSync(join(dir, "node_modules", ".package-lock.json"))) return dir;
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`the pinned Bun, Deno and workerd packages are linux-x64 builds; this is ${process.platform}-${process.arch}`);
  }
  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(join(cacheRoot, ".fetch-"));
  try {
    for (const file of ["package.json", "package-lock.json"]) cpSync(join(here, file), join(staging, file));
    process.stderr.write(`ecosystem: installing the pinned tools into ${dir}\n`);
    execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: staging, stdio: ["ignore", "ignore", "inherit"] });
    // Renamed into place only once complete, so an interrupted install is never taken for a finished one; if
    // another run (another worktree on this machine) got there first, its directory is kept and this one dropped.
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (!existsSync(join(dir, "node_modules", ".package-lock.json"))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/** Paths of each tool's entry point in an installed tools directory. */
export function toolPaths(dir) {
  const modules = join(dir, "node_modules");
  return {
    tsc: Object.fromEntries(typescripts.map((v) => [v, join(modules, `typescript-${v}`, "bin", "tsc")])),
    attw: join(modules, "@arethetypeswrong", "cli", "dist", "index.js"),
    publint: join(modules, "publint", "src", "cli.js"),
    esbuild: join(modules, "esbuild", "bin", "esbuild"),
    bun: join(modules, "@oven", "bun-linux-x64", "bin", "bun"),
    deno: join(modules, "@deno", "linux-x64-glibc", "deno"),
    workerd: join(modules, "@cloudflare", "workerd-linux-64", "bin", "workerd"),
  };
}
