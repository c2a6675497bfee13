// Every request passes the one request budget: API calls, their retries and the OAuth token requests alike. A
// token request that slipped past it would let `--max-rps` send faster, and `--max-requests` send more, than asked.
import { RequestBudgetError, createAmperityClient, createRequestBudget } from "../src/index.js";
import { runCli } from "./cli-harness.js";
import { caught, json, page, withHooks } from "./client-harness.js";
import { sendJson, startHostileServer, type HostileServer } from "./support/hostile-server.js";

/** A token endpoint and an API in one fetch, recording what was sent in order. */
function fakeAmperity() {
  const sent: string[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    sent.push(request.method === "POST" ? "token" : new URL(request.url).pathname);
    if (request.method === "POST") return json(200, { access_token: `issued-tok-${sent.length}`, token_type: "Bearer", expires_in: 3600 });
    return json(200, page(["cl-1"]));
  };
  return { fetch, sent };
}

function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return { now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)), slept };
}

const credentials = { tenant: "acme", clientId: "client-1", clientSecret: "budget-secret-77aa", ...withHooks({ random: () => 0 }) };

describe("the request budget counts token requests", () => {
  it("maxRequestsPerSecond spaces the token request like any other: the first API call waits for its slot", async () => {
    const fake = fakeAmperity();
    const clock = fakeClock();
    const amperity = createAmperityClient({ ...credentials, fetch: fake.fetch, maxRequestsPerSecond: 10, ...withHooks({ random: () => 0, now: clock.now, sleep: clock.sleep }) });
    await amperity.indexes.list();
    await amperity.indexes.list();
    expect(fake.sent).toEqual(["token", "/api/indexes", "/api/indexes"]);
    expect(clock.slept).toEqual([100, 100]);
  });

  it("a shared budget's count includes the token request: two requests are the token and one call", async () => {
    const fake = fakeAmperity();
    const budget = createRequestBudget({ maxRequests: 2 });
    const amperity = createAmperityClient({ ...credentials, fetch: fake.fetch, budget });
    await amperity.indexes.list();
    const error = await caught(amperity.indexes.list());
    expect(error).toBeInstanceOf(RequestBudgetError);
    expect(error).toMatchObject({ maxRequests: 2 });
    expect(fake.sent).toEqual(["token", "/api/indexes"]);
    expect(budget.sent).toBe(2);
  });

  it("a budget and maxRequestsPerSecond together are refused: the budget has its own rate", () => {
    const budget = createRequestBudget({ maxRequestsPerSecond: 1 });
    expect(() => createAmperityClient({ ...credentials, budget, maxRequestsPerSecond: 2 })).toThrow(/either maxRequestsPerSecond or budget/);
  });
});

describe("the CLI's --max-rps counts token requests", () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer();
    server.handle((req, res) => {
      if (req.method === "POST") return sendJson(res, 200, { access_token: "issued-tok-cli-1", token_type: "Bearer", expires_in: 3600 });
      if (req.url?.includes("/profiles/")) return sendJson(res, 200, { id: "cl-1", index_id: "idx-1", attributes: {} });
      sendJson(res, 200, { data: [{ id: "cl-1", index_id: "idx-1", attributes: {} }] });
    });
  });
  afterAll(() => server.stop());
  beforeEach(() => (server.requests.length = 0));

  const env = { AMPERITY_TENANT: "acme", AMPERITY_CLIENT_ID: "client-1", AMPERITY_CLIENT_SECRET: "cli-budget-secret" };

  it.each([
    ["export idx-1", "/api/indexes/idx-1/profiles?limit=1000"],
    ["get idx-1 cl-1", "/api/indexes/idx-1/profiles/cl-1"],
  ])("%s --max-rps 2 with client credentials: the API request waits half a second after the token request", async (command, url) => {
    const clock = fakeClock();
    const result = await runCli([...command.split(" "), "--max-rps", "2"], { env: { ...env, AMPERITY_BASE_URL: server.baseUrl }, client: { now: clock.now, sleep: clock.sleep } });
    expect(result.code).toBe(0);
    expect(server.requests.map((r) => r.url)).toEqual(["/api/v0/oauth2/token", url]);
    expect(clock.slept).toEqual([500]);
  });
});
