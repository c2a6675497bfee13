// The build's last step: the packages only the CLI, the export and the sandbox import (commander, hyparquet,
// hyparquet-writer, Ajv) are bundled into dist/vendor/, and the compiled files import them from there, so a user
// of the client does not install them and a user of the CLI runs the same code. Which packages: every one the
// compiled JavaScript imports that package.json does not list under `dependencies` (those stay imports, installed
// by npm; the client's openapi-fetch is one). Each imported module gets one entry file exporting exactly the names
// imported from it; esbuild splits what entries share (one Ajv, one hyparquet) into common chunks, so what the CLI
// loads lazily stays lazy. Their licences are gathered into dist/vendor/LICENSES.md.
import { isBuiltin } from "node:module";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { build } from "esbuild";

const importPattern = /^(import|export) (?:(\w+)(?:, )?)?(?:\* as \w+|\{([^}]*)\})? ?from "([^".][^"]*)";$/gm;
const dynamicPattern = /\bimport\("([^".][^"]*)"\)/g;

const packageOf = (specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
const entryName = (specifier) => specifier.replace(/\.js$/, "").replace(/[^\w-]+/g, "--");

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]);
}

/** What the compiled files import from packages outside `dependencies`: per module, its names, or all of it. */
function vendoredImports(files, manifest) {
  const wanted = new Map();
  const want = (specifier) => {
    if (isBuiltin(specifier) || Object.hasOwn(manifest.dependencies ?? {}, packageOf(specifier))) return undefined;
    if (!Object.hasOwn(manifest.devDependencies ?? {}, packageOf(specifier))) {
      throw new Error(`dist imports ${specifier}, a package package.json does not list`);
    }
    if (!wanted.has(specifier)) wanted.set(specifier, { names: new Set(), all: false });
    return wanted.get(specifier);
  };
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const [statement, , defaultName, named, specifier] of text.matchAll(importPattern)) {
      const entry = want(specifier);
      if (!entry) continue;
      if (defaultName) entry.names.add("default");
      if (statement.includes("* as ")) entry.all = true;
      for (const part of named?.split(",") ?? []) if (part.trim()) entry.names.add(part.trim().split(/\s+as\s+/)[0]);
    }
    for (const [, specifier] of text.matchAll(dynamicPattern)) {
      const entry = want(specifier);
      if (entry) entry.all = true;
    }
  }
  return wanted;
}

function entrySource(specifier, { names, all }) {
  const quoted = JSON.stringify(specifier);
  const lines = [`import * as module from ${quoted};`];
  // A namespace or dynamic import may read any name; a CommonJS module's are known only at run time, as `default`.
  if (all) return [...lines, `export * from ${quoted};`, "export default module.default;"].join("\n") + "\n";
  for (const name of names) lines.push(name === "default" ? "export default module.default;" : `export const ${name} = module.${name};`);
  return lines.join("\n") + "\n";
}

/** The licence of every package that went into the bundles, as their licences ask to be passed on. */
function licenses(inputs, root) {
  const packages = new Map();
  for (const input of inputs) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.set(match[1], join(root, input.slice(0, match.index + match[0].length)));
  }
  const sections = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
    const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    if (!file) throw new Error(`${name} ships no licence file to pass on`);
    return `## ${name} ${version} (${license})\n\n${readFileSync(join(dir, file), "utf8").trim()}\n`;
  });
  return `# Bundled packages\n\ndist/vendor/ holds these packages, bundled by scripts/vendor.mjs. Their licences:\n\n${sections.join("\n")}`;
}

export async function vendor({ root, dist }) {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const files = listFiles(dist).filter((file) => file.endsWith(".js"));
  const wanted = vendoredImports(files, manifest);
  if (wanted.size === 0) return checkImports(files, manifest, root);
  const out = join(dist, "vendor");
  const entries = mkdtempSync(join(tmpdir(), "amperity-vendor-"));
  try {
    const entryPoints = {};
    for (const [specifier, usage] of wanted) {
      const file = join(entries, `${entryName(specifier)}.mjs`);
      writeFileSync(file, entrySource(specifier, usage));
      entryPoints[entryName(specifier)] = file;
    }
    const result = await build({
      // The entries live in a temp dir: the packages resolve from this repository's node_modules.
      entryPoints, absWorkingDir: root, nodePaths: [join(root, "node_modules")], outdir: out,
      bundle: true, splitting: true, format: "esm", platform: "node", target: "node20", chunkNames: "chunk-[hash]", metafile: true, logLevel: "warning", legalComments: "inline",
      // Names are kept, so a stack trace through these still names its functions; whitespace and syntax go (700 → 460 kB).
      minifyWhitespace: true, minifySyntax: true,
      external: Object.keys(manifest.dependencies ?? {}),
      // An ES module without a default export gives `module.default` undefined above, as Node would: not worth a warning.
      logOverride: { "import-is-undefined": "silent" },
      // CommonJS in an ES module bundle still calls require() for Node's own modules (commander does).
      banner: { js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);' },
    });
    for (const [specifier, { names, all }] of wanted) {
      const output = result.metafile.outputs[relative(root, join(out, `${entryName(specifier)}.js`)).split(sep).join("/")];
      const missing = all ? [] : [...names].filter((name) => !output?.exports.includes(name));
      if (!output || missing.length) throw new Error(`vendor/${entryName(specifier)}.js lacks ${missing.join(", ") || "everything"}`);
    }
    writeFileSync(join(out, "LICENSES.md"), licenses(Object.keys(result.metafile.inputs), root));
  } finally {
    rmSync(entries, { recursive: true, force: true });
  }
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const target = (specifier) => {
      if (!wanted.has(specifier)) return undefined;
      const path = relative(dirname(file), join(out, `${entryName(specifier)}.js`)).split(sep).join("/");
      return path.startsWith(".") ? path : `./${path}`;
    };
    const rewritten = text
      .replace(importPattern, (statement, ...groups) => {
        const path = target(groups[3]);
        return path ? statement.replace(`"${groups[3]}"`, JSON.stringify(path)) : statement;
      })
      .replace(dynamicPattern, (call, specifier) => (target(specifier) ? `import(${JSON.stringify(target(specifier))})` : call));
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
  checkImports(files, manifest, root);
}

/** Any import the patterns above did not recognise would reach for a package the user does not have. */
function checkImports(files, manifest, root) {
  const statements = /^(?:import|export)\b[^;]*?\bfrom "([^"]+)"|^import "([^"]+)"|\bimport\("([^"]+)"\)/gm;
  for (const file of files) {
    const specifiers = [...readFileSync(file, "utf8").matchAll(statements)].map((m) => m[1] ?? m[2] ?? m[3]);
    for (const specifier of specifiers.filter((s) => !s.startsWith("."))) {
      if (!isBuiltin(specifier) && !Object.hasOwn(manifest.dependencies ?? {}, packageOf(specifier))) {
        throw new Error(`${relative(root, file)} still imports ${specifier}: scripts/vendor.mjs did not recognise the statement`);
      }
    }
  }
}
