/** What every step of a verify run shares: the sender, the log of checks, and the spec's operations by id. */
import type { CheckLog, CheckName } from "./checks.js";
import { judgeResponse } from "./conformance.js";
import type { Exchange, RequestSpec, Sender } from "./raw-request.js";
import type { SpecOperation } from "./spec-operations.js";

export interface VerifyContext {
  sender: Sender;
  log: CheckLog;
  operations: Map<string, SpecOperation>;
}

/** Sends `request` for `op` and applies the response checks to what comes back. */
export async function sendFor(ctx: VerifyContext, op: SpecOperation, request: RequestSpec): Promise<Exchange> {
  const exchange = await ctx.sender.send(request);
  judgeResponse(ctx.log, op, exchange);
  return exchange;
}

/** The operation with this id, or undefined when the spec no longer has it (the steps that need it skip). */
export function operation(ctx: VerifyContext, operationId: string): SpecOperation | undefined {
  return ctx.operations.get(operationId);
}

/** Sends a request the spec allows and judges positive_data_acceptance on it: it must get a 2xx. */
export async function sendValid(ctx: VerifyContext, op: SpecOperation, request: RequestSpec, label: string): Promise<Exchange> {
  const exchange = await sendFor(ctx, op, request);
  const ok = exchange.status >= 200 && exchange.status < 300;
  ctx.log.judge("positive_data_acceptance", exchange, ok ? undefined : `${op.operationId} with ${label}: HTTP ${exchange.status}${errorText(exchange)}`);
  return exchange;
}

/** Sends a request that must be refused with a documented 4xx (or exactly 401), judged under `check`. */
export async function sendInvalid(
  ctx: VerifyContext,
  op: SpecOperation,
  request: RequestSpec,
  label: string,
  check: CheckName,
  expect: "4xx" | 401 = "4xx",
): Promise<Exchange> {
  const exchange = await sendFor(ctx, op, request);
  const s = exchange.status;
  const refused = expect === 401 ? s === 401 : s >= 400 && s < 500 && s !== 429 && op.responses[String(s)] !== undefined;
  const wanted = expect === 401 ? "401" : "a documented 4xx";
  ctx.log.judge(check, exchange, refused ? undefined : `${op.operationId} with ${label}: expected ${wanted}, got HTTP ${s}`);
  return exchange;
}

/** `: <the server's message>` from an error body, for failure lines. */
export function errorText(exchange: Exchange): string {
  const message = (exchange.json as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? `: ${message.slice(0, 200)}` : "";
}

/** The `data` array of a list body, or undefined when the body has none. */
export function pageData(exchange: Exchange): Record<string, unknown>[] | undefined {
  const data = (exchange.json as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? (data as Record<string, unknown>[]) : undefined;
}

/** The page's next_token when it names a further page; absent, null and "" all mean the last page (DOC-17). */
export function nextToken(exchange: Exchange): string | undefined {
  const token = (exchange.json as { next_token?: unknown } | undefined)?.next_token;
  return typeof token === "string" && token !== "" ? token : undefined;
}
