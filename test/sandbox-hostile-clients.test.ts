/**
 * The sandbox against clients that misbehave: connections that never send (or trickle) a request, query keys the
 * operation does not declare, filter fields named like Object.prototype members. Every server here listens on
 * 127.0.0.1, and the raw sockets connect there only.
 */
import { connect } from "node:net";
import { errorBody } from "../generated/validators.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";

let sb: Sandbox;
let quick: Sandbox;
let index: string;

beforeAll(async () => {
  [sb, quick] = await Promise.all([
    startSandbox({ profiles: 40, seed: "hostile" }),
    startSandbox({ profiles: 5, headersTimeoutMs: 200, requestTimeoutMs: 400, keepAliveTimeoutMs: 200 }),
  ]);
  index = sb.indexes[0]!;
});
afterAll(() => Promise.all([sb?.close(), quick?.close()]));

async function get(path: string): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(sb.url + path, {
    headers: { authorization: `Bearer ${sb.token}`, "amperity-tenant": sb.tenant, "api-version": "2025-07-31" },
  });
  const body = (await res.json()) as Record<string, any>;
  if (res.status !== 200 && !errorBody(body)) throw new Error(`not the spec's Error body: ${JSON.stringify(body)}`);
  return { status: res.status, body };
}

describe("slowloris: connections that hold a socket without completing a request are closed", () => {
  const bound = 5000; // generous: the timeouts under test are 200–400 ms, Node's own defaults 60 s and more

  /** Opens a raw socket to the quick sandbox, runs `act`, and resolves with what the server sent before it closed. */
  function hold(act: (socket: ReturnType<typeof connect>) => void): Promise<{ closed: boolean; received: string }> {
    const { port } = new URL(quick.url);
    const socket = connect(Number(port), "127.0.0.1");
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
    socket.on("error", () => undefined);
    socket.on("connect", () => act(socket));
    return new Promise((resolve) => {
      const timer = setTimeout(() => (socket.destroy(), resolve({ closed: false, received })), bound);
      socket.on("close", () => (clearTimeout(timer), resolve({ closed: true, received })));
    });
  }

  test("a connection that never sends a byte is closed", async () => {
    const { closed } = await hold(() => undefined);
    expect(closed).toBe(true);
  });

  test("headers trickled a byte at a time are cut off with 408", async () => {
    const { closed, received } = await hold((socket) => {
      socket.write("GET /api/indexes HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write("a")), 20);
    });
    expect(closed).toBe(true);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  test("a kept-alive connection left idle after its response is closed", async () => {
    const { closed, received } = await hold((socket) => {
      socket.write(`GET /api/indexes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nAuthorization: Bearer ${quick.token}\r\n` +
        `amperity-tenant: ${quick.tenant}\r\napi-version: 2025-07-31\r\n\r\n`);
    });
    expect(closed).toBe(true);
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
  });

  test("a response delayed longer than the timeouts still arrives whole (they bound the request, not the answer)", async () => {
    const slow = await startSandbox({ profiles: 2, latencyMs: 600, headersTimeoutMs: 100, keepAliveTimeoutMs: 100 });
    try {
      const res = await fetch(`${slow.url}/indexes`, {
        headers: { authorization: `Bearer ${slow.token}`, "amperity-tenant": slow.tenant, "api-version": "2025-07-31" },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  test("the timeouts are refused when they cannot work: zero, fractional, or a request timeout below the headers one", async () => {
    await expect(startSandbox({ headersTimeoutMs: 0 })).rejects.toThrow(/headersTimeoutMs/);
    await expect(startSandbox({ keepAliveTimeoutMs: 1.5 })).rejects.toThrow(/keepAliveTimeoutMs/);
    await expect(startSandbox({ headersTimeoutMs: 2000, requestTimeoutMs: 1000 })).rejects.toThrow(/requestTimeoutMs.*headersTimeoutMs/);
  });
});

describe("query keys the operation does not declare get 400 naming the key, not a silently unfiltered 200", () => {
  test.each([
    ["filter[given_name=x", "filter[given_name"],
    ["filter]x[=1", "filter]x["],
    ["filter[a][b]=1", "filter[a][b]"],
  ])("a malformed filter key: %s", async (query, key) => {
    const { status, body } = await get(`/indexes/${index}/profiles?${query}`);
    expect(status).toBe(400);
    expect(body["message"]).toBe(`Invalid query parameter ${JSON.stringify(key)}: send it as filter[<field>]=<value>`);
  });

  test.each([
    ["LIMIT=5", "LIMIT", " (did you mean limit?)"],
    ["next-token=x", "next-token", " (did you mean next_token?)"],
    ["limit=2&unknown=1", "unknown", ""],
    ["=x", "", ""],
  ])("an unknown parameter of listProfiles: %s", async (query, key, hint) => {
    const { status, body } = await get(`/indexes/${index}/profiles?${query}`);
    expect(status).toBe(400);
    expect(body["message"]).toBe(
      `Unknown query parameter ${JSON.stringify(key)}: this operation takes limit, next_token, with_total, filter[<field>], ` +
        `api_version${hint}`,
    );
  });

  test("what is unknown depends on the operation the spec describes", async () => {
    const indexes = await get("/indexes?filter[city]=x");
    expect(indexes.status).toBe(400);
    expect(indexes.body["message"]).toMatch(/^Unknown query parameter "filter\[city\]": this operation takes limit, next_token, with_total, api_version$/);
    const one = await get(`/indexes/${index}?limit=1`);
    expect(one.status).toBe(400);
    // getIndex takes only the deprecated api_version (DOC-38).
    expect(one.body["message"]).toBe('Unknown query parameter "limit": this operation takes api_version');
  });

  test("every declared parameter is still accepted", async () => {
    expect((await get(`/indexes/${index}/profiles?limit=2&with_total=true&api_version=2025-07-31&filter[city]=x`)).status).toBe(200);
    expect((await get("/indexes?limit=1&with_total=false")).status).toBe(200);
  });
});

describe("prototype pollution: filter fields named like Object.prototype members are ordinary unknown fields", () => {
  test.each(["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"])("filter[%s]", async (field) => {
    const { status, body } = await get(`/indexes/${index}/profiles?filter[${field}]=x`);
    expect(status).toBe(400);
    expect(body["message"]).toMatch(new RegExp(`^Invalid query parameter filter\\[${field}\\]: ${field} is not a filter field`));
    expect(body["message"]).not.toContain("repeated");
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });

  test("a repeated prototype-named field is still a repetition", async () => {
    const { status, body } = await get(`/indexes/${index}/profiles?filter[__proto__]=a&filter[__proto__]=b`);
    expect(status).toBe(400);
    expect(body["message"]).toBe("Invalid query parameter filter[__proto__]: it must not be repeated");
  });
});
