// Request ids on success: every list/get result and every page of pages() leads back to its response (status,
// x-request-id, headers) through responseOf, while the result itself stays the JSON the API sent.
import { createAmperityClient, responseOf } from "../src/index.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 5 });
});
afterAll(() => sandbox.close());

const client = () => createAmperityClient({ baseUrl: sandbox.url, tenant: sandbox.tenant, token: sandbox.token });

test("list, get and every page carry their response's request id, each its own", async () => {
  const amperity = client();
  const index = sandbox.indexes[0]!;
  const page = await amperity.profiles.list(index, { limit: 2 });
  const profile = await amperity.profiles.get(index, page.data[0]!.id);
  const indexes = await amperity.indexes.list();
  const ids = [responseOf(page), responseOf(profile), responseOf(indexes)].map((info) => info?.requestId);
  for (const id of ids) expect(id).toMatch(/^req-/);
  expect(new Set(ids).size).toBe(3);
  expect(responseOf(page)?.status).toBe(200);
  expect(responseOf(page)?.headers.get("content-type")).toMatch(/application\/json/);

  const pageIds: (string | undefined)[] = [];
  for await (const each of amperity.profiles.pages(index, { limit: 2 })) pageIds.push(responseOf(each)?.requestId);
  expect(pageIds).toHaveLength(3);
  expect(new Set(pageIds).size).toBe(3);
});

test("the result stays the API's JSON: no extra key, and anything else has no response", async () => {
  const page = await client().profiles.list(sandbox.indexes[0]!, { limit: 1 });
  expect(Object.keys(page).sort()).toEqual(["data", "next_token"]);
  expect(JSON.parse(JSON.stringify(page))).toEqual(page);
  expect(responseOf(page.data[0]!)).toBeUndefined();
  expect(responseOf({})).toBeUndefined();
});
