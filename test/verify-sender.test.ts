/** verify's raw request path: its rate is kept with an injected clock, and a credential never reaches a record. */
import { RequestBudgetError, createRequestBudget } from "../src/index.js";
import { createSender } from "../src/verify/raw-request.js";

function fakeClock() {
  let t = 0;
  const slept: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (slept.push(ms), (t += ms)), slept };
}

const ok = async () => new Response('{"data":[]}', { status: 200, headers: { "content-type": "application/json" } });

describe("verify's sender", () => {
  it("spaces requests 1/--max-rps apart (a gentle default for production tenants)", async () => {
    const clock = fakeClock();
    const sender = createSender({ baseUrl: "http://127.0.0.1:1/api", tenant: "acme", apiVersion: "2025-07-31", token: async () => "secret-token",
      budget: createRequestBudget({ maxRequests: 10, maxRequestsPerSecond: 2, ...clock }), fetch: ok });
    for (let i = 0; i < 5; i++) await sender.send({ path: "/indexes" });
    expect(clock.slept).toEqual([500, 500, 500, 500]);
    expect(sender.sent).toBe(5);
    expect(sender.remaining).toBe(5);
  });

  it("redacts the token from what it records, also when verify sends a malformed one on purpose", async () => {
    const seen: string[] = [];
    const fetchSpy = async (_: unknown, init?: RequestInit) => (seen.push(String((init?.headers as Record<string, string>)["authorization"])), ok());
    const sender = createSender({ baseUrl: "http://127.0.0.1:1/api", tenant: "acme", apiVersion: "2025-07-31", token: async () => "secret-token",
      budget: createRequestBudget({ maxRequests: 10 }), fetch: fetchSpy as typeof fetch });
    const plain = await sender.send({ path: "/indexes" });
    const broken = await sender.send({ path: "/indexes", headers: { authorization: "Bearer secret-token extra" } });
    expect(seen).toEqual(["Bearer secret-token", "Bearer secret-token extra"]);
    expect(JSON.stringify([plain, broken])).not.toContain("secret-token");
    expect(plain.requestHeaders["authorization"]).toBe("Bearer <redacted>");
  });

  it("refuses to send past the budget", async () => {
    const sender = createSender({ baseUrl: "http://127.0.0.1:1/api", tenant: "acme", apiVersion: "2025-07-31", token: async () => "t",
      budget: createRequestBudget({ maxRequests: 1 }), fetch: ok });
    await sender.send({ path: "/indexes" });
    await expect(sender.send({ path: "/indexes" })).rejects.toThrow(RequestBudgetError);
  });
});
