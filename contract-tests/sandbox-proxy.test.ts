// The sandbox behind Prism's validating proxy: `prism proxy generated/openapi.json <sandbox>/api --errors`.
// Prism matches the spec's paths without the servers' `/api` prefix and appends the request path to the upstream
// URL, so the upstream is the sandbox's `url` (…/api) and the client's baseUrl is Prism's bare origin.
import { filterFields, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { proxyFindings } from "./support/proxy-findings.js";
import { defineProxyChecks } from "./support/proxy-checks.js";
import { startPassthrough, tamperHeader, type Passthrough } from "./support/passthrough.js";
import { startPrism, type PrismServer } from "./support/prism.js";
import { recorder, send } from "./support/recorder.js";
import { apiVersions } from "../generated/constraints.js";

const profiles = 57; // not a multiple of the page size, so the last page is a short one
const pageMax = 1000;

let sandbox: Sandbox;
let passthrough: Passthrough;
let prism: PrismServer;

beforeAll(async () => {
  sandbox = await startSandbox({ profiles, indexes: 2, seed: "contract", pageMax });
  passthrough = await startPassthrough(sandbox.url);
  prism = await startPrism({ kind: "proxy", upstream: passthrough.url, errors: true });
}, 60_000);

afterAll(async () => {
  await prism?.close();
  await passthrough?.close();
  await sandbox?.close();
});

defineProxyChecks(
  () => ({ prism, tenant: sandbox.tenant, token: sandbox.token, directUrl: sandbox.url, maxPages: 100 }),
  { known: { indexes: 2, profiles, pageMax, filterFields } },
);

// Runs after the checks above (Jest keeps declaration order), so their log count sees only the expected refusals.

test("control: a response that breaks the spec is caught by the proxy (so the zero above can fail)", async () => {
  const headers = {
    authorization: `Bearer ${sandbox.token}`,
    "api-version": apiVersions[0],
    "amperity-tenant": sandbox.tenant,
    [tamperHeader]: "1",
  };
  const exchange = await send(recorder(), `${prism.url}/indexes/${sandbox.indexes[0]}`, { headers });
  expect(exchange.status).toBe(500);
  expect(proxyFindings(exchange).join("\n")).toContain("must have required property 'name'");
});
