// A server that echoes the bearer token back in an error, in any encoding it likes: JSON-escaped (\u0065…), with
// \/ escapes, percent-encoded, base64-encoded, in a non-JSON body that ends up in an error's cause, as a key, in
// request_id. None of it may reach an error's message, properties, cause chain, stack or the CLI's one line.
import { inspect } from "node:util";
import { ApiError, ConfigError, NetworkError, createAmperityClient } from "../src/index.js";
import { clearSecrets, registerSecret, scrub } from "../src/edges/secrets/index.js";
import { runCli } from "./cli-harness.js";
import { caught, withHooks } from "./client-harness.js";
import { sendJson, startHostileServer, type HostileServer } from "./support/hostile-server.js";

// A JWT-like token with the characters JSON and URLs escape: / + " \ and a base64-ish alphabet.
const TOKEN = 'eyJhbGciOi.J9/x+y"q\\z.SECRETsig';

const everyChar = (token: string, escape: (code: number) => string) => [...token].map((c) => escape(c.charCodeAt(0))).join("");
const hex = (code: number) => code.toString(16).padStart(2, "0");

/** Each form a server can echo the token in, as it appears in the response text (and what is left of it). */
const forms: [string, string, string?][] = [
  ["raw (in a non-JSON body)", TOKEN],
  ["JSON-escaped", JSON.stringify(TOKEN).slice(1, -1)],
  ["JSON-escaped with \\/", JSON.stringify(TOKEN).slice(1, -1).replaceAll("/", "\\/")],
  ["\\u-escaped, every character", everyChar(TOKEN, (c) => `\\u${hex(c).padStart(4, "0")}`)],
  ["\\u-escaped in upper case", everyChar(TOKEN, (c) => `\\u${hex(c).padStart(4, "0").toUpperCase()}`)],
  ["URL-encoded", encodeURIComponent(TOKEN)],
  ["percent-encoded, every character", everyChar(TOKEN, (c) => `%${hex(c).toUpperCase()}`)],
  ["base64", btoa(TOKEN)],
  // Only the characters that encode the prefix alone are left: 9 of "Bearer " (7 bytes), 2 of "x:".
  ["base64 of 'Bearer <token>' (another alignment)", btoa(`Bearer ${TOKEN}`), `${btoa("Bearer ").slice(0, 9)}[redacted]`],
  ["base64 of 'x:<token>' (the third alignment)", btoa(`x:${TOKEN}`), `${btoa("x:").slice(0, 2)}[redacted]`],
  ["base64url", btoa(TOKEN).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")],
];

/** Every view of an error a caller could log. */
const views = (error: unknown) => [String(error), JSON.stringify(error), inspect(error, { depth: 20, showHidden: true }), (error as Error).stack ?? ""].join("\n");

describe("scrub with the token registered: every derivable form, in every place", () => {
  beforeEach(() => {
    clearSecrets();
    registerSecret(TOKEN, "token");
  });

  it.each(forms)("removes the token %s from a string", (_what, form, left = "[redacted]") => {
    const text = `before ${form} after`;
    expect(scrub(text)).toBe(`before ${left} after`);
  });

  it("redacts the message, stack, string properties, a body's keys and values, and the whole cause chain", () => {
    const inner = new SyntaxError(`Unexpected token in "${TOKEN}"`);
    const outer = Object.assign(new Error(`failed: ${TOKEN}`, { cause: new Error("middle", { cause: inner }) }), {
      requestId: TOKEN,
      body: { [TOKEN]: [{ deep: encodeURIComponent(TOKEN) }], n: 1 },
    });
    const same = scrub(outer);
    expect(same).toBe(outer);
    expect(views(outer)).not.toContain("SECRETsig");
    expect(outer.message).toBe("failed: [redacted]");
    expect(inner.message).toBe('Unexpected token in "[redacted]"');
    expect(outer.body).toEqual({ "[redacted]": [{ deep: "[redacted]" }], n: 1 });
  });

  it("leaves ordinary text alone", () => {
    const text = "Invalid token: the token has expired. Bearer realm=api, error=invalid_token";
    expect(scrub(text)).toBe(text);
    registerSecret("tok-9f8e7d6c", "token");
    expect(scrub(text)).toBe(text);
  });

  it("survives cycles", () => {
    const cyclic: Record<string, unknown> = { t: TOKEN };
    cyclic["self"] = cyclic;
    const error = Object.assign(new Error("x"), { body: cyclic });
    expect((scrub(error).body as Record<string, unknown>)["t"]).toBe("[redacted]");
  });
});

describe("a server echoing the token: no error the client throws carries it", () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer();
  });
  afterAll(() => server.stop());

  const client = (token: string | (() => string) = TOKEN) =>
    createAmperityClient({ tenant: "acme", token, baseUrl: server.baseUrl, retry: { maxAttempts: 2 }, ...withHooks({ sleep: async () => {} }) });

  // The raw token holds `"` and `\`, so written raw into JSON it is not JSON: the non-JSON case below has it.
  it.each(forms.slice(1))("in a JSON 401 whose message holds the token %s", async (_what, form, left = "[redacted]") => {
    // The body is written by hand so that the server's own escaping is what reaches the client.
    server.handle((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end(`{"status":401,"message":"token ${form} is expired","request_id":"req-1"}`));
    const error = await caught(client().profiles.list("idx-1"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(`listProfiles: HTTP 401: token ${left} is expired`);
    expect(views(error)).not.toContain(form);
  });

  it.each(forms)("in a non-JSON 502 body holding the token %s", async (_what, form, left = "[redacted]") => {
    server.handle((_req, res) => res.writeHead(502, { "content-type": "text/html" }).end(`<p>upstream rejected ${form}</p>`));
    const error = await caught(client().profiles.list("idx-1"));
    expect(error.body).toBe(`<p>upstream rejected ${left}</p>`);
    expect(views(error)).not.toContain(form);
  });

  it("in a non-JSON 2xx body, which lands in the NetworkError's cause", async () => {
    server.handle((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(`${TOKEN} is not JSON`));
    const error = await caught(client().profiles.list("idx-1"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(views(error)).not.toContain("SECRETsig");
  });

  it("as a key of the error body, in request_id and in trace_id", async () => {
    server.handle((_req, res) => sendJson(res, 403, { message: "no", request_id: TOKEN, trace_id: `t-${TOKEN}`, [TOKEN]: TOKEN }));
    const error = await caught(client().profiles.list("idx-1"));
    expect(error).toMatchObject({ requestId: "[redacted]", traceId: "t-[redacted]", body: { "[redacted]": "[redacted]" } });
    expect(views(error)).not.toContain("SECRETsig");
  });

  it("a token function: the token of the attempt that failed is the one redacted", async () => {
    const tokens = ["eyJ-first-attempt-SECRET", "eyJ-second-attempt-SECRET"];
    let n = 0;
    server.handle((req, res) => sendJson(res, 503, { message: `bad ${String(req.headers.authorization).slice(7)}` }));
    const error = await caught(client(() => tokens[n++]!).profiles.list("idx-1"));
    expect(error).toMatchObject({ attempts: 2, message: "listProfiles: HTTP 503: bad [redacted]" });
    expect(views(error)).not.toContain("SECRET");
  });

  it("the CLI's one-line error carries no form of it", async () => {
    server.handle((_req, res) => res.writeHead(401, { "content-type": "application/json" }).end(`{"status":401,"message":"token ${forms[3]![1]} is expired"}`));
    const env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: TOKEN, AMPERITY_BASE_URL: server.baseUrl };
    const result = await runCli(["export", "idx-1", "--no-progress"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("amperity-profiles: API error 401: token [redacted] is expired\n");
  });
});

describe("a token too short to redact safely is refused before anything is sent", () => {
  it.each(["a", "abc", "1234567"])("%p", async (token) => {
    const fetch = jest.fn(async () => Response.json({ data: [] }));
    expect(() => createAmperityClient({ tenant: "acme", token, fetch })).toThrow(ConfigError);
    expect(() => createAmperityClient({ tenant: "acme", token, fetch })).toThrow(/token must be at least 8 characters long/);
    const fromFunction = await caught(createAmperityClient({ tenant: "acme", token: () => token, fetch }).indexes.list());
    expect(fromFunction).toBeInstanceOf(ConfigError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("8 characters are enough", async () => {
    const fetch = async () => Response.json({ data: [] });
    expect(await createAmperityClient({ tenant: "acme", token: "12345678", fetch }).indexes.list()).toEqual({ data: [] });
  });
});
