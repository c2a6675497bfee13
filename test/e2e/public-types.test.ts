/**
 * The declarations both entry points publish, as a consumer without @types/node sees them (TypeScript 6 and 7 no
 * longer load every @types package by default): emitted from src/ in memory, then type-checked strictly with
 * skipLibCheck off and @types/node out of reach. scripts/ecosystem/run.mjs does the same on the packed tarball
 * with TypeScript 5.9, 6 and 7; this is the quick guard in `npm test`.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";

const root = resolve(__dirname, "..", "..");
// Never written: emitted files live in `emitted` only, under a path beside src/ so node_modules resolves as in dist/.
const dist = join(root, ".public-types-probe");

function emitDeclarations(): Map<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.build.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const options = { ...config.options, outDir: dist, declaration: true, emitDeclarationOnly: true, declarationMap: false, noEmit: false };
  const emitted = new Map<string, string>();
  const host = ts.createCompilerHost(options);
  host.writeFile = (name, text) => emitted.set(name, text);
  const program = ts.createProgram([join(root, "src/index.ts"), join(root, "src/sandbox/index.ts")], options, host);
  program.emit(undefined, undefined, undefined, true);
  return emitted;
}

function consumerErrors(emitted: Map<string, string>, source: string): string[] {
  const consumer = join(dist, "consumer.ts");
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmit: true, types: [],
    // TypeScript's own lib files are not what is under test, and checking them is most of the time.
    skipDefaultLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const unreachable = (name: string) => /[\\/]node_modules[\\/]@types[\\/]node[\\/]/.test(name);
  // The build copies these generated declarations into dist/generated/ beside what tsc emits.
  const copied = (name: string) => name.startsWith(join(dist, "generated") + "/") && name.endsWith(".d.ts") ? join(root, "generated", name.slice(join(dist, "generated").length + 1)) : undefined;
  const read = (name: string) => (name === consumer ? source : emitted.get(name) ?? (copied(name) ? readFileSync(copied(name)!, "utf8") : undefined));
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => !unreachable(name) && (read(name) !== undefined || (!name.startsWith(dist) && fileExists(name)));
  host.readFile = (name) => (unreachable(name) ? undefined : read(name) ?? readFile(name));
  host.getSourceFile = (name, language, ...rest) => {
    const text = read(name);
    return text === undefined ? getSourceFile(name, language, ...rest) : ts.createSourceFile(name, text, language);
  };
  host.directoryExists = (name) => !unreachable(name) && (name.startsWith(dist) || ts.sys.directoryExists(name));
  const program = ts.createProgram([consumer], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.replace(dist + "/", "dist/")}: ` : "";
    return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
}

let emitted: Map<string, string>;
beforeAll(() => {
  emitted = emitDeclarations();
}, 120_000);

it("emits the declarations of both entry points", () => {
  expect(emitted.has(join(dist, "src/index.d.ts"))).toBe(true);
  expect(emitted.has(join(dist, "src/sandbox/index.d.ts"))).toBe(true);
});

it("Cannot find name 'Buffer': the sandbox's public declarations type-check without @types/node", () => {
  const source = `import * as sandbox from "./src/sandbox/index.js";\nexport const started: ReturnType<typeof sandbox.startSandbox> = sandbox.startSandbox({ profiles: 1 });\n`;
  expect(consumerErrors(emitted, source)).toEqual([]);
}, 60_000);

it("the client's public declarations type-check without @types/node", () => {
  const source = `import * as sdk from "./src/index.js";\nexport const client: sdk.AmperityClient = sdk.createAmperityClient({ tenant: "acme", token: "t" });\n`;
  expect(consumerErrors(emitted, source)).toEqual([]);
}, 60_000);

it("the probe sees a Node type a declaration uses (it would report what the consumer would)", () => {
  const leak = new Map(emitted).set(join(dist, "src/leak.d.ts"), "export declare const bytes: Buffer;\n");
  expect(consumerErrors(leak, `export { bytes } from "./src/leak.js";\n`)).toEqual([expect.stringContaining("Cannot find name 'Buffer'")]);
}, 60_000);
