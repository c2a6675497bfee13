import fc from "fast-check";
import { filterNamePattern } from "../generated/constraints.js";
import { ConfigError } from "../src/index.js";
import { clientWith, json, page, scripted } from "./client-harness.js";

/** The filter object a server would read back from the query string. */
function filterOf(url: string): Record<string, string> {
  const entries = [...new URL(url).searchParams].flatMap(([key, value]) => {
    const match = /^filter\[(.*)\]$/s.exec(key);
    return match ? [[match[1]!, value] as const] : [];
  });
  return Object.fromEntries(entries);
}

describe("DOC-24: filters", () => {
  it("DOC-24: serialises filter as deepObject filter[name]=value, next to the other parameters", async () => {
    const s = scripted(json(200, page([])));
    await clientWith(s).profiles.list("idx-1", { limit: 10, filter: { given_name: "Daniel", surname: "Young" } });
    expect(new URL(s.requests[0]!.url).search).toBe("?limit=10&filter[given_name]=Daniel&filter[surname]=Young");
  });

  it("DOC-24: percent-encodes values so they cannot add parameters", async () => {
    const s = scripted(json(200, page([])));
    await clientWith(s).profiles.list("idx-1", { filter: { company: "O'Brien & Sons", email: "a+b@x.com", q: "x]&limit=1#" } });
    const url = new URL(s.requests[0]!.url);
    expect(url.hash).toBe("");
    expect(url.searchParams.has("limit")).toBe(false);
    expect(filterOf(url.href)).toEqual({ company: "O'Brien & Sons", email: "a+b@x.com", q: "x]&limit=1#" });
  });

  it("DOC-24: keeps the filter on every page of an iteration", async () => {
    const s = scripted(json(200, page(["a"], "T1")), json(200, page(["b"])));
    for await (const _ of clientWith(s).profiles.items("idx-1", { filter: { state: "WA" } }));
    expect(s.requests.map((r) => filterOf(r.url))).toEqual([{ state: "WA" }, { state: "WA" }]);
  });

  it.each(["first name", "first.name", "name]", "a[b]", "", "1st", "nom_é", "a-b", "x".repeat(129), "__proto__]"])(
    "DOC-24: refuses the filter name %j before any request",
    async (name) => {
      const s = scripted(json(200, page([])));
      await expect(clientWith(s).profiles.list("idx-1", { filter: { [name]: "v" } })).rejects.toBeInstanceOf(ConfigError);
      expect(s.requests).toHaveLength(0);
    },
  );

  it.each([[42], [null], [["a"]], ["\ud800"]])("DOC-24: refuses the filter value %j before any request", async (value) => {
    const s = scripted(json(200, page([])));
    await expect(clientWith(s).profiles.list("idx-1", { filter: { name: value as string } })).rejects.toBeInstanceOf(ConfigError);
    expect(s.requests).toHaveLength(0);
  });

  it("DOC-24: any object of valid names and arbitrary string values round-trips through the query string", async () => {
    const names = fc.stringMatching(new RegExp(filterNamePattern));
    const values = fc.string({ unit: "binary", maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(names, values, { maxKeys: 6 }), async (filter) => {
        const s = scripted(json(200, page([])));
        await clientWith(s).profiles.list("idx-1", { filter });
        expect(filterOf(s.requests[0]!.url)).toEqual({ ...filter });
        expect([...new URL(s.requests[0]!.url).searchParams.keys()].every((k) => k.startsWith("filter["))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
