// The read-only script run through `prism proxy --errors` in front of the sandbox in `npm test` (a live tenant is
// checked by `amperity-profiles verify`). Every request the spec allows must cross the proxy without a single
// request or response violation; every request the spec forbids must be refused by Prism, and the server's own
// answer to it (sent directly) must still match the spec. This file owns the run and its verdict; the checks of
// allowed requests are in proxy-allowed-checks.ts, those of forbidden ones in proxy-forbidden-checks.ts.
import { apiVersions } from "../../generated/constraints.js";
import type { AmperityClient, ClientOptions, TokenAuth } from "../../src/index.js";
import { strictClient } from "./client.js";
import { defineAllowedChecks } from "./proxy-allowed-checks.js";
import { defineForbiddenChecks } from "./proxy-forbidden-checks.js";
import { answeredByPrism, logFindings, proxyFindings } from "./proxy-findings.js";
import type { Violation } from "./conformance.js";
import type { KnownData, ProxyReport, ProxyRun, ProxyTarget } from "./proxy-run.js";
import { recorder, send, violationsOf, type Exchange, type Recorder } from "./recorder.js";

/**
 * Defines the tests; `target` is read when they run (after `beforeAll` started the servers). The checks that need
 * `known` data exist only when it is given: a live tenant's page maximum and filter fields cannot be discovered
 * through the API.
 */
export function defineProxyChecks(
  target: () => ProxyTarget,
  options: { known?: KnownData; report?: (r: ProxyReport) => void } = {},
): void {
  const { known, report } = options;
  const forwarded: Recorder[] = [];
  const refused: Exchange[] = [];
  const direct: Array<{ name: string; rec: Recorder }> = [];

  function client(overrides: Partial<ClientOptions & TokenAuth> = {}): { client: AmperityClient; rec: Recorder } {
    const t = target();
    const made = strictClient(t.prism.url, { tenant: t.tenant, token: t.token, ...t.clientOptions, ...overrides });
    forwarded.push(made.rec);
    return made;
  }

  // Where Prism answered itself, its own findings say why; the checker would only add that its answer is not the API's.
  const checked = (rec: Recorder): Violation[] =>
    rec.exchanges.filter((e) => !answeredByPrism(e)).flatMap((e) => violationsOf(e));
  const clean = (rec: Recorder): { proxy: string[]; checker: Violation[] } => ({
    proxy: rec.exchanges.flatMap(proxyFindings),
    checker: checked(rec),
  });
  const nothing = { proxy: [], checker: [] };

  afterAll(() => {
    const findings = [
      ...forwarded.flatMap((rec) => [...rec.exchanges.flatMap(proxyFindings), ...checked(rec).map((v) => `${v.check}: ${v.message}`)]),
      ...direct.flatMap(({ name, rec }) => rec.violations().map((v) => `${v.check} (sent directly, ${name}): ${v.message}`)),
    ];
    const exchanges = [...forwarded, ...direct.map((d) => d.rec)].reduce((n, rec) => n + rec.exchanges.length, 0) + refused.length;
    report?.({ exchanges, findings });
  });

  // Jest runs a file's tests in declaration order: the allowed requests, the forbidden ones, then the verdict on all.
  const run: ProxyRun = { target, forwarded, refused, direct, client, checked, clean, nothing, headers };
  defineAllowedChecks(run, known);
  defineForbiddenChecks(run);

  describe("the proxy's verdict over the whole run", () => {
    test("no request or response violation on any forwarded request (sl-violations, Prism errors, conformance)", () => {
      const exchanges = forwarded.flatMap((rec) => rec.exchanges);
      expect(exchanges.length).toBeGreaterThan(10);
      expect(exchanges.flatMap(proxyFindings)).toEqual([]);
      expect(forwarded.flatMap(checked)).toEqual([]);
    });

    test("not_a_server_error: no forwarded request got a 5xx", () => {
      const errors = forwarded.flatMap((rec) => rec.exchanges).filter((e) => e.status >= 500);
      expect(errors.map((e) => `${e.method} ${e.url.pathname} → ${e.status}`)).toEqual([]);
    });

    test("Prism's log holds exactly one refusal per forbidden request and no other violation", async () => {
      const t = target();
      const marker = `contract-sentinel-${Date.now()}`;
      const lines = await logFindings(t.prism, async () => {
        const sentinel = await send(recorder(), `${t.prism.url}/indexes/${marker}`, { headers: headers() });
        expect(sentinel.status).toBe(404);
        return marker;
      });
      expect(lines.filter((l) => !/UNPROCESSABLE_ENTITY|UNAUTHORIZED/.test(l))).toEqual([]);
      expect(lines).toHaveLength(refused.length);
    });
  });

  function headers(): Record<string, string> {
    return { authorization: `Bearer ${target().token}`, "api-version": apiVersions[0], "amperity-tenant": target().tenant };
  }
}
