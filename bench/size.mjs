// Size of what a user's bundle gains: src/index.ts bundled and minified with esbuild, openapi-fetch left
// external (it is measured on its own), generated/validators.js left external because strict mode imports it
// lazily (`import()` in src/validate.ts) and only a client with validateResponses loads it; the same for
// src/client/client-credentials.ts (`import()` in src/client/config.ts), loaded only by a client given client credentials, and
// src/client/raw-page.ts (`import()` in src/client/client.ts), loaded only by a caller of rawPages(). Run alone
// (`node bench/size.mjs`) it prints where the SDK's bytes go, from esbuild's metafile.
import { build } from "esbuild";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const repo = fileURLToPath(new URL("..", import.meta.url));

const lazyValidators = {
  name: "lazy-validators",
  setup(b) {
    b.onResolve({ filter: /generated\/validators\.js$/ }, (args) => ({ path: args.path, external: true }));
    // Client credentials are imported on first use (src/client/config.ts) too; only a client given them loads them. The
    // same for raw pages (src/client/client.ts): only a caller of rawPages() loads the scanner.
    b.onResolve({ filter: /\/(client-credentials|raw-page)\.js$/, namespace: "file" }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined);
  },
};

async function minified(options) {
  const result = await build({
    bundle: true, minify: true, write: false, format: "esm", platform: "neutral", target: "es2022",
    metafile: true, logLevel: "silent", absWorkingDir: repo, ...options,
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, inputs };
}

/** { sdk, openapiFetch }: each { minBytes, gzipBytes, inputs: [{ path, bytes }] }. */
export async function measureSize() {
  const sdk = await minified({ entryPoints: [join(repo, "src", "index.ts")], external: ["openapi-fetch"], plugins: [lazyValidators] });
  const openapiFetch = await minified({
    stdin: { contents: 'export * from "openapi-fetch"; export { default } from "openapi-fetch";', resolveDir: repo },
    mainFields: ["module", "main"],
  });
  return { sdk, openapiFetch };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { sdk, openapiFetch } = await measureSize();
  console.log(`SDK runtime: ${sdk.minBytes} B min, ${sdk.gzipBytes} B min+gzip; openapi-fetch: ${openapiFetch.minBytes} B min, ${openapiFetch.gzipBytes} B min+gzip`);
  for (const { path, bytes } of sdk.inputs) console.log(`${String(bytes).padStart(7)}  ${path}`);
}
