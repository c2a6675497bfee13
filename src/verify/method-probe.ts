/**
 * unsupported_method: a path answers a method the spec does not declare for it with 405 and an Allow header that
 * names the methods it does declare. The probe is OPTIONS, chosen because it can never change data: it is safe by
 * definition (RFC 9110 §9.2.1, §9.3.7), so even an API that one day answers it cannot mutate on it, and it is a
 * method every server knows, so the right refusal is 405 (a made-up method token would rightly get 501, §15.6.2).
 * Not TRACE, also safe: fetch refuses to send it, and a server that answers it echoes the request, token included.
 * Not HEAD: a server that allows GET should allow HEAD. An API answering OPTIONS with a 2xx fails the check: it
 * serves a method its spec does not document.
 */
import type { VerifyContext } from "./context.js";
import type { Exchange } from "./raw-request.js";
import type { SpecOperation } from "./spec-operations.js";

const probe = "OPTIONS";

/** The methods the spec declares for `op`'s path, upper case. */
export function declaredMethods(ctx: VerifyContext, op: SpecOperation): string[] {
  return [...ctx.operations.values()].filter((o) => o.path === op.path).map((o) => o.method.toUpperCase());
}

/** What is wrong with the answer to the probe, or undefined. */
export function unsupportedMethodViolation(exchange: Exchange, declared: string[]): string | undefined {
  const where = `${probe} ${exchange.url}`;
  if (exchange.status !== 405) return `${where}: expected 405, got HTTP ${exchange.status}`;
  const allow = exchange.headers["allow"];
  if (allow === undefined) return `${where}: 405 without an Allow header (RFC 9110 §15.5.6 requires one)`;
  const listed = allow.split(",").map((m) => m.trim().toUpperCase()).filter(Boolean);
  const missing = declared.filter((m) => !listed.includes(m));
  if (missing.length > 0) return `${where}: Allow ${JSON.stringify(allow)} leaves out ${missing.join(", ")}, which the spec declares`;
  if (listed.includes(probe)) return `${where}: Allow ${JSON.stringify(allow)} lists ${probe}, which it refused`;
  return undefined;
}

/** Sends the probe to `path` (the operation's, filled) and judges unsupported_method. */
export async function probeUnsupportedMethod(ctx: VerifyContext, op: SpecOperation, path: string): Promise<void> {
  const declared = declaredMethods(ctx, op);
  if (declared.includes(probe)) return;
  const exchange = await ctx.sender.send({ method: probe, path });
  ctx.log.judge("unsupported_method", exchange, unsupportedMethodViolation(exchange, declared));
}
