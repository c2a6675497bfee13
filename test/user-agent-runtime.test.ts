/**
 * The runtime User-Agent names. Bun and Deno both define `process.versions.node` (their Node compatibility), and
 * workerd does too with nodejs_compat, so each was reported as `node/<version>`. Each runtime is stood in for by
 * the globals it defines; scripts/ecosystem/run.mjs checks the header on the real Bun, Deno and workerd.
 */
import { runtimeProduct, userAgent } from "../src/client/user-agent.js";
import { sdkVersion } from "../src/version.js";

const bun = { Bun: { version: "1.4.5" }, process: { versions: { node: "24.3.0", bun: "1.4.5" } }, navigator: { userAgent: "Bun/1.4.5" } };
const deno = { Deno: { version: { deno: "2.9.6", v8: "15.0" } }, process: { versions: { node: "24.2.0" } }, navigator: { userAgent: "Deno/2.9.6" } };
const workerd = { navigator: { userAgent: "Cloudflare-Workers" }, process: { versions: { node: "22.14.0" } } };
const node = { process: { versions: { node: "20.20.2" } }, navigator: { userAgent: "Node.js/20" } };

it.each([
  ["Bun reported as node/…", "bun/1.4.5", bun],
  ["Deno reported as node/…", "deno/2.9.6", deno],
  ["workerd with nodejs_compat reported as node/…", "workerd", workerd],
  ["Node", "node/20.20.2", node],
  ["an unknown runtime", undefined, {}],
])("%s: the runtime token is %s", (_, expected, scope) => {
  expect(runtimeProduct(scope)).toBe(expected);
});

it("header injection: a runtime version that is not a plain version is left out, not sent", () => {
  expect(runtimeProduct({ Bun: { version: "1.4\r\nx-evil: 1" } })).toBe("bun");
  expect(runtimeProduct({ process: { versions: { node: "20 (patched)" } } })).toBe("node");
});

it("the User-Agent names the runtime before the caller's product", () => {
  expect(userAgent("my-sync/2.1", deno)).toBe(`amperity-profiles/${sdkVersion} deno/2.9.6 my-sync/2.1`);
  expect(userAgent(undefined, {})).toBe(`amperity-profiles/${sdkVersion}`);
  expect(userAgent(undefined)).toBe(`amperity-profiles/${sdkVersion} node/${process.versions.node}`);
});
