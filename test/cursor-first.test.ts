// The cursor before the profiles (the documented order): with read-ahead, the next page's request leaves as soon as
// the cursor has arrived, while the rest of the page is still on the wire. A real server on 127.0.0.1 writes each
// page's head (its first bytes, up to the cursor), then holds the rest; what it saw, in its own order, is the proof.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./cli-harness.js";
import { clientWith } from "./client-harness.js";
import { startHostileServer, type HostileServer } from "./support/hostile-server.js";

const profile = (id: string) => JSON.stringify({ id, index_id: "idx-1", attributes: { given_name: id, note: '"next_token":"NOT-THIS"' } });
/** A page's head in the documented order: `total`, then the cursor's member if there is one. */
const head = (total: number, next?: string) => `{"total":${total},${next === undefined ? "" : `"next_token":${JSON.stringify(next)},`}`;
const rest = (ids: string[]) => `"data":[${ids.map(profile).join(",")}]}`;

let server: HostileServer;
/** What the server saw and did, in its order: "request T1", "head T1", "end T1", "cut T1", "cancelled T1". */
let events: string[];

/** This test's: set when it ends, so that no hold outlives it. */
let current = { ended: false };

/** Resolves once `check()` holds, after `timeoutMs`, or when the test ends. */
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const test = current;
  while (!check() && Date.now() < deadline && !test.ended) await new Promise((resolve) => setTimeout(resolve, 5));
}
/** A hold until `event` has happened, or 5 s (so that a test whose event never comes ends, and fails). */
const after = (event: string) => () => until(() => events.includes(event), 5000);
const requests = () => events.filter((e) => e.startsWith("request"));
const cancelled = () => events.filter((e) => e.startsWith("cancelled"));

interface Served {
  head: string;
  rest: string;
  /** Holds the rest back until it settles; "cut" breaks the connection instead of writing it. */
  hold?: (nth: number) => Promise<unknown>;
}

/** Serves `pages[cursor]` ("-" for the first page): its head at once, its rest once its hold settles. */
function serve(pages: Record<string, Served>) {
  const asked: Record<string, number> = {};
  server.handle((req, res) => {
    const name = new URL(req.url ?? "/", server.origin).searchParams.get("next_token") ?? "-";
    const nth = (asked[name] = (asked[name] ?? 0) + 1);
    events.push(`request ${name}`);
    let cut = false;
    res.on("close", () => {
      if (!res.writableFinished && !cut) events.push(`cancelled ${name}`);
    });
    const page = pages[name];
    if (!page) return res.writeHead(404, { "content-type": "application/json" }).end('{"status":404,"message":"no such page"}');
    res.writeHead(200, { "content-type": "application/json" });
    res.write(page.head);
    events.push(`head ${name}`);
    void (page.hold?.(nth) ?? Promise.resolve()).then((how) => {
      if (res.destroyed) return;
      cut = how === "cut";
      events.push(`${cut ? "cut" : "end"} ${name}`);
      if (cut) res.destroy();
      else res.end(page.rest);
    });
  });
}

beforeEach(async () => {
  server = await startHostileServer();
  events = [];
  current = { ended: false };
});
afterEach(async () => {
  current.ended = true;
  await server.stop();
});

const client = (options = {}) => clientWith({ fetch: globalThis.fetch, sleep: async () => undefined } as never, { baseUrl: server.baseUrl, ...options });
const decoder = new TextDecoder();

/** Every page's profile ids, through raw pages (the export's walk) or parsed pages, with read-ahead. */
async function walk(kind: "rawPages" | "pages", options: Record<string, unknown> = {}, clientOptions = {}): Promise<string[][]> {
  const ids: string[][] = [];
  const profiles = client(clientOptions).profiles;
  if (kind === "pages") {
    for await (const page of profiles.pages("idx-1", { limit: 1 }, { prefetch: 1, ...options })) ids.push(page.data.map((p) => p.id));
  } else {
    for await (const page of profiles.rawPages("idx-1", { limit: 1 }, { prefetch: 1, ...options })) {
      ids.push(Array.from({ length: page.count }, (_, i) => JSON.parse(decoder.decode(page.body.subarray(page.spans[2 * i], page.spans[2 * i + 1]))).id));
    }
  }
  return ids;
}

describe("the cursor before the profiles", () => {
  it.each([
    ["rawPages", 1],
    ["pages", 1],
    ["rawPages", 2],
  ] as const)("%s, prefetch %d: the next request arrives at the server before the first page's body is finished", async (kind, prefetch) => {
    serve({
      "-": { head: head(3, "T1"), rest: rest(["a"]), hold: after("request T1") },
      T1: { head: head(3, "T2"), rest: rest(["b"]), hold: after("request T2") },
      T2: { head: head(3), rest: rest(["c"]) },
    });
    expect(await walk(kind, { prefetch })).toEqual([["a"], ["b"], ["c"]]);
    // Each page's rest was written only after the next page was asked for.
    expect(events.indexOf("request T1")).toBeGreaterThan(events.indexOf("head -"));
    expect(events.indexOf("request T1")).toBeLessThan(events.indexOf("end -"));
    expect(events.indexOf("request T2")).toBeLessThan(events.indexOf("end T1"));
    expect(requests()).toEqual(["request -", "request T1", "request T2"]);
    expect(cancelled()).toEqual([]);
  }, 20_000);

  it("a lying cursor in the head (the body's last next_token differs): the guessed request is cancelled and the export is exactly right", async () => {
    serve({
      // Duplicate members: JSON.parse keeps the last, so the page's cursor is T1, not the LIE its head shows.
      "-": { head: head(2, "LIE"), rest: `${rest(["a"]).slice(0, -1)},"next_token":"T1"}`, hold: after("request LIE") },
      LIE: { head: head(2), rest: rest(["forged"]), hold: () => until(() => false) },
      T1: { head: head(2), rest: rest(["b"]) },
    });
    const dir = mkdtempSync(join(tmpdir(), "cursor-first-"));
    try {
      const out = join(dir, "out.ndjson");
      const env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-cursor-first", AMPERITY_BASE_URL: server.baseUrl };
      const result = await runCli(["export", "idx-1", "--limit", "1", "--out", out, "--no-progress"], { env });
      expect(result).toMatchObject({ code: 0 });
      expect(readFileSync(out, "utf8")).toBe(`${profile("a")}\n${profile("b")}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await until(() => cancelled().length > 0);
    expect(cancelled()).toEqual(["cancelled LIE"]);
    expect(requests()).toEqual(["request -", "request LIE", "request T1"]);
  }, 30_000);

  it("a cursor held back (the caller held a page) is not sent once its page is checked: a lying head is never used", async () => {
    serve({
      "-": { head: head(3, "T1"), rest: rest(["a"]) },
      // Its head says LIE, its last member T2: the check says T2, and a request on LIE after the check would go unconfirmed.
      T1: { head: head(3, "LIE"), rest: `${rest(["b"]).slice(0, -1)},"next_token":"T2"}` },
      LIE: { head: head(3), rest: rest(["forged"]) },
      T2: { head: head(3), rest: rest(["c"]) },
    });
    const iterator = client().profiles.pages("idx-1", { limit: 1 }, { prefetch: 1 });
    const ids = [(await iterator.next()).value!.data[0]!.id];
    // The caller holds page 0 while page 1 arrives whole and is checked; then it asks for the rest.
    await until(() => events.includes("end T1"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    for await (const page of { [Symbol.asyncIterator]: () => iterator }) ids.push(page.data[0]!.id);
    expect(ids).toEqual(["a", "b", "c"]);
    expect(requests()).toEqual(["request -", "request T1", "request T2"]);
  }, 20_000);

  it("a body cut off after its head is retried, and the request guessed from it is cancelled (though the retry shows the same cursor)", async () => {
    serve({
      // The first answer breaks off once the guessed request has arrived; the retry is whole.
      "-": { head: head(2, "T1"), rest: rest(["a"]), hold: async (nth) => (nth === 1 ? (await after("request T1")(), "cut") : undefined) },
      // The first request for T1 is the one guessed from the broken body: never answered unless the client waits on it.
      T1: { head: head(2), rest: rest(["b"]), hold: async (nth) => nth === 1 && until(() => false, 5000) },
    });
    expect(await walk("rawPages")).toEqual([["a"], ["b"]]);
    await until(() => cancelled().length > 0);
    expect(cancelled()).toEqual(["cancelled T1"]);
    expect(requests()).toEqual(["request -", "request T1", "request -", "request T1"]);
    expect(events).toContain("cut -");
  }, 20_000);

  it("a page that fails its envelope check cancels the request guessed from its head, and its error surfaces", async () => {
    serve({
      "-": { head: head(2, "T1"), rest: '"data":"not a list"}', hold: after("request T1") },
      T1: { head: head(2), rest: rest(["b"]), hold: () => until(() => false, 5000) },
    });
    await expect(walk("rawPages")).rejects.toMatchObject({ name: "ResponseShapeError" });
    await until(() => cancelled().length > 0);
    expect(cancelled()).toEqual(["cancelled T1"]);
    expect(requests()).toEqual(["request -", "request T1"]);
  }, 20_000);

  it('"next_token" inside a nested object or a string before data is not taken', async () => {
    serve({
      "-": { head: '{"meta":{"next_token":"NESTED"},"note":"\\"next_token\\":\\"STRING\\"",', rest: rest(["a"]), hold: () => until(() => false, 300) },
    });
    expect(await walk("rawPages")).toEqual([["a"]]);
    expect(requests()).toEqual(["request -"]);
  }, 20_000);

  it("the cursor's escapes are decoded as JSON.parse decodes them: the guessed request is the right one, and used", async () => {
    const spelled = "\\u0041\\/b\\\\c \\ud83d\\ude00 é&=?";
    const token = JSON.parse(`"${spelled}"`) as string;
    serve({ "-": { head: `{"total":2,"next_token":"${spelled}",`, rest: rest(["a"]), hold: after(`request ${token}`) }, [token]: { head: head(2), rest: rest(["b"]) } });
    expect(await walk("pages")).toEqual([["a"], ["b"]]);
    expect(events.indexOf(`request ${token}`)).toBeLessThan(events.indexOf("end -"));
    expect(cancelled()).toEqual([]);
  }, 20_000);

  it.each([{ maxPages: 2 }, { maxItems: 2 }])("%j: no request for a page beyond it", async (limits) => {
    // The second page holds its rest until the third is asked for (or a second has passed): a request the limit
    // should have stopped cannot miss being seen.
    serve({
      "-": { head: head(3, "T1"), rest: rest(["a"]), hold: () => until(() => events.includes("request T1"), 1000) },
      T1: { head: head(3, "T2"), rest: rest(["b"]), hold: () => until(() => events.includes("request T2"), 1000) },
      T2: { head: head(3), rest: rest(["c"]) },
    });
    expect(await walk("pages", limits)).toEqual([["a"], ["b"]]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests()).toEqual(["request -", "request T1"]);
  }, 20_000);
});
