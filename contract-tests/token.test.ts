// The token endpoint (createAccessToken) under the contract suite: every declared status and example as Prism's
// mock serves them, requests Prism refuses, the strict client's client-credentials flow through the mock, and the
// sandbox's token endpoint behind Prism's validating proxy with zero findings.
import { createAmperityClient } from "../src/index.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { tenant } from "./support/client.js";
import { startPassthrough, type Passthrough } from "./support/passthrough.js";
import { startPrism, type PrismServer } from "./support/prism.js";
import { proxyFindings } from "./support/proxy-findings.js";
import { recorder, send, violationsOf, type Exchange } from "./support/recorder.js";
import { declaredStatuses, examples } from "./support/spec.js";

const path = "/v0/oauth2/token";
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const goodForm = form({ grant_type: "client_credentials", client_id: "client-1", client_secret: "contract-secret-1" });
const formHeaders = (tenantId = tenant) => ({ "content-type": "application/x-www-form-urlencoded", "x-amperity-tenant": tenantId });
const post = (url: string, body: string, headers: Record<string, string | undefined> = formHeaders()) =>
  send(recorder(), url, { method: "POST", headers, body });


/** The strict client with the test credentials, through `fetch` (a recorder), with no retries. */
function credentialsClient(baseUrl: string, fetch: (request: Request) => Promise<Response>) {
  return createAmperityClient({ tenant, clientId: "client-1", clientSecret: "contract-secret-1", baseUrl, validateResponses: true, retry: false, fetch });
}
describe("Prism mock", () => {
  let prism: PrismServer;
  beforeAll(async () => {
    prism = await startPrism({ kind: "mock" });
  }, 60_000);
  afterAll(async () => {
    await prism?.close();
  });

  test("response conformance: every declared status and 200 example of createAccessToken, with zero violations", async () => {
    const prefers = [
      ...Object.keys(examples("createAccessToken", 200)).map((name) => `code=200, example=${name}`),
      ...declaredStatuses("createAccessToken").filter((s) => s >= 400).map((s) => `code=${s}`),
    ];
    expect(prefers).toHaveLength(6);
    for (const prefer of prefers) {
      const exchange = await post(prism.url + path, goodForm, { ...formHeaders(), prefer });
      expect(`${prefer} → ${exchange.status}`).toBe(`${prefer} → ${/code=(\d+)/.exec(prefer)![1]}`);
      expect(violationsOf(exchange)).toEqual([]);
      const name = /example=(\w+)/.exec(prefer)?.[1];
      if (name) expect(JSON.parse(exchange.body)).toEqual(examples("createAccessToken", 200)[name]);
    }
  });

  test.each([
    ["DOC-27: without X-Amperity-Tenant", goodForm, { "content-type": "application/x-www-form-urlencoded" }, /X-Amperity-Tenant/i],
    ["a grant type other than client_credentials", form({ grant_type: "password", client_id: "c", client_secret: "s" }), formHeaders(), /grant_type/],
    ["without client_secret", form({ grant_type: "client_credentials", client_id: "c" }), formHeaders(), /client_secret/],
  ])("negative_data_rejection: %s is refused", async (_name, body, headers, named) => {
    const exchange = await post(prism.url + path, body, headers);
    expect(exchange.status).toBeGreaterThanOrEqual(400);
    expect(exchange.status).toBeLessThan(500);
    expect(exchange.headers.get("sl-violations") ?? exchange.body).toMatch(named);
  });

  test("DOC-28: the strict client gets its token from the mock's token endpoint and uses it", async () => {
    const rec = recorder();
    const client = credentialsClient(prism.url, rec.fetch);
    await client.indexes.list();
    await client.indexes.list();
    expect(rec.exchanges.map((e) => `${e.method} ${e.url.pathname} ${e.status}`)).toEqual([
      `POST ${path} 200`,
      "GET /indexes 200",
      "GET /indexes 200",
    ]);
    const token = (examples("createAccessToken", 200)["AccessToken"] as { access_token: string }).access_token;
    expect(rec.exchanges[1]!.requestHeaders.get("authorization")).toBe(`Bearer ${token}`);
    expect(rec.violations()).toEqual([]);
  });
});

describe("the sandbox's token endpoint behind Prism's validating proxy", () => {
  let sandbox: Sandbox;
  let passthrough: Passthrough;
  let prism: PrismServer;
  beforeAll(async () => {
    sandbox = await startSandbox({ profiles: 57, seed: "contract", tenant, clientId: "client-1", clientSecret: "contract-secret-1", tokenTtl: 1 });
    passthrough = await startPassthrough(sandbox.url);
    prism = await startPrism({ kind: "proxy", upstream: passthrough.url, errors: true });
  }, 60_000);
  afterAll(async () => {
    await prism?.close();
    await passthrough?.close();
    await sandbox?.close();
  });

  const clean = (exchange: Exchange) => {
    expect(proxyFindings(exchange)).toEqual([]);
    expect(violationsOf(exchange)).toEqual([]);
  };

  test("a token request gets a 200 that conforms, and the token it issues works", async () => {
    const exchange = await post(prism.url + path, goodForm);
    expect(exchange.status).toBe(200);
    clean(exchange);
    const body = JSON.parse(exchange.body) as { access_token: string; expires_in: number; token_type: string };
    expect(body).toMatchObject({ expires_in: 1, token_type: "Bearer" });
    const headers = { authorization: `Bearer ${body.access_token}`, "amperity-tenant": tenant, "api-version": "2025-07-31" };
    const list = await send(recorder(), `${prism.url}/indexes`, { headers });
    expect(list.status).toBe(200);
    clean(list);
  });

  test("refused credentials get a 401 with the documented error body", async () => {
    const exchange = await post(prism.url + path, form({ grant_type: "client_credentials", client_id: "client-1", client_secret: "wrong" }));
    expect(exchange.status).toBe(401);
    clean(exchange);
    expect(JSON.parse(exchange.body)).toMatchObject({ status: 401, message: "The client credentials are invalid." });
  });

  test("DOC-29: an expired token gets a 401 that conforms", async () => {
    const issued = JSON.parse((await post(prism.url + path, goodForm)).body) as { access_token: string };
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const headers = { authorization: `Bearer ${issued.access_token}`, "amperity-tenant": tenant, "api-version": "2025-07-31" };
    const exchange = await send(recorder(), `${prism.url}/indexes`, { headers });
    expect(exchange.status).toBe(401);
    clean(exchange);
  });

  test("the strict client exports every profile with client credentials, every exchange conforming", async () => {
    const rec = recorder();
    const client = credentialsClient(prism.url, rec.fetch);
    const ids: string[] = [];
    for await (const profile of client.profiles.items(sandbox.indexes[0]!, { limit: 10 })) ids.push(profile.id);
    expect(new Set(ids).size).toBe(57);
    expect(rec.exchanges[0]).toMatchObject({ method: "POST", status: 200 });
    for (const exchange of rec.exchanges) clean(exchange);
  });

  test("the sandbox refuses a malformed token request with a 400 that conforms, naming the field", async () => {
    // Sent to the sandbox directly: Prism's proxy would refuse it before the sandbox sees it.
    const bad = form({ grant_type: "password", client_id: "client-1", client_secret: "contract-secret-1" });
    const exchange = await post(sandbox.url + path, bad);
    expect(exchange.status).toBe(400);
    expect(violationsOf(exchange, "/api")).toEqual([]);
    expect(JSON.parse(exchange.body).message).toBe("Invalid form field grant_type: must be one of client_credentials");
    const json = await post(sandbox.url + path, JSON.stringify({ grant_type: "client_credentials" }), { ...formHeaders(), "content-type": "application/json" });
    expect(json.status).toBe(400);
    const noTenant = await post(sandbox.url + path, goodForm, { "content-type": "application/x-www-form-urlencoded" });
    expect(JSON.parse(noTenant.body).message).toBe("Missing required header X-Amperity-Tenant");
  });
});
