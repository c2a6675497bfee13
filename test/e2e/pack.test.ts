// The package as users get it: `npm pack` (whose `prepare` runs `npm run build`), the tarball installed into a
// fresh project (offline, see installOffline), and there: strict NodeNext typechecking of a consumer, the README
// examples, the reference's TypeScript samples and the mistakes the types must reject; a run against a sandbox;
// the CLI as the README and the CI recipes run it, with only the package's own dependencies; `npm start` in the
// built copy.
import { execFile, execFileSync, spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { recipeSteps, type RecipeStep } from "./support/ci-recipe.js";
import { guideExamples } from "./support/guide-examples.js";

const run = promisify(execFile);
const root = join(__dirname, "..", "..");
const fixture = join(__dirname, "fixtures", "consumer");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; mode: number }[];
}

let work: string;
let staged: string;
let consumer: string;
let packed: PackResult;
let typecheckErrors: string;

const [fromTarball, fromCheckout] = recipeSteps(join(root, "docs", "contract-verification.md"));
const verifyStep = (steps: RecipeStep[]) => steps.find((step) => step.run?.includes(" verify "))!;
const ciToken = "ci-secret-token-0123456789";
let ciSandbox: Sandbox | undefined;
/**
 * The two recipes' verify steps (in the project, in the checkout), started as soon as the package is installed:
 * verify paces itself at 5 requests a second (about 16 s), which overlaps the tests before the one that awaits them.
 */
let verifyRuns: Promise<Array<{ stdout: string } | Error>>;

/**
 * The build runs in a copy of what it reads, so packing never replaces the dist/ that other tests or a running
 * CLI may be using at the same moment.
 */
function stage(into: string): void {
  for (const entry of ["package.json", "README.md", "CHANGELOG.md", "LICENSE", "tsconfig.json", "tsconfig.build.json", "src", "generated"]) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(into, entry), { recursive: true });
  }
  for (const script of ["build.mjs", "vendor.mjs"]) cpSync(join(root, "scripts", script), join(into, "scripts", script));
  symlinkSync(join(root, "node_modules"), join(into, "node_modules"), "dir");
}

/**
 * Installs the tarball the way npm lays it out, without a registry (tests never leave loopback): unpacked into
 * node_modules/amperity-profiles, its dependencies and the consumer's tools linked from this repository's
 * node_modules (the lockfile's versions), and its bin linked into node_modules/.bin with the mode npm gives it.
 */
function installOffline(tarball: string, into: string): void {
  const modules = join(into, "node_modules");
  const installed = join(modules, "amperity-profiles");
  mkdirSync(join(modules, ".bin"), { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", modules]);
  renameSync(join(modules, "package"), installed);
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  for (const name of [...Object.keys(manifest.dependencies), "typescript", "@types/node"]) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(root, "node_modules", name), join(modules, name), "dir");
  }
  for (const [name, target] of Object.entries(manifest.bin as Record<string, string>)) {
    chmodSync(join(installed, target), 0o755);
    symlinkSync(relative(join(modules, ".bin"), join(installed, target)), join(modules, ".bin", name));
  }
}

/** The TypeScript example of every operation, exactly as the reference publishes it (x-codeSamples). */
async function referenceSamples(): Promise<Record<string, string>> {
  const script = `
    import { readFileSync } from "node:fs";
    import { addCodeSamples } from ${JSON.stringify(join(root, "scripts", "code-samples.mjs"))};
    const spec = addCodeSamples(JSON.parse(readFileSync(${JSON.stringify(join(root, "generated", "openapi.json"))}, "utf8")));
    const samples = {};
    for (const item of Object.values(spec.paths)) for (const op of Object.values(item)) {
      const sample = op["x-codeSamples"]?.find((s) => s.lang === "TypeScript");
      if (sample) samples[op.operationId] = sample.source;
    }
    process.stdout.write(JSON.stringify(samples));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script]);
  return JSON.parse(stdout);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "amperity-pack-"));
  staged = join(work, "package");
  mkdirSync(join(staged, "scripts"), { recursive: true });
  stage(staged);
  const { stdout } = await run(npm, ["pack", "--json", "--pack-destination", work], { cwd: staged });
  // npm prints the prepare script's output before the JSON report.
  packed = (JSON.parse(stdout.slice(stdout.search(/^\[/m))) as PackResult[])[0]!;

  consumer = join(work, "consumer");
  cpSync(fixture, consumer, { recursive: true });
  mkdirSync(join(consumer, "samples"));
  for (const [operationId, source] of Object.entries(await referenceSamples())) {
    writeFileSync(join(consumer, "samples", `${operationId}.ts`), source + "\n");
  }
  mkdirSync(join(consumer, "guides"));
  for (const { name, source } of guideExamples(root)) writeFileSync(join(consumer, "guides", name), source);
  installOffline(join(work, packed.filename), consumer);
  // tsc also emits out/, which the run below executes (it emits despite errors, so each test reports its own).
  const tsc = join(consumer, "node_modules", "typescript", "bin", "tsc");
  typecheckErrors = await run(process.execPath, [tsc, "-p", consumer], { cwd: consumer }).then(
    () => "",
    (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
  );
  ciSandbox = await startSandbox({ profiles: 40, tenant: "acme", token: ciToken });
  // The step's env with the repository secret filled in; a test never leaves the machine, so the base URL is the sandbox's.
  const stepEnv = (env: Record<string, string>) =>
    noRegistry({ ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "${{ secrets.AMPERITY_TOKEN }}" ? ciToken : v])), AMPERITY_BASE_URL: ciSandbox!.url });
  verifyRuns = Promise.all(
    ([[verifyStep(fromTarball!), consumer], [verifyStep(fromCheckout!), staged]] as const).map(([step, cwd]) =>
      run("bash", ["-c", step.run!], { cwd, env: stepEnv(step.env) }).catch((error: Error) => error),
    ),
  );
}, 120_000);

afterAll(async () => {
  await verifyRuns;
  await ciSandbox?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the tarball holds the built package and no tests, fixtures or JavaScript source maps; its bin is executable", () => {
  const paths = packed.files.map((f) => f.path);
  expect(packed.files.find((f) => f.path === "dist/src/cli/bin.js")!.mode & 0o111).toBe(0o111);
  process.stdout.write(`amperity-profiles tarball: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${paths.length} files\n`);
  for (const path of paths) {
    expect(path).toMatch(/^(dist\/src\/|dist\/generated\/|dist\/ts\/|dist\/vendor\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE$)/);
    expect(path).not.toMatch(/(^|\/)(test|tests|fixtures|contract-tests|__tests__)\/|\.test\.|\.js\.map$/);
    // TypeScript sources only where declaration maps point, never beside a .d.ts, where TypeScript would take them instead.
    if (path.endsWith(".ts") && !path.endsWith(".d.ts")) expect(path).toMatch(/^dist\/ts\//);
  }
  for (const entry of ["LICENSE", "dist/src/index.js", "dist/src/index.d.ts", "dist/src/sandbox/index.js", "dist/src/cli/bin.js", "dist/generated/schema.d.ts"]) {
    expect(paths).toContain(entry);
  }
});

test("the consumer, the guides' TypeScript examples and the reference samples typecheck; the listed mistakes do not", () => {
  expect(readdirSync(join(consumer, "samples")).sort()).toEqual(["createAccessToken.ts", "getIndex.ts", "getProfile.ts", "listIndexes.ts", "listProfiles.ts"]);
  // The README's two, the client guide's eight and the sandbox guide's one, as written.
  expect(readdirSync(join(consumer, "guides")).length).toBeGreaterThanOrEqual(11);
  // An unused @ts-expect-error in type-errors.ts is itself an error, so no output means every mistake was caught.
  expect(typecheckErrors).toBe("");
});

test("declaration maps: every one points at a source the tarball holds, and go to definition lands in it", async () => {
  const installed = join(consumer, "node_modules", "amperity-profiles");
  const maps = packed.files.map((f) => f.path).filter((path) => path.endsWith(".d.ts.map"));
  expect(maps).toEqual(expect.arrayContaining(["dist/src/index.d.ts.map", "dist/src/client/client.d.ts.map", "dist/src/sandbox/server.d.ts.map"]));
  for (const map of maps) {
    for (const source of (JSON.parse(readFileSync(join(installed, map), "utf8")) as { sources: string[] }).sources) {
      expect(existsSync(join(installed, dirname(map), source))).toBe(true);
    }
  }
  expect(await goToDefinition("createAmperityClient")).toBe("dist/ts/src/client/client.ts");
  expect(await goToDefinition("startSandbox")).toBe("dist/ts/src/sandbox/server.ts");
}, 120_000);

/** Where an editor's "go to definition" on `name` lands, relative to the installed package: asked of tsserver. */
async function goToDefinition(name: string): Promise<string> {
  // A project of its own, so tsserver loads this file and what it imports rather than the whole consumer.
  const dir = join(consumer, "definition");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2022", types: [] } }));
  const file = join(dir, `${name}.ts`);
  const text = `import { createAmperityClient } from "amperity-profiles";\nimport { startSandbox } from "amperity-profiles/sandbox";\n${name};\n`;
  writeFileSync(file, text);
  const server = spawn(process.execPath, [join(consumer, "node_modules", "typescript", "lib", "tsserver.js"), "--disableAutomaticTypingAcquisition"], { cwd: consumer });
  try {
    const answer = new Promise<{ file: string }[]>((resolve, reject) => {
      let received = "";
      server.stdout.on("data", (chunk: Buffer) => {
        received += chunk.toString("utf8");
        // Each message is a Content-Length header and a JSON line; the one wanted answers request 2.
        for (const line of received.split("\n")) {
          if (!line.startsWith("{")) continue;
          const message = JSON.parse(line) as { type: string; request_seq?: number; success?: boolean; body?: { file: string }[]; message?: string };
          if (message.type === "response" && message.request_seq === 2) message.success ? resolve(message.body!) : reject(new Error(message.message));
        }
      });
      server.once("exit", (code) => reject(new Error(`tsserver exited (${code})`)));
    });
    const send = (seq: number, command: string, args: object) => server.stdin.write(JSON.stringify({ seq, type: "request", command, arguments: args }) + "\n");
    send(1, "open", { file });
    send(2, "definition", { file, line: 3, offset: 1 });
    const [first] = await answer;
    return relative(join(consumer, "node_modules", "amperity-profiles"), first!.file);
  } finally {
    server.kill();
  }
}

test("a CommonJS consumer with node10 resolution finds the types of both entry points", async () => {
  const tsc = join(consumer, "node_modules", "typescript", "bin", "tsc");
  const legacy = join(consumer, "legacy");
  const errors = await run(process.execPath, [tsc, "-p", legacy], { cwd: legacy }).then(
    () => "",
    (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
  );
  expect(errors).toBe("");
  // tsc takes seconds; on a loaded 2-core machine it overran Jest's 5 s default (one run in five).
}, 60_000);

test("a consumer of the installed package lists a page from the sandbox", async () => {
  const { stdout } = await run(process.execPath, [join(consumer, "out", "list-page.js")], { cwd: consumer });
  expect(JSON.parse(stdout)).toEqual({ page: 10, total: 30, next: "string", items: 30 });
}, 30_000);

test("the CLI's packages are bundled: with only the package's dependencies installed, the sandbox, a Parquet export and its check run", async () => {
  const manifest = JSON.parse(readFileSync(join(consumer, "node_modules", "amperity-profiles", "package.json"), "utf8")) as { dependencies: Record<string, string> };
  expect(Object.keys(manifest.dependencies).sort()).toEqual(expect.not.arrayContaining(["ajv", "ajv-formats", "commander", "hyparquet", "hyparquet-writer"]));
  const licences = readFileSync(join(consumer, "node_modules", "amperity-profiles", "dist", "vendor", "LICENSES.md"), "utf8");
  for (const name of ["ajv", "ajv-formats", "commander", "hyparquet", "hyparquet-writer", "fast-uri"]) expect(licences).toContain(`## ${name} `);

  const bin = join(consumer, "node_modules", ".bin", "amperity-profiles");
  const sandbox = spawn(bin, ["sandbox", "--profiles", "40"], { cwd: consumer, stdio: ["ignore", "pipe", "pipe"] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      sandbox.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")).includes("\n") && resolve(out.split("\n")[0]!));
      sandbox.once("exit", (code) => reject(new Error(`the sandbox exited (${code})`)));
    });
    const { url, tenant, token, indexes } = JSON.parse(line) as { url: string; tenant: string; token: string; indexes: string[] };
    const env = { ...process.env, AMPERITY_TENANT: tenant, AMPERITY_TOKEN: token, AMPERITY_BASE_URL: url };
    // A request the sandbox's Ajv checks refuses, then the export (hyparquet-writer) and its check (hyparquet).
    const refused = await fetch(`${url}/indexes?limit=many`, { headers: { authorization: `Bearer ${token}`, "amperity-tenant": tenant, "api-version": "2025-07-31" } });
    expect(await refused.json()).toMatchObject({ status: 400, message: "Invalid query parameter limit: must be integer" });
    await run(bin, ["export", indexes[0]!, "--format", "parquet", "--out", "profiles.parquet"], { cwd: consumer, env });
    const { stdout } = await run(bin, ["check", "profiles.parquet"], { cwd: consumer, env });
    expect(stdout).toMatch(/^OK profiles\.parquet: parquet, 40 profiles/);
  } finally {
    sandbox.kill();
  }
}, 120_000);

test("the installed amperity-profiles binary prints its help", async () => {
  const { stdout } = await run(join(consumer, "node_modules", ".bin", "amperity-profiles"), ["--help"], { cwd: consumer });
  expect(stdout).toMatch(/Usage: amperity-profiles/);
}, 30_000);

/** The environment of a command that must not reach a registry: npm's registry is a closed port on loopback. */
function noRegistry(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_registry: "http://127.0.0.1:9/",
    npm_config_fetch_retries: "0",
    npm_config_update_notifier: "false",
    ...extra,
  };
  for (const name of Object.keys(env)) if (name.startsWith("AMPERITY_") && !(name in extra)) delete env[name];
  return env;
}

describe("the install the README shows", () => {
  const readme = () => readFileSync(join(root, "README.md"), "utf8");

  test("names the tarball npm pack writes", () => {
    expect(readme()).toContain(`npm install /path/to/${packed.filename}`);
  });

  test("in a clone: node dist/src/cli/bin.js --help, as written, after the build", async () => {
    expect(readme()).toMatch(/^node dist\/src\/cli\/bin\.js --help$/m);
    const { stdout } = await run("bash", ["-c", "node dist/src/cli/bin.js --help"], { cwd: staged, env: noRegistry() });
    expect(stdout).toMatch(/Usage: amperity-profiles/);
  }, 30_000);

  test("in a project: npx --no -- amperity-profiles runs the installed copy without reaching a registry", async () => {
    const line = /^(npx --no -- amperity-profiles --help)\s/m.exec(readme())?.[1];
    expect(line).toBeDefined();
    const { stdout } = await run("bash", ["-c", line!], { cwd: consumer, env: noRegistry() });
    expect(stdout).toMatch(/Usage: amperity-profiles/);
  }, 60_000);

  test("npx --no where the package is not installed exits non-zero without running anything", async () => {
    const elsewhere = mkdtempSync(join(work, "elsewhere-"));
    const refused = await run("bash", ["-c", "npx --no -- amperity-profiles --help"], { cwd: elsewhere, env: noRegistry() }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(refused?.code).not.toBe(0);
    expect(refused?.stdout ?? "").not.toMatch(/Usage: amperity-profiles/);
  }, 60_000);
});

test("the tarball's figures are within what the guides state", () => {
  const text = readFileSync(join(root, "docs", "architecture.md"), "utf8");
  const stated = /under (\d+) kB packed and holds fewer than (\d+) files/.exec(text);
  expect(stated).not.toBeNull();
  const [, kilobytes, files] = stated!;
  expect({ packed: packed.size, under: packed.size < Number(kilobytes) * 1000 }).toEqual({ packed: packed.size, under: true });
  expect({ files: packed.files.length, under: packed.files.length < Number(files) }).toEqual({ files: packed.files.length, under: true });
});

describe("the CI recipes of docs/contract-verification.md, their verify steps run as written against a sandbox", () => {
  test("only the verify step sees the token; the install step installs the committed tarball", () => {
    for (const steps of [fromTarball!, fromCheckout!]) {
      const withToken = steps.filter((step) => "AMPERITY_TOKEN" in step.env);
      expect(withToken.map((step) => step.run)).toEqual([expect.stringMatching(/ verify --junit verify\.xml$/)]);
    }
    expect(fromTarball!.map((step) => step.run).filter(Boolean)).toEqual([
      `npm install --no-save --no-audit --no-fund ./vendor/${packed.filename}`,
      "npx --no -- amperity-profiles verify --junit verify.xml",
    ]);
  });

  test("both verify steps pass and write verify.xml: npx --no -- in the project, node dist/src/cli/bin.js in a checkout", async () => {
    expect(verifyStep(fromCheckout!).workingDirectory).toBe("amperity-profiles");
    const runs = await verifyRuns;
    for (const [i, cwd] of [consumer, staged].entries()) {
      const result = runs[i]!;
      if (result instanceof Error) throw result;
      expect(result.stdout).toMatch(/PASS/);
      expect(readFileSync(join(cwd, "verify.xml"), "utf8")).toMatch(/<testsuite[^>]* failures="0"/);
    }
  }, 120_000);
});

test("npm start and the README's npm pack leave a built checkout's git status clean", async () => {
  // The staged copy stands for a fresh clone after `npm ci`: committed, with the repository's .gitignore (and the
  // checkout recipe's verify.xml, which that step writes there).
  await verifyRuns;
  cpSync(join(root, ".gitignore"), join(staged, ".gitignore"));
  cpSync(join(root, "scripts", "start.mjs"), join(staged, "scripts", "start.mjs"));
  const git = (...args: string[]) => run("git", ["-c", "user.name=test", "-c", "user.email=test@localhost", ...args], { cwd: staged });
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-qm", "a fresh clone");
  const { stdout } = await run(process.execPath, [join("scripts", "start.mjs")], { cwd: staged, env: noRegistry() });
  expect(stdout).toMatch(/profiles\.csv holds 10,000 profiles/);
  expect(existsSync(join(staged, "profiles.csv.manifest.json"))).toBe(true);
  // The README's `npm pack` in the clone leaves its tarball there.
  cpSync(join(work, packed.filename), join(staged, packed.filename));
  // npm start once left profiles.csv.manifest.json untracked.
  expect((await git("status", "--porcelain")).stdout).toBe("");
}, 60_000);
