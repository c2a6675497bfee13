import { ConfigError, PaginationLoopError } from "../src/index.js";
import { caught, clientWith, json, page, scripted } from "./client-harness.js";

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("next_token");

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe("pagination", () => {
  it("DOC-10: items() follows next_token to the last page", async () => {
    const s = scripted(json(200, page(["a", "b"], "T1")), json(200, page(["c", "d"], "T2")), json(200, page(["e"])));
    const ids = (await collect(clientWith(s).profiles.items("idx-1", { limit: 2 }))).map((p) => p.id);
    expect(ids).toEqual(["a", "b", "c", "d", "e"]);
    expect(s.requests.map(tokenOf)).toEqual([null, "T1", "T2"]);
    expect(s.requests.every((r) => new URL(r.url).searchParams.get("limit") === "2")).toBe(true);
  });

  it.each([
    ["absent", undefined],
    ["null", null],
    ["empty", ""],
  ])("DOC-17: ends on a next_token that is %s", async (_, last) => {
    const s = scripted(json(200, page(["a"], "T1")), json(200, page(["b"], last)), json(200, page(["never"])));
    const pages = await collect(clientWith(s).profiles.pages("idx-1"));
    expect(pages.map((p) => p.data[0]?.id)).toEqual(["a", "b"]);
    expect(s.requests).toHaveLength(2);
  });

  it("DOC-10: ends after an empty first page", async () => {
    const s = scripted(json(200, { data: [] }));
    expect(await collect(clientWith(s).profiles.items("idx-1"))).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it("resumes from the next_token in the query, and each page exposes its next_token for a checkpoint", async () => {
    const s = scripted(json(200, page(["c"], "T3")), json(200, page(["d"])));
    const tokens = (await collect(clientWith(s).profiles.pages("idx-1", { next_token: "T2", with_total: true }))).map((p) => p.next_token);
    expect(s.requests.map(tokenOf)).toEqual(["T2", "T3"]);
    expect(tokens).toEqual(["T3", undefined]);
    expect(new URL(s.requests[1]!.url).searchParams.get("with_total")).toBe("true");
  });

  it("DOC-17: an empty next_token in the query starts from the first page and is not sent", async () => {
    const s = scripted(json(200, page(["a"])));
    await collect(clientWith(s).profiles.pages("idx-1", { next_token: "" }));
    expect(new URL(s.requests[0]!.url).search).toBe("");
  });

  it("raises PaginationLoopError when the server repeats a next_token (as Prism's static mock does)", async () => {
    const s = scripted(json(200, page(["a"], "SAME")));
    const seen: string[] = [];
    const error = await caught(
      (async () => {
        for await (const p of clientWith(s).profiles.items("idx-1")) seen.push(p.id);
      })(),
    );
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(error.nextToken).toBe("SAME");
    expect(seen).toEqual(["a"]);
    expect(s.requests).toHaveLength(2);
  });

  it("raises PaginationLoopError when the server returns the token the iteration resumed from", async () => {
    const s = scripted(json(200, page(["a"], "T1")));
    await expect(collect(clientWith(s).indexes.pages({ next_token: "T1" }))).rejects.toBeInstanceOf(PaginationLoopError);
    expect(s.requests).toHaveLength(1);
  });

  // A cycle of `period` pages: page n answers with token T((n+1) % period); `last` ends the walk instead.
  const cycling = (period: number, last = Infinity) =>
    scripted((request) => {
      const n = Number(tokenOf(request)?.slice(1) ?? 0);
      return json(200, page([`p${n}`], n + 1 >= last ? undefined : `T${(n + 1) % period}`));
    });

  it("the loop guard remembers a bounded window of tokens, so a long walk keeps flat memory and still catches cycles", async () => {
    const { loopWindow } = await import("../src/client/paginate.js");
    const long = cycling(Infinity, 3 * loopWindow);
    expect(await collect(clientWith(long).profiles.pages("idx-1"))).toHaveLength(3 * loopWindow);

    const cycle = cycling(loopWindow);
    await expect(collect(clientWith(cycle).profiles.pages("idx-1"))).rejects.toBeInstanceOf(PaginationLoopError);
    expect(cycle.requests).toHaveLength(loopWindow + 1);
  });

  it("break stops without fetching another page", async () => {
    const s = scripted(json(200, page(["a", "b"], "T1")), json(200, page(["c"])));
    for await (const profile of clientWith(s).profiles.items("idx-1")) {
      expect(profile.id).toBe("a");
      break;
    }
    expect(s.requests).toHaveLength(1);
  });

  it("fetches nothing until the iteration starts", async () => {
    const s = scripted(json(200, page(["a"])));
    clientWith(s).profiles.pages("idx-1");
    await Promise.resolve();
    expect(s.requests).toHaveLength(0);
  });

  it("an abort between pages stops the iteration before the next request", async () => {
    const controller = new AbortController();
    const s = scripted(json(200, page(["a"], "T1")), json(200, page(["b"])));
    const error = await caught(
      (async () => {
        for await (const _ of clientWith(s).profiles.pages("idx-1", {}, { signal: controller.signal })) controller.abort();
      })(),
    );
    expect(error).toMatchObject({ name: "AbortError" });
    expect(s.requests).toHaveLength(1);
  });

  it("an abort mid-iteration cancels the in-flight request", async () => {
    const controller = new AbortController();
    const s = scripted(json(200, page(["a"], "T1")), (request) => {
      setImmediate(() => controller.abort());
      return new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    });
    const error = await caught(collect(clientWith(s).profiles.items("idx-1", {}, { signal: controller.signal })));
    expect(error).toMatchObject({ name: "AbortError" });
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]!.signal.aborted).toBe(true);
  });

  it("maxPages stops cleanly after that many pages", async () => {
    const s = scripted(json(200, page(["a"], "T1")), json(200, page(["b"], "T2")), json(200, page(["c"])));
    expect(await collect(clientWith(s).profiles.pages("idx-1", {}, { maxPages: 2 }))).toHaveLength(2);
    expect(s.requests).toHaveLength(2);
  });

  it("maxItems: items() yields exactly that many, pages() stops after the page that reaches it", async () => {
    const replies = [json(200, page(["a", "b"], "T1")), json(200, page(["c", "d"], "T2")), json(200, page(["e"]))];
    const forItems = scripted(...replies);
    const ids = (await collect(clientWith(forItems).profiles.items("idx-1", {}, { maxItems: 3 }))).map((p) => p.id);
    expect(ids).toEqual(["a", "b", "c"]);
    expect(forItems.requests).toHaveLength(2);
    const forPages = scripted(...replies);
    expect(await collect(clientWith(forPages).profiles.pages("idx-1", {}, { maxItems: 3 }))).toHaveLength(2);
    expect(forPages.requests).toHaveLength(2);
  });

  it.each([0, -1, 1.5])("refuses the cap %p with a ConfigError before any request", async (cap) => {
    const s = scripted(json(200, page(["a"])));
    await expect(collect(clientWith(s).profiles.items("idx-1", {}, { maxItems: cap }))).rejects.toBeInstanceOf(ConfigError);
    await expect(collect(clientWith(s).indexes.pages({}, { maxPages: cap }))).rejects.toBeInstanceOf(ConfigError);
    expect(s.requests).toHaveLength(0);
  });

  it("retries a page inside an iteration and carries on", async () => {
    const s = scripted(json(200, page(["a"], "T1")), json(503, { status: 503, message: "busy" }), json(200, page(["b"])));
    const ids = (await collect(clientWith(s).profiles.items("idx-1"))).map((p) => p.id);
    expect(ids).toEqual(["a", "b"]);
    expect(s.requests.map(tokenOf)).toEqual([null, "T1", "T1"]);
  });

  it("indexes.pages() and indexes.items() paginate /indexes the same way", async () => {
    const idx = (id: string) => ({ id, name: id });
    const s = scripted(json(200, { data: [idx("i1")], next_token: "T1" }), json(200, { data: [idx("i2")], next_token: null }));
    expect((await collect(clientWith(s).indexes.items({ limit: 1 }))).map((i) => i.id)).toEqual(["i1", "i2"]);
    expect(s.urls()).toEqual(["https://app.amperity.com/api/indexes?limit=1", "https://app.amperity.com/api/indexes?limit=1&next_token=T1"]);
  });
});
