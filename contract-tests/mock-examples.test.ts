// Contract suite against Prism's static mock, the spec's examples through the strict client: they round-trip typed
// and unchanged, pagination over them terminates, and a body that drifts from the spec is refused. Test names carry
// the Schemathesis check they mirror, and the DOC id of the register entry whose decision they hold.
import {
  PaginationLoopError,
  ResponseValidationError,
  createAmperityClient,
  type Index,
  type Profile,
  type ProfileList,
} from "../src/index.js";
import { calls, fakeToken, indexId, tenant } from "./support/client.js";
import { ids, mockClients, rejection, unaskedServerErrors } from "./support/mock-suite.js";
import { prismForFile } from "./support/prism.js";
import { examples } from "./support/spec.js";

const prism = prismForFile({ kind: "mock" });
const { recorders, strict, raw } = mockClients(prism);

async function collect<T>(iterator: AsyncIterable<T>): Promise<{ values: T[]; error: unknown }> {
  const values: T[] = [];
  try {
    for await (const value of iterator) values.push(value);
  } catch (error) {
    return { values, error };
  }
  return { values, error: undefined };
}

// not_a_server_error for this file's requests too (the named test, with its request count, is in mock-statuses.test.ts).
afterAll(() => {
  expect(unaskedServerErrors(recorders.flatMap((r) => r.exchanges))).toEqual([]);
});

describe("positive_data_acceptance: the static examples round-trip through the strict client", () => {
  test("DOC-01 DOC-02: listProfiles returns the repaired FirstPage example, typed (total 3, two items)", async () => {
    const { client, rec } = strict();
    const page: ProfileList = await client.profiles.list(indexId, { limit: 2, with_total: true });
    const first: Profile | undefined = page.data[0];
    const total: number | undefined = page.total;
    expect(total).toBe(3);
    expect(page.data).toHaveLength(2);
    expect(first?.id).toBe("cl-abc123");
    expect(page.next_token).toBe("ABCa1bcdDEe2f3G");
    expect(page).toEqual(examples("listProfiles", 200)["FirstPage"]);
    expect(rec.violations()).toEqual([]);
  });

  test.each(ids)("%s: the strict client returns the first 200 example unchanged", async (op) => {
    const { client, rec } = strict();
    const [firstExample] = Object.values(examples(op, 200));
    expect(await calls[op](client)).toEqual(firstExample);
    expect(rec.exchanges.map((e) => e.status)).toEqual([200]);
  });

  test("DOC-07 DOC-04: both profile shapes are typed as Profile and indexes as Index", async () => {
    const lastPage = strict({ headers: { prefer: "example=LastPage" } }).client;
    const seed: Profile = (await strict().client.profiles.list(indexId)).data[0]!;
    const later: Profile = (await lastPage.profiles.list(indexId)).data[0]!;
    expect(seed.name).toBe("Loyalty Members");
    expect(later.attributes?.["given_name"]).toBe("Daniel");
    const index: Index = await strict().client.indexes.get(indexId);
    expect(index.name).toBe("Unified customers");
  });

  test("valid query parameters (limit, with_total, next_token, filter) are sent and accepted by Prism's validator", async () => {
    const { client, rec } = strict();
    await client.profiles.list(indexId, {
      limit: 1,
      with_total: true,
      next_token: "ABCa1bcdDEe2f3G",
      filter: { given_name: "Daniel", surname: "Young" },
    });
    await client.indexes.list({ limit: 5, with_total: false, next_token: "IDXa1bcdDEe2f3G" });
    const [profiles, indexes] = rec.exchanges;
    expect(profiles?.url.searchParams.get("filter[given_name]")).toBe("Daniel");
    expect(profiles?.url.searchParams.get("limit")).toBe("1");
    expect(indexes?.url.searchParams.get("with_total")).toBe("false");
    expect(rec.exchanges.map((e) => e.status)).toEqual([200, 200]);
  });
});

describe("DOC-17: pagination against the static mock terminates", () => {
  test("pages(): Prism repeats the same next_token, so the loop guard raises PaginationLoopError after one page", async () => {
    const { client, rec } = strict();
    const { values, error } = await collect(client.profiles.pages(indexId, { limit: 2 }));
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(values).toHaveLength(1);
    expect(rec.exchanges).toHaveLength(2);
  });

  test("items(): the same guard stops after the first page's two items", async () => {
    const { client, rec } = strict();
    const { values, error } = await collect(client.profiles.items(indexId));
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(values.map((p) => p.id)).toEqual(["cl-abc123", "cl-def456"]);
    expect(rec.exchanges).toHaveLength(2);
  });

  test("indexes.pages(): the guard holds for listIndexes too", async () => {
    const { client } = strict();
    const { error } = await collect(client.indexes.pages());
    expect(error).toBeInstanceOf(PaginationLoopError);
  });

  test("Prefer: example=LastPage (next_token absent) ends pages() and items() after one request", async () => {
    const { client, rec } = strict({ headers: { prefer: "example=LastPage" } });
    const { values: pages, error } = await collect(client.profiles.pages(indexId));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    const { values: items } = await collect(client.profiles.items(indexId));
    expect(items.map((p) => p.id)).toEqual(["cl-ghi789"]);
    expect(rec.exchanges).toHaveLength(2);
  });

  test("Prefer: example=Empty (next_token \"\") ends after one empty page", async () => {
    const { client, rec } = strict({ headers: { prefer: "example=Empty" } });
    const { values: pages } = await collect(client.profiles.pages(indexId));
    expect(pages).toEqual([{ data: [], next_token: "" }]);
    expect((await collect(client.profiles.items(indexId))).values).toEqual([]);
    expect(rec.exchanges).toHaveLength(2);
  });

  test("Prefer: example=LastPage (next_token null) ends indexes.items() after one request", async () => {
    const { client, rec } = strict({ headers: { prefer: "example=LastPage" } });
    const { values, error } = await collect(client.indexes.items());
    expect(error).toBeUndefined();
    expect(values.map((i) => i.id)).toEqual(["idx-loyal01"]);
    expect(rec.exchanges).toHaveLength(1);
  });
});

describe("strict mode", () => {
  test("response_schema_conformance: a body that drifts from the spec is a ResponseValidationError with its pointer", async () => {
    const rec = raw();
    const tampering = async (input: Request): Promise<Response> => {
      const response = await rec.fetch(input);
      const body = (await response.json()) as ProfileList;
      body.data[1] = { ...body.data[1]!, id: 42 as unknown as string };
      return new Response(JSON.stringify(body), { status: response.status, headers: { "content-type": "application/json" } });
    };
    const client = createAmperityClient({ tenant, token: fakeToken, baseUrl: prism.url, validateResponses: true, retry: false, fetch: tampering });
    const error = await rejection(client.profiles.list(indexId));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ operation: "listProfiles", pointer: "/data/1/id" });
  });
});
