// Ids that need percent-encoding (DOC-20, DOC-26): `/`, `?`, `#`, `%`, spaces, an encoded slash, non-ASCII. The
// client must put each in its path segment unchanged, Prism must match the operation the client meant (one
// segment per id), and the sandbox must look up exactly the id that was sent, through Prism's proxy as well.
// Not sent to Prism raw: a bare `%` in the path (`/indexes/%`) makes Prism 5.14 fail on the malformed URI; the client
// never sends one, and the sandbox's answer to it is checked directly.
import { apiVersions } from "../generated/constraints.js";
import { ApiError, createAmperityClient } from "../src/index.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { strictClient } from "./support/client.js";
import { startPassthrough, type Passthrough } from "./support/passthrough.js";
import { prismForFile, startPrism, type PrismServer } from "./support/prism.js";
import { proxyFindings } from "./support/proxy-findings.js";
import { recorder, send, violationsOf } from "./support/recorder.js";

const unsafe = ["a/b", "a?b=c", "a#b", "100%", "a b", "a%2Fb", "ü/ß", "..a", "a+b&c=d"];
const mock = prismForFile({ kind: "mock" });
let sandbox: Sandbox;
let passthrough: Passthrough;
let proxy: PrismServer;

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 3, indexes: 1, seed: "unsafe-ids" });
  passthrough = await startPassthrough(sandbox.url);
  proxy = await startPrism({ kind: "proxy", upstream: passthrough.url, errors: true });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await passthrough?.close();
  await sandbox?.close();
});

/** The path segments of a recorded URL, decoded: what a server that splits before decoding sees. */
const segments = (url: URL) => url.pathname.split("/").slice(1).map(decodeURIComponent);

describe("DOC-20: ids that need percent-encoding", () => {
  test.each(unsafe)("the client sends %p as one path segment, and Prism's mock matches getProfile", async (id) => {
    const { client, rec } = strictClient(mock.url);
    await client.profiles.get(id, id);
    const [exchange] = rec.exchanges;
    expect(segments(exchange!.url)).toEqual(["indexes", id, "profiles", id]);
    expect(exchange!.url.search).toBe("");
    expect(exchange!.status).toBe(200);
    expect(rec.violations()).toEqual([]);
  });

  test.each(unsafe)("the sandbox, through Prism's proxy, looks up exactly %p (404 naming it)", async (id) => {
    const rec = recorder();
    const client = createAmperityClient({ tenant: sandbox.tenant, token: sandbox.token, baseUrl: proxy.url, validateResponses: true, retry: false, fetch: rec.fetch });
    const errors = [client.indexes.get(id), client.profiles.list(id), client.profiles.get(sandbox.indexes[0]!, id)].map((p) =>
      p.then(() => undefined, (e: unknown) => e),
    );
    const [index, profiles, profile] = await Promise.all(errors);
    for (const error of [index, profiles]) {
      expect(error).toBeInstanceOf(ApiError);
      // The server's own message (the error's body), which names the id it looked up.
      expect(((error as ApiError).body as { message: string }).message).toBe(`Index ${JSON.stringify(id)} not found.`);
    }
    expect(((profile as ApiError).body as { message: string }).message).toBe(`Profile ${JSON.stringify(id)} not found in index ${sandbox.indexes[0]}.`);
    expect(rec.exchanges.map((e) => e.status)).toEqual([404, 404, 404]);
    expect(rec.exchanges.flatMap(proxyFindings)).toEqual([]);
    expect(rec.exchanges.flatMap((e) => violationsOf(e))).toEqual([]);
  });

  test("a malformed percent-encoding (/indexes/%) names nothing on the sandbox: a 404 that conforms", async () => {
    const headers = { authorization: `Bearer ${sandbox.token}`, "api-version": apiVersions[0], "amperity-tenant": sandbox.tenant };
    const rec = recorder({ basePath: "/api" });
    for (const path of ["/indexes/%", "/indexes/%zz/profiles"]) {
      const exchange = await send(rec, sandbox.url + path, { headers });
      expect(exchange.status).toBe(404);
    }
    expect(rec.violations()).toEqual([]);
  });
});
