// The package as users get it: `npm pack` (whose `prepare` runs `npm run build`), the tarball installed into a
// fresh project (offline, see installOffline), and there: strict NodeNext typechecking of a consumer, the README
// examples, the reference's TypeScript samples and the mistakes the types must reject; a run against a sandbox;
// the CLI's --help.
import { execFile, execFileSync, spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";

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
let consumer: string;
let packed: PackResult;
let typecheckErrors: string;

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
  const staged = join(work, "package");
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
  installOffline(join(work, packed.filename), consumer);
  // tsc also emits out/, which the run below executes (it emits despite errors, so each test reports its own).
  const tsc = join(consumer, "node_modules", "typescript", "bin", "tsc");
  typecheckErrors = await run(process.execPath, [tsc, "-p", consumer], { cwd: consumer }).then(
    () => "",
    (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
  );
}, 120_000);

afterAll(() => {
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

test("the consumer, the README examples and the reference samples typecheck; the listed mistakes do not", () => {
  expect(readdirSync(join(consumer, "samples")).sort()).toEqual(["createAccessToken.ts", "getIndex.ts", "getProfile.ts", "listIndexes.ts", "listProfiles.ts"]);
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
}, 60_000);

test("a consumer of the installed package lists a page from the sandbox", async () => {
  const { stdout } = await run(process.execPath, [join(consumer, "out", "list-page.js")], { cwd: consumer });
  expect(JSON.parse(stdout)).toEqual({ page: 10, total: 30, next: "string", items: 30 });
});

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
});
