/** Identifying the client (User-Agent) and reporting Deprecation/Sunset headers, against a real local server. */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAmperityClient, type DeprecationNotice } from "../src/index.js";
import { sdkVersion } from "../src/version.js";
import { runCli } from "./cli-harness.js";

let server: Server;
let baseUrl: string;
const seen: IncomingHttpHeaders[] = [];
let answerHeaders: OutgoingHttpHeaders = {};
beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers);
    response.writeHead(200, { "content-type": "application/json", ...answerHeaders });
    response.end(JSON.stringify({ data: [{ id: "idx-1", name: "Main" }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  seen.length = 0;
  answerHeaders = {};
});

const client = (options: object = {}) => createAmperityClient({ tenant: "acme", token: "tok-12345678", baseUrl, ...options });

it("sdkVersion is package.json's version", () => {
  expect(sdkVersion).toBe((JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version);
});

it("every request says User-Agent: amperity-profiles/<version> node/<version>, with the caller's token appended", async () => {
  await client().indexes.list();
  await client({ userAgent: "my-sync/2.1" }).indexes.list();
  expect(seen.map((headers) => headers["user-agent"])).toEqual([
    `amperity-profiles/${sdkVersion} node/${process.versions.node}`,
    `amperity-profiles/${sdkVersion} node/${process.versions.node} my-sync/2.1`,
  ]);
});

it("header injection: a userAgent with a line break or control character is a ConfigError", () => {
  expect(() => client({ userAgent: "x\r\nx-evil: 1" })).toThrow('userAgent must be product tokens in visible ASCII separated by single spaces, e.g. "my-sync/2.1"');
});

it("the CLI's requests say so too", async () => {
  const result = await runCli(["indexes", "--json"], { env: { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-12345678", AMPERITY_BASE_URL: baseUrl } });
  expect(result.code).toBe(0);
  expect(seen[0]!["user-agent"]).toBe(`amperity-profiles/${sdkVersion} node/${process.versions.node} amperity-profiles-cli/${sdkVersion}`);
});

it("Deprecation and Sunset are reported once per client through onDeprecation", async () => {
  answerHeaders = { deprecation: "@1767225600", sunset: "Wed, 01 Jul 2026 00:00:00 GMT", link: '<https://docs.example/versioning>; rel="deprecation"' };
  const notices: DeprecationNotice[] = [];
  const amperity = client({ onDeprecation: (notice: DeprecationNotice) => notices.push(notice) });
  await amperity.indexes.list();
  await amperity.indexes.list();
  expect(notices).toEqual([{ deprecation: "@1767225600", sunset: "Wed, 01 Jul 2026 00:00:00 GMT", link: "https://docs.example/versioning" }]);
});

it("no notice without the headers", async () => {
  const notices: DeprecationNotice[] = [];
  await client({ onDeprecation: (notice: DeprecationNotice) => notices.push(notice) }).indexes.list();
  expect(notices).toEqual([]);
});

it("the CLI prints one warning line", async () => {
  answerHeaders = { sunset: "Wed, 01 Jul 2026 00:00:00 GMT" };
  const result = await runCli(["indexes", "--json"], { env: { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-12345678", AMPERITY_BASE_URL: baseUrl } });
  expect(result.stderr).toBe("warning: this API version may stop answering after Wed, 01 Jul 2026 00:00:00 GMT\n");
  expect(JSON.parse(result.stdout)).toEqual([{ id: "idx-1", name: "Main" }]);
});
