/**
 * `indexes` and `export --all-indexes` against a server whose index listing cannot be trusted: one that never ends
 * (a new next_token on every page), one far too long, index ids that differ only by case (one file on macOS and
 * Windows), an index whose file would be another index's manifest. Everything is decided before the first export
 * starts; an --out-dir that does not exist is refused before any request.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countingFetch, runCli } from "./cli-harness.js";
import { sendJson, startHostileServer, type HostileServer } from "./support/hostile-server.js";

let server: HostileServer;
let dir: string;
beforeAll(async () => {
  server = await startHostileServer();
});
afterAll(() => server.stop());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-all-hostile-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const env = () => ({ AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-hostile-listing", AMPERITY_BASE_URL: server.baseUrl });
const profileRequests = () => server.requests.filter((request) => request.url.includes("/profiles")).length;

/** Serves `listing(n)` as page n of GET /indexes, and two profiles for any index. */
function serve(listing: (n: number) => { data: { id: string }[]; next_token?: string }) {
  let page = 0;
  server.handle((req, res) => {
    const url = new URL(req.url ?? "/", server.origin);
    const profiles = /^\/api\/indexes\/([^/]+)\/profiles$/.exec(url.pathname);
    if (profiles) {
      const index_id = decodeURIComponent(profiles[1]!);
      return sendJson(res, 200, { data: [1, 2].map((n) => ({ id: `p${n}`, index_id, attributes: {} })) });
    }
    if (url.pathname !== "/api/indexes") return sendJson(res, 404, { status: 404, message: "not found" });
    const { data, next_token } = listing(++page);
    sendJson(res, 200, { data: data.map(({ id }) => ({ id, name: id })), ...(next_token && { next_token }) });
  });
}

const exportAll = (extra: string[] = []) => runCli(["export", "--all-indexes", "--out-dir", dir, "--no-progress", ...extra], { env: env() });

describe("a listing that never ends", () => {
  // A new token on every page defeats the loop guard; after 5,000 pages the server gives up, so an unbounded
  // listing fails there instead of running forever.
  const endless = (n: number) => (n > 5000 ? { data: [], next_token: "" } : { data: [], next_token: `page-${n}` });

  it("export --all-indexes stops at 1,000 pages with exit 1, before any export starts", async () => {
    serve(endless);
    const result = await exportAll();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("amperity-profiles: the server's list of indexes did not end after 1,000 pages and 0 indexes");
    expect(result.stderr).toContain("no export was started");
    expect(server.requests).toHaveLength(1000);
    expect(profileRequests()).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  }, 60_000);

  it("indexes stops the same way and prints nothing", async () => {
    serve(endless);
    const result = await runCli(["indexes"], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("did not end after 1,000 pages");
    expect(result.stderr).toContain("nothing was printed");
    expect(result.stdout).toBe("");
  }, 60_000);

  it("a listing of more than 10,000 indexes is refused before any export", async () => {
    serve((n) => ({ data: Array.from({ length: 1000 }, (_, i) => ({ id: `idx-${n}-${i}` })), next_token: n < 20 ? `page-${n}` : "" }));
    const result = await exportAll();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("did not end after 11 pages and 11,000 indexes");
    expect(profileRequests()).toBe(0);
  }, 60_000);
});

it("two index ids that differ only by case are both refused, naming each other; the others are exported", async () => {
  serve(() => ({ data: [{ id: "Customers" }, { id: "orders" }, { id: "customers" }] }));
  const result = await exportAll();
  expect(result.code).toBe(1);
  const clash = `the index ids "Customers" and "customers" differ only by case, so their files would be one on macOS and Windows`;
  expect(result.stderr).toContain(`Customers: failed: ${clash}`);
  expect(result.stderr).toContain(`customers: failed: the index ids "customers" and "Customers" differ only by case`);
  expect(result.stderr).toContain(`orders: exported to ${join(dir, "orders.ndjson")}`);
  expect(result.stderr).toContain("1 of 3 indexes exported");
  expect(server.requests.filter((request) => request.url.includes("/profiles")).map((request) => request.url)).toEqual([
    expect.stringMatching(/^\/api\/indexes\/orders\/profiles/),
  ]);
  expect((await readdir(dir)).sort()).toEqual(["orders.ndjson", "orders.ndjson.manifest.json"]);
});

it("an index whose file would be another index's manifest (--format json: a.json.manifest → a.json.manifest.json) is refused with it", async () => {
  serve(() => ({ data: [{ id: "a" }, { id: "a.json.manifest" }, { id: "b" }] }));
  const result = await exportAll(["--format", "json"]);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`a.json.manifest: failed: its file ${join(dir, "a.json.manifest.json")} would be the manifest of index "a"`);
  expect(result.stderr).toContain(`a: failed: its manifest ${join(dir, "a.json.manifest.json")} would be the file of index "a.json.manifest"`);
  expect(result.stderr).toContain(`b: exported to ${join(dir, "b.json")}`);
  expect(profileRequests()).toBe(1);
  expect((await readdir(dir)).sort()).toEqual(["b.json", "b.json.manifest.json"]);
});

it("an --out-dir that does not exist is refused with exit 2 naming --out-dir, before any request", async () => {
  const missing = join(dir, "not-made");
  const counter = countingFetch();
  const result = await runCli(["export", "--all-indexes", "--out-dir", missing], { env: env(), client: { fetch: counter.fetch } });
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`amperity-profiles: the folder ${missing} (--out-dir) does not exist; create it with mkdir -p ${missing}, or give another --out-dir\n`);
  expect(counter.requests).toBe(0);
});
