// The sandbox's token endpoint: what it serves, what it refuses, and how its tokens sit beside the static one.
import { describeSandbox, startSandbox, type Sandbox } from "../src/sandbox/index.js";

const SECRET = "sandbox-secret-1";
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 3, clientId: "client-1", clientSecret: SECRET, tokenTtl: 1 });
});
afterAll(async () => {
  await sandbox.close();
});

const tokenUrl = () => `${sandbox.url}/v0/oauth2/token`;
const body = (secret = SECRET) => new URLSearchParams({ grant_type: "client_credentials", client_id: "client-1", client_secret: secret }).toString();
const headers = { "content-type": "application/x-www-form-urlencoded", "x-amperity-tenant": "sandbox" };
const api = (token: string) => fetch(`${sandbox.url}/indexes`, { headers: { authorization: `Bearer ${token}`, "amperity-tenant": "sandbox", "api-version": "2025-07-31" } });

it("issues a bearer token that works until its TTL, while the static token keeps working", async () => {
  const response = await fetch(tokenUrl(), { method: "POST", headers, body: body() });
  expect(response.status).toBe(200);
  const issued = (await response.json()) as { access_token: string; expires_in: number; token_type: string };
  expect(issued).toMatchObject({ expires_in: 1, token_type: "Bearer" });
  expect((await api(issued.access_token)).status).toBe(200);
  expect((await api(sandbox.token)).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 1050));
  const expired = await api(issued.access_token);
  expect(expired.status).toBe(401);
  expect(await expired.json()).toMatchObject({ status: 401, message: "The bearer token is invalid or has expired." });
  expect((await api(sandbox.token)).status).toBe(200);
});

it("revokeTokens() invalidates every issued token at once; tokenRequests() counts the requests", async () => {
  const before = sandbox.tokenRequests();
  const issued = (await (await fetch(tokenUrl(), { method: "POST", headers, body: body() })).json()) as { access_token: string };
  sandbox.revokeTokens();
  expect((await api(issued.access_token)).status).toBe(401);
  expect(sandbox.tokenRequests()).toBe(before + 1);
});

it("refuses a wrong secret, another tenant, a GET and an oversized body, never echoing the secret", async () => {
  const wrong = await fetch(tokenUrl(), { method: "POST", headers, body: body("not-it") });
  expect(wrong.status).toBe(401);
  expect(await wrong.text()).not.toContain("not-it");
  const otherTenant = await fetch(tokenUrl(), { method: "POST", headers: { ...headers, "x-amperity-tenant": "acme" }, body: body() });
  expect(otherTenant.status).toBe(401);
  const get = await fetch(tokenUrl());
  expect(get.status).toBe(405);
  expect(get.headers.get("allow")).toBe("POST");
  const post = await fetch(`${sandbox.url}/indexes`, { method: "POST" });
  expect([post.status, post.headers.get("allow")]).toEqual([405, "GET"]);
  const huge = await fetch(tokenUrl(), { method: "POST", headers, body: `${body()}&pad=${"x".repeat(9000)}` });
  expect(huge.status).toBe(400);
});

it("describeSandbox adds client_id and client_secret only when they are set; no endpoint without them", async () => {
  expect(JSON.parse(describeSandbox(sandbox))).toMatchObject({ client_id: "client-1", client_secret: SECRET });
  const plain = await startSandbox({ profiles: 1 });
  try {
    expect(Object.keys(JSON.parse(describeSandbox(plain)))).toEqual(["url", "tenant", "token", "indexes"]);
    expect((await fetch(`${plain.url}/v0/oauth2/token`, { method: "POST", headers, body: body() })).status).toBe(404);
  } finally {
    await plain.close();
  }
});

it("refuses half of the credentials and a TTL below one second", async () => {
  await expect(startSandbox({ clientId: "c" })).rejects.toThrow(/clientId and clientSecret must be given together/);
  await expect(startSandbox({ clientId: "c", clientSecret: "s", tokenTtl: 0 })).rejects.toThrow(/tokenTtl must be an integer from 1/);
});
