// The members of a list response in the order the documentation shows them, pinned against the spec's own
// examples: profiles `total`, `next_token`, `data` (the cursor before the profiles), indexes `data`, `next_token`,
// `total`; and `keyOrder: "data-first"`, which serves the same values with `data` first in both lists.
import { PassThrough } from "node:stream";
import { run } from "../src/cli/program.js";
import { JsonWriter } from "../src/sandbox/json-writer.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli } from "./cli-harness.js";
import { call, type Json } from "./support/sandbox-http.js";
import { spec } from "./support/spec.js";

const example = (name: string): string[] => Object.keys(spec.components.examples[name].value);
/** The keys `served` and `shown` have in common, in each one's order: equal when neither contradicts the other. */
const common = (served: string[], shown: string[]) => [served.filter((k) => shown.includes(k)), shown.filter((k) => served.includes(k))];

let documented: Sandbox, dataFirst: Sandbox;
beforeAll(async () => {
  [documented, dataFirst] = await Promise.all([
    startSandbox({ profiles: 30, indexes: 3, seed: "key-order" }),
    startSandbox({ profiles: 30, indexes: 3, seed: "key-order", keyOrder: "data-first" }),
  ]);
});
afterAll(() => Promise.all([documented?.close(), dataFirst?.close()]));

const text = async (sb: Sandbox, path: string) => {
  const res = await fetch(sb.url + path, { headers: { authorization: `Bearer ${sb.token}`, "amperity-tenant": sb.tenant, "api-version": "2025-07-31" } });
  expect(res.status).toBe(200);
  return res.text();
};
const keys = async (sb: Sandbox, path: string) => Object.keys((await call(sb, path)).body);
const profiles = (sb: Sandbox, query: string) => `/indexes/${sb.indexes[0]}/profiles?${query}`;

describe("the documented order (the default)", () => {
  test("profiles: total, next_token, data, as the spec's first-page example shows them (the cursor before the profiles)", async () => {
    expect(example("ProfileListFirstPage")).toEqual(["total", "next_token", "data"]);
    expect(await keys(documented, profiles(documented, "limit=10&with_total=true"))).toEqual(example("ProfileListFirstPage"));
    expect(await keys(documented, profiles(documented, "limit=10"))).toEqual(["next_token", "data"]);
    const body = await text(documented, profiles(documented, "limit=10&with_total=true"));
    expect(body).toMatch(/^\{"total":30,"next_token":"[A-Za-z0-9_.-]+","data":\[\{"id":"cl-/);
  });

  test("profiles: the last page has total then data and no next_token, as the spec's last-page example", async () => {
    const first = (await call(documented, profiles(documented, "limit=25"))).body;
    const last = await keys(documented, profiles(documented, `limit=25&with_total=true&next_token=${encodeURIComponent(first["next_token"])}`));
    expect(last).toEqual(example("ProfileListLastPage"));
  });

  test("indexes: data, next_token, total, as the vendor's GET /indexes example and the spec's first-page example", async () => {
    const served = await keys(documented, "/indexes?limit=1&with_total=true");
    expect(served).toEqual(["data", "next_token", "total"]);
    expect(served).toEqual(example("IndexListFirstPage"));
    const [ours, shown] = common(served, example("IndexListLastPage"));
    expect(ours).toEqual(shown);
  });

  test("every list example of the spec shows its members in the documented order (a reordered example fails here)", () => {
    const lists = Object.keys(spec.components.examples).filter((name) => /^(Profile|Index)List/.test(name));
    expect(lists.length).toBeGreaterThanOrEqual(5);
    for (const name of lists) {
      const order = name.startsWith("Profile") ? ["total", "next_token", "data"] : ["data", "next_token", "total"];
      const shown = example(name);
      expect([name, shown]).toEqual([name, order.filter((key) => shown.includes(key))]);
    }
  });
});

describe("keyOrder: data-first", () => {
  test("both lists: data, next_token, total", async () => {
    expect(await keys(dataFirst, profiles(dataFirst, "limit=10&with_total=true"))).toEqual(["data", "next_token", "total"]);
    expect(await keys(dataFirst, "/indexes?limit=1&with_total=true")).toEqual(["data", "next_token", "total"]);
  });

  test("the same items and totals in either order, page for page, and each order's cursors walk the whole index", async () => {
    const walk = async (sb: Sandbox) => {
      const pages: Json[] = [];
      let token: string | undefined;
      do {
        const page = (await call(sb, profiles(sb, `limit=7&with_total=true${token ? `&next_token=${encodeURIComponent(token)}` : ""}`))).body;
        pages.push({ total: page["total"], data: page["data"] });
        token = page["next_token"];
      } while (token);
      return pages;
    };
    const [a, b] = await Promise.all([walk(documented), walk(dataFirst)]);
    expect(a).toHaveLength(5);
    expect(a).toEqual(b);
  });

  test("a filtered page and an empty one keep their order", async () => {
    const city = (await call(documented, profiles(documented, "limit=1"))).body["data"][0]["attributes"]["city"];
    const filter = `filter[city]=${encodeURIComponent(city)}&limit=1&with_total=true`;
    expect((await keys(documented, profiles(documented, filter))).filter((k) => k !== "next_token")).toEqual(["total", "data"]);
    expect((await keys(dataFirst, profiles(dataFirst, filter))).filter((k) => k !== "next_token")).toEqual(["data", "total"]);
    expect(await text(documented, profiles(documented, "filter[city]=Nowhere&with_total=true"))).toBe('{"total":0,"data":[]}');
    expect(await text(dataFirst, profiles(dataFirst, "filter[city]=Nowhere&with_total=true"))).toBe('{"data":[],"total":0}');
  });
});

test("an order the sandbox does not know is refused, naming the option (code) and the flag (CLI, exit 2)", async () => {
  await expect(startSandbox({ keyOrder: "cursor-last" as never })).rejects.toThrow(/Sandbox option keyOrder must be one of documented, data-first/);
  const result = await runCli(["sandbox", "--key-order", "cursor-last"]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/--key-order.*cursor-last/);
});

test("sandbox --key-order data-first serves data first", async () => {
  const stdout = new PassThrough();
  const stderr = new PassThrough().resume();
  const controller = new AbortController();
  const line = new Promise<string>((resolve) => stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())));
  const exit = run(["sandbox", "--profiles", "3", "--key-order", "data-first"], { env: {}, stdout, stderr, signal: controller.signal });
  const ready = JSON.parse(await line) as Sandbox;
  try {
    expect(await keys(ready, profiles(ready, "limit=1&with_total=true"))).toEqual(["data", "next_token", "total"]);
  } finally {
    controller.abort();
  }
  expect(await exit).toBe(0);
});

test("JsonWriter.prepend past its headroom moves the text once and keeps it whole", () => {
  const out = new JsonWriter(4, 2).ascii("items]}");
  out.prepend(Buffer.from("[")).prepend(Buffer.from('{"a":1,"data":'));
  expect(out.result().toString()).toBe('{"a":1,"data":[items]}');
  expect(out.char(0x20).result().toString()).toBe('{"a":1,"data":[items]} ');
});
