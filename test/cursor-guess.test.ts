// Read-ahead's guessed cursor: with prefetch, the next page's request may leave as soon as a page's bytes end with
// `"next_token":"…"}`, before the page is checked. The checked page decides: a right guess is used (never sent
// twice), a wrong one is cancelled, and the bound on pages held ahead is the same as without guessing.
import { createAmperityClient } from "../src/index.js";
import { startSandbox } from "../src/sandbox/index.js";
import { tailToken } from "../src/client/tail-token.js";
import { caught, clientWith, page } from "./client-harness.js";

const bytes = (text: string) => new TextEncoder().encode(text);

/**
 * Replies (JSON text: the n-th request gets bodies[n], or bodies(request, n)) released by the test one request at a
 * time; records each request and whether it was cancelled.
 */
function gated(bodies: string[] | ((request: Request, n: number) => string)) {
  const requests: Request[] = [];
  const releases: Array<() => void> = [];
  const fetch = (request: Request): Promise<Response> => {
    const n = requests.push(request) - 1;
    return new Promise<Response>((resolve, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
      const body = typeof bodies === "function" ? bodies(request, n) : bodies[Math.min(n, bodies.length - 1)];
      releases[n] = () => resolve(new Response(body, { status: 200, headers: { "content-type": "application/json" } }));
    });
  };
  const release = async (n: number) => {
    while (!releases[n]) await new Promise((resolve) => setImmediate(resolve));
    releases[n]!();
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
  const tokens = () => requests.map((r) => new URL(r.url).searchParams.get("next_token"));
  return { fetch, requests, release, settle, tokens, sleep: async () => undefined, sleeps: [] as number[], urls: () => requests.map((r) => r.url) };
}

const text = (ids: string[], next?: string | null) => JSON.stringify(page(ids, next));
const originalParse = JSON.parse;

describe("tailToken: the cursor a list body ends with", () => {
  it("reads the last member's token, with or without whitespace", () => {
    expect(tailToken(bytes('{"data":[],"next_token":"T1"}'))).toBe("T1");
    expect(tailToken(bytes('{ "data": [],\n  "next_token" : "a-b_c.~=" }\n'))).toBe("a-b_c.~=");
    expect(tailToken(bytes('{"next_token":"T1"}'))).toBe("T1");
  });

  it("guesses nothing when the body ends any other way", () => {
    for (const body of [
      '{"data":[],"next_token":null}',
      '{"data":[],"next_token":""}',
      '{"next_token":"T1","data":[]}',
      '{"data":[],"next_token":"T\\u0031"}',
      '{"data":[],"next_token":"T\\"1"}',
      '{"data":[],"next_token":"Tü"}',
      '{"data":[],"x_next_token":"T1"}',
      '{"data":[],"b":"next_token","c":"T1"}',
      '{"data":[],"b":["next_token","T1"]}',
      '"next_token":"T1"}',
      "",
      "}",
      '"}',
    ]) expect([body, tailToken(bytes(body))]).toEqual([body, undefined]);
  });

  it("guesses nothing for a token longer than the envelope accepts", () => {
    expect(tailToken(bytes(`{"next_token":"${"t".repeat(4096)}"}`))).toBe("t".repeat(4096));
    expect(tailToken(bytes(`{"next_token":"${"t".repeat(4097)}"}`))).toBeUndefined();
  });
});

describe("read-ahead's guessed cursor", () => {
  it("requests the next page before this one is checked, and uses that request: each page is fetched once", async () => {
    const g = gated([text(["a"], "T1"), text(["b"], "T2"), text(["c"], "T3"), text(["d"])]);
    const ids: string[] = [];
    const walk = (async () => {
      for await (const p of clientWith(g).profiles.rawPages("idx-1", {}, { prefetch: 1 })) ids.push(String(p.count));
    })();
    for (let n = 0; n < 4; n++) await g.release(n);
    await walk;
    expect(ids).toHaveLength(4);
    expect(g.tokens()).toEqual([null, "T1", "T2", "T3"]);
    expect(g.requests.some((r) => r.signal.aborted)).toBe(false);
  });

  it("the guessed request leaves before the page it came from is parsed", async () => {
    const body0 = text(["a"], "T1");
    const events: string[] = [];
    const g = gated([body0, text(["b"])]);
    const fetch = (request: Request) => {
      events.push(`fetch ${new URL(request.url).searchParams.get("next_token")}`);
      return g.fetch(request);
    };
    const parse = jest.spyOn(JSON, "parse").mockImplementation((...args: Parameters<typeof JSON.parse>) => {
      if (args[0] === body0) events.push("parse page 0");
      return originalParse(...args);
    });
    try {
      const walk = (async () => {
        for await (const _ of clientWith({ ...g, fetch }).profiles.pages("idx-1", {}, { prefetch: 1 }));
      })();
      await g.release(0);
      await g.release(1);
      await walk;
    } finally {
      parse.mockRestore();
    }
    expect(events).toEqual(["fetch null", "fetch T1", "parse page 0"]);
  });

  it("a wrong guess is cancelled: a garbled body ending in a cursor, then the retried page's own cursor", async () => {
    // The first answer is not JSON but ends like a page; the transport retries it, and the real page says T1.
    let firstPageAnswers = 0;
    const byToken: Record<string, string> = { T1: text(["b"], "T2"), T2: text(["c"]), FAKE: text(["x"]) };
    const g = gated((request) => {
      const token = new URL(request.url).searchParams.get("next_token");
      if (token === null) return firstPageAnswers++ === 0 ? '{"data":[1,,],"next_token":"FAKE"}' : text(["a"], "T1");
      return byToken[token]!;
    });
    const ids: string[] = [];
    const walk = (async () => {
      for await (const p of clientWith(g).profiles.pages("idx-1", {}, { prefetch: 1 })) ids.push(p.data[0]!.id);
    })();
    await g.release(0);
    // The guess went out before the garbled page failed its check, so before its retry.
    while (g.requests.length < 3) await g.settle();
    expect(g.tokens()).toEqual([null, "FAKE", null]);
    for (let n = 2; n < 5; n++) await g.release(n);
    await walk;
    expect(ids).toEqual(["a", "b", "c"]);
    expect(g.requests[1]!.signal.aborted).toBe(true);
    expect(g.tokens()).toEqual([null, "FAKE", null, "T1", "T2"]);
  });

  it("a page that fails for good cancels the guess made from its bytes, and its error surfaces", async () => {
    const g = gated(['{"data":[1,,],"next_token":"FAKE"}']);
    const error = caught((async () => {
      for await (const _ of clientWith(g, { retry: false }).profiles.rawPages("idx-1", {}, { prefetch: 1 }));
    })());
    await g.release(0);
    expect(await error).toMatchObject({ name: "NetworkError" });
    expect(g.tokens()).toEqual([null, "FAKE"]);
    expect(g.requests[1]!.signal.aborted).toBe(true);
  });

  it("break while a guessed request is in flight cancels it", async () => {
    const g = gated([text(["a"], "T1"), text(["b"], "T2"), text(["c"])]);
    const iterator = clientWith(g).profiles.pages("idx-1", {}, { prefetch: 1 });
    const first = iterator.next();
    await g.release(0);
    await first;
    const second = iterator.next();
    await g.release(1);
    await second;
    // Page 3 was asked for by the guess (or by the hand-over of page 2); the caller stops here.
    await g.settle();
    expect(g.tokens()).toEqual([null, "T1", "T2"]);
    await iterator.return();
    expect(g.requests[2]!.signal.aborted).toBe(true);
  });

  it("guesses nothing while the caller holds a page and has not asked for the next (the read-ahead bound holds)", async () => {
    const g = gated([text(["a"], "T1"), text(["b"], "T2"), text(["c"])]);
    const iterator = clientWith(g).profiles.pages("idx-1", {}, { prefetch: 1 });
    const first = iterator.next();
    await g.release(0);
    await first;
    // Page 1 was requested when page 0 was handed over; it arrives while the caller still holds page 0.
    await g.release(1);
    await g.settle();
    expect(g.tokens()).toEqual([null, "T1"]);
    await iterator.return();
  });

  it("guesses nothing for a cursor already seen: a looping server gets no extra request", async () => {
    const g = gated([text(["a"], "T1"), text(["b"], "T1")]);
    const error = caught((async () => {
      for await (const _ of clientWith(g).profiles.pages("idx-1", {}, { prefetch: 1 }));
    })());
    await g.release(0);
    await g.release(1);
    expect(await error).toMatchObject({ name: "PaginationLoopError" });
    expect(g.tokens()).toEqual([null, "T1"]);
  });

  it("guesses nothing past maxPages, nor with maxItems (whose last page is known only once counted)", async () => {
    for (const limits of [{ maxPages: 2 }, { maxItems: 2 }]) {
      const g = gated([text(["a"], "T1"), text(["b"], "T2"), text(["c"])]);
      const ids: string[] = [];
      const walk = (async () => {
        for await (const p of clientWith(g).profiles.pages("idx-1", {}, { prefetch: 1, ...limits })) ids.push(p.data[0]!.id);
      })();
      await g.release(0);
      await g.release(1);
      await walk;
      await g.settle();
      expect([limits, ids, g.tokens()]).toEqual([limits, ["a", "b"], [null, "T1"]]);
    }
  });
});

describe("against a sandbox with latency", () => {
  it("the walk with guesses sends one request per page, cancels none, and gives the pages a walk without read-ahead gives", async () => {
    // The guess reads a cursor that ends the body: the data-first order, not the documented cursor-first one.
    const sandbox = await startSandbox({ profiles: 2300, latencyMs: 5, seed: "cursor-guess", keyOrder: "data-first" });
    try {
      const sent: Array<{ url: string; signal: AbortSignal | null | undefined }> = [];
      const counting = ((input: Request | string, init?: RequestInit) => {
        sent.push({ url: typeof input === "string" ? input : input.url, signal: typeof input === "string" ? init?.signal : input.signal });
        return globalThis.fetch(input, init);
      }) as typeof fetch;
      const connect = (fetch?: typeof globalThis.fetch) => createAmperityClient({ tenant: sandbox.tenant, token: sandbox.token, baseUrl: sandbox.url, ...(fetch && { fetch }) });
      const plain: string[] = [];
      for await (const p of connect().profiles.rawPages(sandbox.indexes[0]!, { limit: 500 })) plain.push(Buffer.from(p.body).toString("utf8"));
      const guessed: string[] = [];
      for await (const p of connect(counting).profiles.rawPages(sandbox.indexes[0]!, { limit: 500 }, { prefetch: 1 })) guessed.push(Buffer.from(p.body).toString("utf8"));
      expect(guessed).toEqual(plain);
      expect(sent).toHaveLength(5);
      expect(sent.filter((s) => s.signal?.aborted)).toHaveLength(0);
    } finally {
      await sandbox.close();
    }
  });
});
