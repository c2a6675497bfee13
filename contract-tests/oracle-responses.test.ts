// The oracle's response cases (support/oracle-responses.ts), written by hand, judged by three readers of the spec:
// Prism's validating proxy in front of a server that sends exactly the case, this suite's own checker
// (support/conformance.ts), and the strict client. Each must give every case the verdict written beside it, so a
// spec that drifts from the documentation or from a recorded decision fails here even though every server and mock
// built from it drifts the same way.
import { ResponseValidationError, createAmperityClient } from "../src/index.js";
import { caseHeader, startCannedServer, type CannedServer } from "./support/canned-server.js";
import { tenant, validHeaders } from "./support/client.js";
import { checkResponse } from "./support/conformance.js";
import { responseCases, type ResponseCase } from "./support/oracle-responses.js";
import { startPrism, type PrismServer } from "./support/prism.js";
import { proxyFindings } from "./support/proxy-findings.js";
import { recorder, send } from "./support/recorder.js";

let canned: CannedServer;
let prism: PrismServer;

beforeAll(async () => {
  canned = await startCannedServer(responseCases);
  prism = await startPrism({ kind: "proxy", upstream: canned.url, errors: true });
}, 60_000);

afterAll(async () => {
  await prism?.close();
  await canned?.close();
});

const numbered = responseCases.map((c, i) => ({ ...c, i }));
const shown = (c: ResponseCase, verdict: boolean, detail: string) =>
  `${c.name}: expected ${c.valid ? "valid" : "invalid"}, judged ${verdict ? "valid" : "invalid"}${detail ? ` (${detail})` : ""}`;

const tokenForm = new URLSearchParams({ grant_type: "client_credentials", client_id: "oracle", client_secret: "oracle-secret" }).toString();

test("the oracle holds valid and invalid cases for every operation, the token endpoint included", () => {
  const paths = new Set(responseCases.map((c) => `${c.method} ${c.path}`));
  expect(paths.size).toBe(5);
  expect(responseCases.filter((c) => c.valid).length).toBeGreaterThan(10);
  expect(responseCases.filter((c) => !c.valid).length).toBeGreaterThan(20);
});

test("DOC-07 DOC-16 DOC-36 DOC-39: the contract checker gives every hand-written response its verdict", () => {
  const wrong = numbered.flatMap((c) => {
    const headers = new Headers({ "content-type": "application/json", ...c.headers });
    const violations = checkResponse({ method: c.method, path: c.path, status: c.status, headers, body: c.text ?? JSON.stringify(c.body) });
    const verdict = violations.length === 0;
    return verdict === c.valid ? [] : [shown(c, verdict, violations.map((v) => v.message).join("; "))];
  });
  expect(wrong).toEqual([]);
});

test("DOC-07 DOC-16 DOC-36 DOC-39: Prism's validating proxy gives every hand-written response its verdict", async () => {
  const wrong: string[] = [];
  const judged = numbered.filter((c) => c.prismBlind === undefined);
  expect(responseCases.length - judged.length).toBeLessThanOrEqual(2);
  for (const c of judged) {
    const headers =
      c.method === "POST"
        ? { "content-type": "application/x-www-form-urlencoded", "x-amperity-tenant": tenant, [caseHeader]: String(c.i) }
        : { ...validHeaders(), [caseHeader]: String(c.i) };
    const exchange = await send(recorder(), prism.url + c.path, { method: c.method, headers, ...(c.method === "POST" && { body: tokenForm }) });
    const findings = proxyFindings(exchange);
    const verdict = findings.length === 0;
    if (verdict !== c.valid) wrong.push(shown(c, verdict, findings.join("; ")));
  }
  expect(wrong).toEqual([]);
  // Every case reached the server: a verdict on a request Prism refused would say nothing about the response.
  expect(canned.received).toHaveLength(judged.length);
}, 60_000);

test("DOC-07 DOC-39: the strict client refuses exactly the invalid 200 bodies of the Profile API", async () => {
  const wrong: string[] = [];
  const cases = numbered.filter((c) => c.method === "GET" && c.status === 200 && c.headers === undefined);
  expect(cases.length).toBeGreaterThan(20);
  for (const c of cases) {
    const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      request.headers.set(caseHeader, String(c.i));
      return globalThis.fetch(request);
    };
    const client = createAmperityClient({ tenant, token: "oracle-token", baseUrl: canned.url, validateResponses: true, retry: false, fetch });
    const [, , indexId, , profileId] = c.path.split("/");
    const call =
      profileId !== undefined ? client.profiles.get(indexId!, profileId)
      : c.path.endsWith("/profiles") ? client.profiles.list(indexId!)
      : indexId !== undefined ? client.indexes.get(indexId)
      : client.indexes.list();
    let verdict = true;
    let detail = "";
    try {
      await call;
    } catch (error) {
      if (!(error instanceof ResponseValidationError)) throw error;
      verdict = false;
      detail = error.message;
    }
    if (verdict !== c.valid) wrong.push(shown(c, verdict, detail));
  }
  expect(wrong).toEqual([]);
});
