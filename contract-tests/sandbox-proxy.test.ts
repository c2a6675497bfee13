// The sandbox behind Prism's validating proxy: `prism proxy generated/openapi.json <sandbox>/api --errors`.
// Prism matches the spec's paths without the servers' `/api` prefix and appends the request path to the upstream
// URL, so the upstream is the sandbox's `url` (…/api) and the client's baseUrl is Prism's bare origin.
import { builtinShapeNames, filterFields, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { resolveShapes } from "../src/sandbox/shapes.js";
import { strictClient } from "./support/client.js";
import { proxyFindings } from "./support/proxy-findings.js";
import { defineProxyChecks } from "./support/proxy-checks.js";
import { startPassthrough, tamperHeader, type Passthrough } from "./support/passthrough.js";
import { startPrism, type PrismServer } from "./support/prism.js";
import { recorder, send, violationsOf } from "./support/recorder.js";
import { apiVersions } from "../generated/constraints.js";

const profiles = 57; // not a multiple of the page size, so the last page is a short one
const pageMax = 1000;
// One index per built-in attribute shape; the checks below read the first (customers), the last test all of them.
const indexes = builtinShapeNames.length;

let sandbox: Sandbox;
let passthrough: Passthrough;
let prism: PrismServer;

beforeAll(async () => {
  sandbox = await startSandbox({ profiles, indexes, seed: "contract", pageMax });
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
  { known: { indexes, profiles, pageMax, filterFields } },
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

test("every attribute shape crosses the proxy: each index's pages, a profile and a filter per filter field, without a violation", async () => {
  const { client, rec } = strictClient(prism.url, { tenant: sandbox.tenant, token: sandbox.token });
  const shapes = resolveShapes();
  for (const [i, id] of sandbox.indexes.entries()) {
    const served = [];
    for await (const page of client.profiles.pages(id, { limit: 20, with_total: true })) served.push(...page.data);
    expect(served).toHaveLength(profiles);
    expect(await client.profiles.get(id, served[7]!.id)).toEqual(served[7]);
    for (const field of shapes[i]!.filterFields) {
      const value = served.map((p) => p.attributes?.[field]).find((v) => typeof v === "string" && v !== "") as string;
      const matches = await client.profiles.list(id, { filter: { [field]: value }, limit: 100 });
      expect(matches.data.length).toBeGreaterThan(0);
      expect(matches.data.every((p) => p.attributes?.[field] === value)).toBe(true);
    }
  }
  expect(rec.exchanges.flatMap(proxyFindings)).toEqual([]);
  expect(rec.exchanges.flatMap((e) => violationsOf(e))).toEqual([]);
}, 60_000);
