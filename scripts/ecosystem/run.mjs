#!/usr/bin/env node
// The package as its users get it, in every runtime and toolchain it claims (`npm run test:ecosystem`, a step of
// .ci/run, not of `npm test`). Packs the tarball once, from a copy of the repository (so dist/ here is never
// replaced), installs it into a consumer project in a temp dir (consumer/, copied), and there:
//   - type-checks the consumer (both entry points, strict, exactOptionalPropertyTypes, skipLibCheck off, no
//     @types/node) with TypeScript 5.9, 6.0 and 7.0 under nodenext, node16 and bundler resolution;
//   - runs its walk (list, page, get, miss) against a sandbox (started from the tarball, on this Node) on Node
//     20/22/24/26, Bun, Deno and workerd;
//   - runs @arethetypeswrong/cli (esm-only profile) and publint on the tarball.
// Tools are pinned in tools/package-lock.json and Node in ../node-matrix.mjs, all fetched into the user's cache.
// Every check runs even after a failure; the last line counts them, and any failure exits 1.
//
//   node scripts/ecosystem/run.mjs [types] [runtimes] [package]    (default: all three groups)
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { nodeBinary, pinned } from "../node-matrix.mjs";
import { judge, walkProgram, walkWorkerd } from "./runtimes.mjs";
import { toolPaths, toolsDir, typescripts } from "./tools.mjs";

const exec = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const groups = process.argv.slice(2).length ? process.argv.slice(2) : ["types", "runtimes", "package"];
const unknown = groups.filter((g) => !["types", "runtimes", "package"].includes(g));
if (unknown.length) {
  console.error(`unknown group ${unknown.join(", ")}; usage: node scripts/ecosystem/run.mjs [types] [runtimes] [package]`);
  process.exit(2);
}
const resolutions = ["nodenext", "node16", "bundler"];
const sdkVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

const results = [];
/** One check: its time and outcome are recorded, and a failure is reported without stopping the others. */
async function check(name, body) {
  const started = performance.now();
  let problem;
  try {
    const problems = (await body()) ?? [];
    if (problems.length) problem = problems.join("\n    ");
  } catch (error) {
    problem = [error.message, error.stdout, error.stderr].filter(Boolean).join("\n").trim().replace(/\n/g, "\n    ");
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  results.push({ name, seconds, ok: !problem });
  console.log(`${problem ? "FAILED" : "ok    "} ${name} (${seconds} s)${problem ? `\n    ${problem}` : ""}`);
}

/** At most `limit` of `tasks` (functions returning promises) at a time: the machine has two cores. */
async function pool(limit, tasks) {
  const queue = [...tasks];
  await Promise.all(Array.from({ length: limit }, async () => {
    while (queue.length) await queue.shift()();
  }));
}

/** The packages in a node_modules, and their files' size (apparent bytes, and disk blocks as du counts them). */
function weigh(modules) {
  const packages = [];
  let bytes = 0;
  let disk = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const stat = statSync(path);
        bytes += stat.size;
        disk += stat.blocks * 512;
      }
    }
  };
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith(".")) continue;
    const names = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) packages.push(name), walk(join(modules, name));
  }
  return { packages: packages.sort(), bytes, disk };
}

/** `npm pack` in a copy of what the build reads, with this repository's node_modules linked in. */
async function pack(work) {
  const staged = join(work, "package");
  mkdirSync(join(staged, "scripts"), { recursive: true });
  for (const entry of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "tsconfig.json", "tsconfig.build.json", "src", "generated", "scripts/build.mjs", "scripts/vendor.mjs"]) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(staged, entry), { recursive: true });
  }
  symlinkSync(join(root, "node_modules"), join(staged, "node_modules"), "dir");
  const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", work], { cwd: staged, maxBuffer: 64 * 2 ** 20 });
  // npm prints the prepare script's output before its JSON report.
  const [report] = JSON.parse(stdout.slice(stdout.search(/^\[/m)));
  return join(work, report.filename);
}

const work = mkdtempSync(join(tmpdir(), "amperity-ecosystem-"));
const consumer = join(work, "consumer");
let tools;
let tarball;
try {
  await check("fetch the pinned tools and Node binaries", () => {
    tools = toolPaths(toolsDir());
    if (groups.includes("runtimes")) for (const { major } of pinned) nodeBinary(major);
  });
  await check("pack the tarball once", async () => {
    tarball = await pack(work);
  });
  await check("install the tarball into a fresh consumer project", async () => {
    cpSync(join(here, "consumer"), consumer, { recursive: true });
    await exec("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: consumer });
    if (existsSync(join(consumer, "node_modules", "@types", "node"))) return ["the package pulled in @types/node"];
  });
  await check("a library user installs none of the CLI's packages", () => {
    const { packages, bytes, disk } = weigh(join(consumer, "node_modules"));
    console.log(`    installed: ${packages.length} packages, ${(bytes / 1e6).toFixed(2)} MB (${(disk / 2 ** 20).toFixed(1)} MiB on disk): ${packages.join(", ")}`);
    const bundled = packages.filter((name) => /^(ajv|ajv-formats|commander|hyparquet|hyparquet-writer)$/.test(name));
    return bundled.length ? [`installed ${bundled.join(", ")}, which the build bundles`] : [];
  });
  if (!tools || !tarball || !existsSync(join(consumer, "node_modules", "amperity-profiles"))) throw new Error("nothing to check without the tools and the installed tarball");

  if (groups.includes("types")) {
    await pool(2, typescripts.flatMap((version) => resolutions.map((resolution) => () =>
      check(`TypeScript ${version}, ${resolution}: the consumer type-checks`, async () => {
        await exec(process.execPath, [tools.tsc[version], "-p", `tsconfig.${resolution}.json`], { cwd: consumer, maxBuffer: 16 * 2 ** 20 });
      }))));
  }

  if (groups.includes("runtimes")) await runtimes();

  if (groups.includes("package")) {
    await check("@arethetypeswrong/cli --profile esm-only: no problems", async () => {
      await exec(process.execPath, [tools.attw, tarball, "--profile", "esm-only", "--no-definitely-typed", "--format", "ascii", "--no-color"], { cwd: work });
    });
    await check("publint --strict: no errors, warnings or suggestions", async () => {
      const { stdout } = await exec(process.execPath, [tools.publint, "run", tarball, "--strict"], { cwd: work });
      if (!/All good!/.test(stdout)) return [stdout.trim()];
    });
  }
} catch (error) {
  console.log(`FAILED ${error.message}`);
  results.push({ name: error.message, ok: false });
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function runtimes() {
  let emitted = false;
  await check("the consumer compiles to JavaScript; the worker bundles into one module", async () => {
    await exec(process.execPath, [tools.tsc["7.0"], "-p", "tsconfig.nodenext.json", "--noEmit", "false", "--rootDir", "src", "--outDir", "out"], { cwd: consumer });
    await exec(tools.esbuild, ["src/worker.ts", "--bundle", "--format=esm", "--platform=neutral", "--main-fields=module,main",
      "--conditions=workerd,worker,browser", "--log-level=warning", "--outfile=out/worker.bundle.js"], { cwd: consumer });
    emitted = true;
  });
  if (!emitted) return;
  const installed = createRequire(join(consumer, "package.json")).resolve("amperity-profiles/sandbox");
  const { startSandbox } = await import(pathToFileURL(installed).href);
  const sandbox = await startSandbox({ profiles: 25, indexes: 2, seed: "ecosystem" });
  try {
    const nodes = new Map([[process.versions.node.split(".")[0], process.execPath]]);
    for (const { major } of pinned) if (!nodes.has(String(major))) nodes.set(String(major), nodeBinary(major));
    for (const major of ["20", "22", "24", "26"].filter((m) => !nodes.has(m))) {
      await check(`Node ${major}: list, page, get`, () => [`no Node ${major}: neither this Node nor pinned in scripts/node-matrix.mjs`]);
    }
    for (const [, node] of [...nodes].sort(([a], [b]) => a - b)) {
      const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim().slice(1);
      await check(`Node ${version}: list, page, get`, async () =>
        judge(await walkProgram(node, ["out/main.js"], { cwd: consumer, sandbox }), sandbox, { sdkVersion, runtime: `node/${version}` }));
    }
    const bunVersion = execFileSync(tools.bun, ["--version"], { encoding: "utf8" }).trim();
    await check(`Bun ${bunVersion}: list, page, get (the TypeScript source)`, async () =>
      judge(await walkProgram(tools.bun, ["src/main.ts"], { cwd: consumer, sandbox, env: { BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0" } }), sandbox, { sdkVersion, runtime: `bun/${bunVersion}` }));
    const denoVersion = /deno (\S+)/.exec(execFileSync(tools.deno, ["--version"], { encoding: "utf8" }))[1];
    await check(`Deno ${denoVersion}: list, page, get`, async () => {
      const port = new URL(sandbox.url).port;
      const args = ["run", "--no-prompt", `--allow-net=127.0.0.1:${port}`, "--allow-env=AMPERITY_SANDBOX", "--allow-read=.", "out/main.js"];
      const env = { DENO_DIR: join(work, "deno"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
      return judge(await walkProgram(tools.deno, args, { cwd: consumer, sandbox, env }), sandbox, { sdkVersion, runtime: `deno/${denoVersion}` });
    });
    const workerdVersion = execFileSync(tools.workerd, ["--version"], { encoding: "utf8" }).trim().replace(/^workerd /, "");
    await check(`workerd ${workerdVersion}: list, page, get through a service binding`, async () => {
      const dir = join(work, "workerd");
      mkdirSync(dir);
      const bundle = readFileSync(join(consumer, "out", "worker.bundle.js"));
      return judge(await walkWorkerd(tools.workerd, { dir, bundle, sandbox }), sandbox, { sdkVersion, runtime: "workerd" });
    });
  } finally {
    await sandbox.close();
  }
}

const failed = results.filter((r) => !r.ok).length;
console.log(`\necosystem: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
