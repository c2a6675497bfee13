// What the sandbox answers to the request itself rather than its data: the token, tenant and version headers, unknown
// paths and other methods, through plain fetch with every body checked against the spec (test/support/sandbox-http.ts).
import { errorBody } from "../generated/validators.js";
import type { Sandbox } from "../src/sandbox/index.js";
import { call, startSuiteSandboxes } from "./support/sandbox-http.js";

let sb: Sandbox, index: string, close: () => Promise<unknown>;
beforeAll(async () => ({ sb, index, close } = await startSuiteSandboxes()));
afterAll(() => close?.());

describe("authentication, tenant and version headers", () => {
  test.each([
    ["no Authorization", { authorization: undefined }],
    ["a wrong token", { authorization: "Bearer not-the-token" }],
    ["another scheme", { authorization: "Basic abc" }],
  ])("%s is a 401 with a Bearer challenge", async (_, headers) => {
    const { status, headers: reply } = await call(sb, "/indexes", headers);
    expect(status).toBe(401);
    expect(reply.get("www-authenticate")).toMatch(/^Bearer/);
  });

  test("the token is checked before anything else is revealed", async () => {
    expect((await call(sb, "/indexes/idx-nope", { authorization: undefined })).status).toBe(401);
  });

  test("DOC-14: another tenant is a 403 naming it", async () => {
    const { status, body } = await call(sb, "/indexes", { "amperity-tenant": "acme" });
    expect(status).toBe(403);
    expect(body["message"]).toContain('"acme"');
  });

  // A missing one fails the security requirement instead: 401 (test/sandbox-security-headers.test.ts).
  test.each([
    ["a malformed amperity-tenant", { "amperity-tenant": "-bad-" }, "amperity-tenant"],
    ["DOC-23: an unsupported api-version", { "api-version": "2024-04-01" }, "2025-07-31"],
  ])("%s is a 400 naming the header", async (_, headers, named) => {
    const { status, body } = await call(sb, `/indexes/${index}/profiles`, headers);
    expect(status).toBe(400);
    expect(body["message"]).toContain(named);
  });

  test("DOC-18: the deprecated api_version query parameter is checked like the header", async () => {
    expect((await call(sb, `/indexes/${index}/profiles?api_version=2025-07-31`)).status).toBe(200);
    const { status, body } = await call(sb, `/indexes/${index}/profiles?api_version=unstable`);
    expect(status).toBe(400);
    expect(body["message"]).toContain("api_version");
  });
});

describe("paths and methods", () => {
  test.each(["/profiles", "/indexes/x/y", "/indexes/x/profiles/y/z", "/indexes/", "/indexes//profiles"])("%s → 404", async (path) => {
    const { status, body } = await call(sb, path);
    expect(status).toBe(404);
    expect(body["message"]).toContain("No such path");
  });

  test("paths outside /api are unknown", async () => {
    const res = await fetch(sb.url.replace(/\/api$/, "/indexes"));
    expect(res.status).toBe(404);
    expect(errorBody(await res.json())).toBe(true);
  });

  test.each(["POST", "PUT", "DELETE", "PATCH"])("%s → 405 with Allow: GET", async (method) => {
    const { status, headers } = await call(sb, "/indexes", {}, method);
    expect(status).toBe(405);
    expect(headers.get("allow")).toBe("GET");
  });
});
