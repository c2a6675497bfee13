import type { Exchange } from "./recorder.js";
import type { PrismServer } from "./prism.js";

/**
 * What Prism's validating proxy (`prism proxy --errors`) says about one exchange: every entry of its
 * `sl-violations` header (warnings, such as an undeclared status, pass through with the header), and any answer
 * Prism made itself instead of forwarding (`application/problem+json`: 422 for an invalid request, 401 for a
 * missing credential, 500 for a response that broke the spec).
 */
export function proxyFindings(exchange: Exchange): string[] {
  const where = `${exchange.method} ${exchange.url.pathname}${exchange.url.search} → ${exchange.status}`;
  const findings: string[] = [];
  const header = exchange.headers.get("sl-violations");
  if (header !== null) {
    for (const v of JSON.parse(header) as Array<{ location?: string[]; severity?: string; message?: string }>) {
      findings.push(`${where}: ${v.severity ?? "?"} at ${(v.location ?? []).join(".")}: ${v.message ?? ""}`);
    }
  }
  if (answeredByPrism(exchange)) {
    const problem = JSON.parse(exchange.body) as { type?: string; title?: string };
    findings.push(`${where}: Prism answered instead of the server: ${problem.title ?? ""} (${problem.type ?? ""})`);
  }
  return findings;
}

/** True when the answer is Prism's own (a problem document), not the server's. */
export function answeredByPrism(exchange: Exchange): boolean {
  return (exchange.headers.get("content-type") ?? "").startsWith("application/problem+json");
}

/** True when Prism refused the request itself (the spec forbids it), rather than forwarding it. */
export function refusedByPrism(exchange: Exchange): boolean {
  return answeredByPrism(exchange) && [401, 422].includes(exchange.status);
}

/**
 * Violations and refusals in Prism's log, apart from the readiness probe's `GET /`. Waits until a sentinel request
 * has been logged, so every line of the requests before it has been read from the pipe.
 */
export async function logFindings(prism: PrismServer, sentinel: () => Promise<string>): Promise<string[]> {
  const marker = await sentinel();
  const deadline = Date.now() + 10_000;
  while (!prism.logLines().some((line) => line.includes(marker)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return prism
    .logLines()
    .filter((line) => /Violation:|Request terminated with error/.test(line))
    .filter((line) => !/\] get \/ .*NO_PATH_MATCHED/.test(line));
}
