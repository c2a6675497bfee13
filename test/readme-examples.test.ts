// The README's filter example, run as written against the sandbox: the examples, the spec's example and the
// sandbox's filter fields must agree (a `first_name` example once got a 400 from the sandbox). The default
// sandbox is the one the README tells users to start.
import { readFileSync } from "node:fs";
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
