// pages()/items() with `prefetch`: the next page is requested while the caller still holds the current one.
import { ApiError, ConfigError } from "../src/index.js";
import { caught, clientWith, json, page, scripted } from "./client-harness.js";

/** A fetch whose replies the test releases one at a time, recording which requests are open. */
function gated(pages: Array<{ ids: string[]; next?: string; status?: number }>) {
  const requests: Request[] = [];
  const releases: Array<() => void> = [];
  const fetch = (request: Request): Promise<Response> => {
    const n = requests.push(request) - 1;
    const spec = pages[n];
    return new Promise<Response>((resolve, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
      releases[n] = () =>
        resolve(spec === undefined ? json(500, { status: 500, message: "no such page" })
          : spec.status ? json(spec.status, { status: spec.status, message: "broken page" })
          : json(200, page(spec.ids, spec.next)));
    });
  };
  const release = async (n: number) => {
    while (!releases[n]) await new Promise((resolve) => setImmediate(resolve));
    releases[n]!();
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
  return { fetch, requests, release, settle, sleep: async () => undefined, sleeps: [] as number[], urls: () => requests.map((r) => r.url) };
}

const three = [{ ids: ["a"], next: "T1" }, { ids: ["b"], next: "T2" }, { ids: ["c"] }];

describe("read-ahead (prefetch)", () => {
  it("requests page N+1 while the caller still holds page N, and yields pages in order", async () => {
    const g = gated(three);
    const iterator = clientWith(g).profiles.pages("idx-1", {}, { prefetch: 1 });
    const first = iterator.next();
    await g.release(0);
    expect((await first).value!.data[0]!.id).toBe("a");
    await g.settle();
    // The caller has not asked for page 2, yet it is on its way.
    expect(g.requests).toHaveLength(2);
    expect(new URL(g.requests[1]!.url).searchParams.get("next_token")).toBe("T1");
    await g.release(1);
    await g.settle();
    // prefetch 1: page 3 waits until page 2 is handed over.
    expect(g.requests).toHaveLength(2);
    const second = await iterator.next();
    expect(second.value!.data[0]!.id).toBe("b");
    await g.release(2);
    const ids = [];
    for await (const p of { [Symbol.asyncIterator]: () => iterator }) ids.push(p.data[0]!.id);
    expect(ids).toEqual(["c"]);
    expect(g.requests).toHaveLength(3);
  });

  it("items() with prefetch yields the same profiles in the same order as without", async () => {
    const replies = [json(200, page(["a", "b"], "T1")), json(200, page(["c"], "T2")), json(200, page(["d", "e"]))];
    const plain = [], ahead = [];
    for await (const p of clientWith(scripted(...replies)).profiles.items("idx-1")) plain.push(p.id);
    for await (const p of clientWith(scripted(...replies)).profiles.items("idx-1", {}, { prefetch: 3 })) ahead.push(p.id);
    expect(ahead).toEqual(plain);
    expect(ahead).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("memory bound: never more than prefetch pages requested beyond the one the caller holds", async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ids: [`p${i}`], ...(i < 11 && { next: `T${i + 1}` }) }));
    const g = gated(many);
    const iterator = clientWith(g).profiles.pages("idx-1", {}, { prefetch: 2 });
    const first = iterator.next();
    // Serve everything as soon as it is asked for: the source is as fast as can be, the caller holds page 0.
    let served = 0;
    const serve = async () => {
      while (served < g.requests.length) await g.release(served++);
    };
    await g.release(served++);
    await first;
    for (let i = 0; i < 10; i++) {
      await serve();
      await g.settle();
    }
    // Page 0 is held; pages 1 and 2 are fetched and waiting; page 3 is not requested.
    expect(g.requests).toHaveLength(3);
    await iterator.return();
  });

  it("break cancels the request in flight and sends no further one", async () => {
    const g = gated(three);
    void g.release(0);
    for await (const p of clientWith(g).profiles.pages("idx-1", {}, { prefetch: 1 })) {
      expect(p.data[0]!.id).toBe("a");
      await g.settle();
      expect(g.requests).toHaveLength(2);
      break;
    }
    expect(g.requests[1]!.signal.aborted).toBe(true);
    await g.settle();
    expect(g.requests).toHaveLength(2);
  });

  it("the caller's abort cancels the prefetched request and surfaces as the AbortError", async () => {
    const g = gated(three);
    const controller = new AbortController();
    void g.release(0);
    const error = await caught(
      (async () => {
        for await (const _ of clientWith(g).profiles.pages("idx-1", {}, { prefetch: 1, signal: controller.signal })) {
          await g.settle();
          controller.abort();
        }
      })(),
    );
    expect(error).toMatchObject({ name: "AbortError" });
    expect(g.requests).toHaveLength(2);
    expect(g.requests[1]!.signal.aborted).toBe(true);
  });

  it("an error on the prefetched page surfaces after the pages before it, not earlier", async () => {
    const g = gated([{ ids: ["a"], next: "T1" }, { ids: [], status: 404 }]);
    const iterator = clientWith(g, { retry: false }).profiles.pages("idx-1", {}, { prefetch: 1 });
    void g.release(0);
    const first = await iterator.next();
    await g.release(1);
    await g.settle();
    // The failure already happened while the caller held page 0; it still gets page 0 intact first.
    expect(first.value!.data[0]!.id).toBe("a");
    const error = await caught(iterator.next());
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(404);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it("prefetch off (the default) requests nothing ahead", async () => {
    const g = gated(three);
    void g.release(0);
    const iterator = clientWith(g).profiles.pages("idx-1");
    await iterator.next();
    await g.settle();
    expect(g.requests).toHaveLength(1);
    await iterator.return();
  });

  it("refuses a prefetch outside 0..4 before any request", async () => {
    const s = scripted(json(200, page(["a"])));
    for (const prefetch of [-1, 1.5, 5]) {
      const error = await caught(clientWith(s).profiles.pages("idx-1", {}, { prefetch }).next());
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(/prefetch/);
    }
    expect(s.requests).toHaveLength(0);
  });
});
