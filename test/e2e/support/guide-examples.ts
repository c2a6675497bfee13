// The TypeScript examples of the README and the guides, as modules the pack test compiles against the installed
// package. An example may use what the text around it set up (`amperity`, or a `save` of the reader's own); a
// prelude declares exactly those names the example neither imports nor declares. Examples that import the
// reader's own generated files (`./amperity/…`, the other-generator setup) are left to test/e2e/peer-generator.test.ts.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { codeBlocks } from "./ci-recipe.js";

const prelude: Record<string, string> = {
  amperity: 'declare const amperity: import("amperity-profiles").AmperityClient;',
  createAmperityClient: 'import { createAmperityClient } from "amperity-profiles";',
  save: "declare function save(profiles: unknown[]): Promise<void>;",
  checkpoint: "declare function checkpoint(nextToken: string | null | undefined): Promise<void>;",
  out: "declare const out: { write(bytes: Uint8Array): void };",
};

/** One module per ```ts block: `{ name, source }`, name from its file and position. */
export function guideExamples(root: string): Array<{ name: string; source: string }> {
  const files = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  return files.flatMap((file) =>
    codeBlocks(join(root, file), "ts")
      .map((source, i) => ({ name: `${file.replace(/\W+/g, "-")}-${i + 1}.ts`, source }))
      .filter(({ source }) => !/from "\.\.?\//.test(source))
      .map(({ name, source }) => {
        const declared = (id: string) => new RegExp(`(import[^;]*\\b${id}\\b[^;]*from|\\b(const|let|function|type) ${id}\\b)`).test(source);
        const used = (id: string) => new RegExp(`\\b${id}\\b`).test(source);
        const needs = Object.keys(prelude).filter((id) => used(id) && !declared(id));
        return { name, source: [...needs.map((id) => prelude[id]), source, "export {};", ""].join("\n") };
      }),
  );
}
