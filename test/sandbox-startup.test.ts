// The sandbox's start-up (its one-line description, its token, the options it refuses) and its indexes, through
// plain fetch with every body checked against the spec (test/support/sandbox-http.ts).
import { describeSandbox, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { call, startSuiteSandboxes, walk } from "./support/sandbox-http.js";

let sb: Sandbox, other: Sandbox, close: () => Promise<unknown>;
beforeAll(async () => ({ sb, other, close } = await startSuiteSandboxes()));
afterAll(() => close?.());

describe("start-up", () => {
  test("describeSandbox is one JSON line with url, tenant, token and indexes", () => {
    const line = describeSandbox(sb);
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({ url: sb.url, tenant: "sandbox", token: sb.token, indexes: sb.indexes });
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
  });

  test("the generated token is 32 random bytes in base64url, new for every sandbox", () => {
    expect(sb.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other.token).not.toBe(sb.token);
  });

  test("refuses options it cannot honour, naming the option", async () => {
    await expect(startSandbox({ profiles: -1 })).rejects.toThrow(/profiles/);
    await expect(startSandbox({ tenant: "not a tenant" })).rejects.toThrow(/tenant/);
    await expect(startSandbox({ faultRate: 2 })).rejects.toThrow(/faultRate/);
    await expect(startSandbox({ pageMax: 0 })).rejects.toThrow(/pageMax/);
  });
});

describe("indexes", () => {
  test("lists every index, pages them and counts them with with_total", async () => {
    const { ids, pages } = await walk(sb, "/indexes", "with_total=true", 2);
    expect(ids).toEqual(sb.indexes);
    expect(pages).toHaveLength(2);
    for (const page of pages) expect(page["total"]).toBe(3);
    expect(ids.every((id) => /^idx-[0-9a-f]{8}$/.test(id))).toBe(true);
  });

  test("gets one index, the same object as in the list", async () => {
    const listed = (await call(sb, "/indexes")).body["data"][1];
    const { status, body } = await call(sb, `/indexes/${encodeURIComponent(sb.indexes[1]!)}`);
    expect(status).toBe(200);
    expect(body).toEqual(listed);
    expect(Object.keys(body)).toEqual(["id", "name", "description", "created_at", "updated_at"]);
  });
});
