// The README's filter example, run as written against the sandbox: the examples, the spec's example and the
// sandbox's filter fields must agree (a `first_name` example once got a 400 from the sandbox). The default
// sandbox is the one the README tells users to start. Then what the README and the guides claim about themselves:
// set-up commands first, no unpinned registry names, tables of contents, links and paths that resolve. The guides'
// commands themselves are run by test/e2e/doc-commands.test.ts and test/e2e/pack.test.ts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createAmperityClient } from "../src/index.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { spec } from "./support/spec.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

/** The `{ filter: { … } }` object of the README's Filters example. */
function readmeFilter(): Record<string, string> {
  const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
  const literal = /profiles\.list\("idx-xyz789", \{ filter: (\{[^}]*\}) \}\)/.exec(readme)?.[1];
  if (!literal) throw new Error("the README has no filter example");
  return JSON.parse(literal.replace(/(\w+):/g, '"$1":')) as Record<string, string>;
}

test("the README's filter example is answered by the sandbox with matching profiles", async () => {
  const filter = readmeFilter();
  const amperity = createAmperityClient({ baseUrl: sandbox.url, tenant: sandbox.tenant, token: sandbox.token });
  const found = [];
  for await (const profile of amperity.profiles.items(sandbox.indexes[0]!, { limit: 1000, filter })) found.push(profile);
  expect(found.length).toBeGreaterThan(0);
  for (const profile of found) expect(profile.attributes).toMatchObject(filter);
});

test("the spec's filter example uses the sandbox's filter fields", async () => {
  const example: Record<string, string> = spec.components.schemas.FilterFields.examples[0];
  expect(example).toEqual(readmeFilter());
  const args = Object.entries(example).flatMap(([name, value]) => ["--filter", `${name}=${value}`]);
  const { code, stdout, stderr } = await runCli(["export", sandbox.indexes[0]!, "--no-progress", ...args], { env: sandboxEnv(sandbox) });
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  expect(stdout.trim().split("\n").length).toBeGreaterThan(0);
});

// The README and the guides in docs/, read as a user reads them: what they claim about themselves holds.
const root = join(__dirname, "..");
const guideFiles = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const read = (file: string) => readFileSync(join(root, file), "utf8");
/** The text outside fenced code blocks. */
const prose = (text: string) => text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");
/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-");
const headings = (text: string) => [...prose(text).matchAll(/^#{1,6} (.*)$/gm)].map((m) => m[1]!);

describe("the README", () => {
  it("is a front door of at most 250 lines", () => {
    expect(read("README.md").split("\n").length).toBeLessThanOrEqual(250);
  });

  it("gives the two set-up commands first (CI and a hook read them there)", () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(read("README.md").split("\n").slice(0, 12).join("\n"))?.[1] ?? "";
    expect(firstBlock.split("\n").map((line) => line.replace(/\s+#.*$/, "")).filter(Boolean)).toEqual(["npm ci && npm start", "npm test"]);
  });

  it("links every guide in docs/", () => {
    const linked = [...read("README.md").matchAll(/\]\((docs\/[\w-]+\.md)\)/g)].map((m) => m[1]);
    for (const guide of guideFiles.filter((f) => f.startsWith("docs/"))) expect(linked).toContain(guide);
  });
});

describe.each(guideFiles)("%s", (file) => {
  const text = read(file);

  it("runs no package by a bare name from a registry: every npx is --no or names a pinned version", () => {
    // npx asked for a package that is not installed runs whatever a registry serves under that name.
    const code = [...text.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm), ...prose(text).matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
    const unsafe = code.flatMap((snippet) =>
      [...snippet.matchAll(/\bnpx((?:\s+-\S*)*)(?:\s+([^\s-]\S*))?/g)]
        .map((m) => ({ flags: (m[1] ?? "").trim().split(/\s+/), name: m[2] }))
        .filter(({ flags, name }) => name !== undefined && !flags.includes("--no") && !/.@\d/.test(name)),
    );
    expect(unsafe).toEqual([]);
    expect(text).not.toMatch(/npx (--yes |-y )?amperity-profiles/);
  });

  it("has a table of contents that lists its sections, each link reaching its heading", () => {
    if (file === "README.md" || file.startsWith("docs/")) {
      const sections = [...prose(text).matchAll(/^## (.*)$/gm)].map((m) => m[1]!).filter((h) => h !== "Contents");
      const contents = /^## Contents\n\n((?:- .*\n)+)/m.exec(text)?.[1] ?? "";
      const entries = [...contents.matchAll(/^- \[(.*)\]\(#([^)]*)\)$/gm)].map((m) => ({ title: m[1], anchor: m[2] }));
      expect(entries).toEqual(sections.map((title) => ({ title, anchor: slug(title) })));
    }
  });

  it("links only to files and headings that exist", () => {
    const dir = join(root, file, "..");
    const broken = [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => {
        const [path, anchor] = target.split("#") as [string, string | undefined];
        const targetFile = path === "" ? join(root, file) : join(dir, path);
        if (!existsSync(targetFile)) return true;
        if (anchor === undefined || !targetFile.endsWith(".md")) return false;
        return !headings(readFileSync(targetFile, "utf8")).map(slug).includes(anchor);
      });
    expect(broken).toEqual([]);
  });

  it("names only repository paths that exist (the security notes once named files that had moved)", () => {
    const built = /^(docs\/reference\/|bench\/results\.json$|dist\/)/;
    const named = [...prose(text).matchAll(/`((?:src|test|scripts|bench|contract-tests|openapi|generated|docs)\/[\w./-]*)`/g)].map((m) => m[1]!);
    expect(named.filter((path) => !built.test(path) && !path.includes("*") && !existsSync(join(root, path)))).toEqual([]);
  });

  it("cites a register entry only beside a link to the register", () => {
    const register = file === "README.md" ? "openapi/README.md#documentation-inconsistencies" : "../openapi/README.md#documentation-inconsistencies";
    const bare = prose(text).replace(new RegExp(`\\[DOC-\\d\\d\\]\\(${register.replace(/[.#/]/g, "\\$&")}\\)`, "g"), "");
    expect(bare.match(/DOC-\d\d/g) ?? []).toEqual([]);
  });

  it("speaks the user's words: no talk of the project's seed page, issues, stops or waves", () => {
    expect(prose(text).match(/\bthe seed's\b|\bseed (page|doc\w*|Python)\b|\b(this|that|the) (stop|wave)\b|\bissue \d+|\bearlier waves\b/gi) ?? []).toEqual([]);
  });
});
