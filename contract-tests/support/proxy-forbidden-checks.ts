// The requests the spec forbids, for defineProxyChecks (proxy-checks.ts): Prism must refuse each one itself, and the
// server's own answer to it, sent directly around Prism, must still match the spec.
import type { ProxyRun } from "./proxy-run.js";
import { refusedByPrism } from "./proxy-findings.js";
import { recorder, send } from "./recorder.js";

export function defineForbiddenChecks(run: ProxyRun): void {
  const { target, refused, direct, headers } = run;

  describe("negative_data_rejection / missing_required_header: requests the spec forbids", () => {
    const cases: Array<{ name: string; query?: string; headers?: Record<string, string | undefined>; status: number }> = [
      { name: "limit=0", query: "limit=0", status: 400 },
      { name: "limit=abc", query: "limit=abc", status: 400 },
      { name: "DOC-32: missing api-version", headers: { "api-version": undefined }, status: 401 },
      { name: "DOC-23: unsupported api-version", headers: { "api-version": "2024-01-01" }, status: 400 },
      { name: "ignored_auth: missing Authorization", headers: { authorization: undefined }, status: 401 },
    ];

    test.each(cases)("$name: Prism refuses it; the server's own answer is a declared $status", async (c) => {
      const t = target();
      const path = `/indexes${c.query ? `?${c.query}` : ""}`;
      const init = { headers: { ...headers(), ...c.headers } };
      const viaPrism = await send(recorder(), t.prism.url + path, init);
      refused.push(viaPrism);
      expect(refusedByPrism(viaPrism)).toBe(true);
      const rec = recorder({ basePath: new URL(t.directUrl).pathname });
      direct.push({ name: c.name, rec });
      const answer = await send(rec, t.directUrl + path, init);
      expect(answer.status).toBe(c.status);
      expect(rec.violations()).toEqual([]);
    });
  });
}
