/**
 * The layout the code promises (docs/architecture.md): data flows one way, spec → generated → client core →
 * CLI / export / verify / sandbox, and every byte that crosses the process boundary passes one edge module in
 * src/edges/. These tests read the sources, so a change that breaks the layout fails here, not in a review.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { importCycles, importGraph, sourceFiles } from "./support/import-graph.js";

const root = resolve(__dirname, "..");
const src = sourceFiles(root, "src");
const graph = importGraph(root, src);
const text = (file: string) => readFileSync(resolve(root, file), "utf8");
const under = (dir: string) => (file: string) => file.startsWith(`${dir}/`);
/** Every (importer, imported) pair where `from` files import `to` files. */
const imports = (from: (f: string) => boolean, to: (f: string) => boolean) =>
  [...graph].filter(([file]) => from(file)).flatMap(([file, targets]) => targets.filter(to).map((target) => `${file} → ${target}`));

describe("the import graph", () => {
  it.each(["src", "test", "contract-tests", "bench", "scripts"])("has no import cycle in %s/", (dir) => {
    const files = sourceFiles(root, dir);
    expect(importCycles(importGraph(root, files))).toEqual([]);
  });

  it("finds a cycle when there is one (the detector itself)", () => {
    const cyclic = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
    expect(importCycles(cyclic)).toEqual([["a", "b", "c"]]);
  });

  it("keeps the edges at the bottom: src/edges imports nothing of the client, the CLI, the export, verify or the sandbox", () => {
    expect(imports(under("src/edges"), (f) => !under("src/edges")(f) && f !== "src/version.ts")).toEqual([]);
  });

  it("keeps the client core below its users: src/client imports no CLI, export, verify or sandbox module", () => {
    expect(imports(under("src/client"), (f) => ["src/cli", "src/export", "src/verify", "src/sandbox"].some((dir) => under(dir)(f)))).toEqual([]);
  });

  it("lets the CLI, the export and verify use the client only through its public API (src/index.ts)", () => {
    const users = (f: string) => ["src/cli", "src/export", "src/verify"].some((dir) => under(dir)(f));
    expect(imports(users, under("src/client"))).toEqual([]);
  });

  it("lets the sandbox share only the spec with the client: it imports no client, CLI, export or verify module", () => {
    expect(imports(under("src/sandbox"), (f) => ["src/client", "src/cli", "src/export", "src/verify", "src/index.ts"].some((p) => f === p || under(p)(f)))).toEqual([]);
  });
});

describe("the files", () => {
  it("keeps every source file at 250 lines or fewer", () => {
    const long = src.map((file) => [file, text(file).split("\n").length - 1] as const).filter(([, lines]) => lines > 250);
    expect(long).toEqual([]);
  });

  it("keeps index.ts files to re-exports (and comments)", () => {
    const indexes = src.filter((file) => file.endsWith("/index.ts"));
    expect(indexes.length).toBeGreaterThanOrEqual(2);
    const stray = indexes.flatMap((file) => {
      const code = text(file)
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "")
        // One re-export statement may span lines: `export { a, b } from "./x.js";`.
        .replace(/export\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+"[^"]+";/g, "")
        .trim();
      return code === "" ? [] : [`${file}: ${code.split("\n")[0]}`];
    });
    expect(stray).toEqual([]);
  });

  it("keeps the SDK's modules free of Node's built-ins, so it runs on Bun, Deno and edge workers", () => {
    const sdk = src.filter((f) => under("src/client")(f) || under("src/edges/http")(f) || under("src/edges/secrets")(f) || f === "src/index.ts");
    const nodeOnly = sdk.filter((file) => /from\s+"node:|import\("node:/.test(text(file)));
    expect(nodeOnly).toEqual([]);
  });
});
