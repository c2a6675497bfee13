/**
 * Verify's own requests. The SDK client refuses to send what verify must send on purpose (no token, a wrong
 * api-version, limit=0), so verify builds its requests itself, with the same base URL, tenant and token, and sends
 * them through the same HTTP edge as every request (exchange.ts): the shared budget, a timer per attempt, the
 * caller's signal, no redirect followed (a 3xx is recorded, and the checks fail it), the body read under a cap.
 * It is read-only (GET, and one OPTIONS per path: safe methods only), and never lets the token into what it records.
 */
import { exchange, type ExchangeOptions, type HttpFailure } from "../edges/http/exchange.js";
import { RequestBudgetError, type RequestBudget } from "../edges/http/budget.js";
import { decodeBody } from "../edges/http/read-body.js";
import { sleep as defaultSleep } from "../edges/http/sleep.js";
import { NetworkError, RedirectError, ResponseTooLargeError, TimeoutError } from "../index.js";

export interface Exchange {
  method: ProbeMethod;
  /** The URL sent, relative to nothing (it holds no credential: the token only ever travels in a header). */
  url: string;
  /** The request headers, the Authorization value redacted. */
  requestHeaders: Record<string, string>;
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON whatever its content type, or undefined when it is not JSON. */
  json: unknown;
}

/** GET, and OPTIONS for the unsupported-method probe: both safe (RFC 9110 §9.2.1), so neither can change data. */
export type ProbeMethod = "GET" | "OPTIONS";

export interface RequestSpec {
  /** Default GET. */
  method?: ProbeMethod;
  /** Path under the base URL, each parameter already percent-encoded. */
  path: string;
  /** Query pairs, in order; values are encoded here. */
  query?: [string, string][];
  /** Header overrides; `null` drops a default header (amperity-tenant, api-version, authorization). */
  headers?: Record<string, string | null>;
}

export interface SenderOptions {
  baseUrl: string;
  tenant: string;
  apiVersion: string;
  /** The bearer token; a token request it makes passes the same budget. */
  token: (signal?: AbortSignal) => Promise<string>;
  /** Counts and spaces every request of the run, token requests included. */
  budget: RequestBudget;
  /** Stops the run: whatever is in flight is abandoned. */
  signal?: AbortSignal;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  fetch?: ExchangeOptions["fetch"];
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A request got no response to judge (a network failure, a timeout, a body over the cap), even when retried. */
export class NoResponseError extends Error {
  override readonly name = "NoResponseError";
  constructor(
    message: string,
    /** The request that went unanswered (no status, no body). */
    readonly request: Pick<Exchange, "method" | "url" | "requestHeaders">,
  ) {
    super(message);
  }
}

export interface Sender {
  /** The exchange, or throws RequestBudgetError, NoResponseError, or the signal's reason. */
  send(request: RequestSpec): Promise<Exchange>;
  /** Requests sent so far, and how many the budget still allows (token requests count). */
  readonly sent: number;
  readonly remaining: number;
}

/**
 * A path segment or query part percent-encoded, whatever the server sent: a lone surrogate (which
 * encodeURIComponent throws on, and no URL can carry) becomes U+FFFD, so such an id is asked for and judged.
 */
export const encodePart = (text: string): string => encodeURIComponent(text.replace(loneSurrogates, "\ufffd"));
const loneSurrogates = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const redacted = "Bearer <redacted>";
// A 429 or 503, a network failure or a timeout is sent again at most this often, within the budget; a 429 or
// 503 after its Retry-After (capped), anything else after a second.
const maxRetries = 2;
const maxRetryWaitMs = 10_000;
/** Verify reads pages of at most a few hundred profiles; a body far larger is not one. */
const maxResponseBytes = 16 * 2 ** 20;

export function createSender(options: SenderOptions): Sender {
  const { budget, signal } = options;
  const fetchImpl: ExchangeOptions["fetch"] = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const base = options.baseUrl.replace(/\/+$/, "");

  async function once(request: RequestSpec): Promise<Exchange | Unanswered> {
    const headers: Record<string, string> = {
      accept: "application/json",
      "amperity-tenant": options.tenant,
      "api-version": options.apiVersion,
    };
    let authorization: string | undefined = `Bearer ${await token()}`;
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      const key = name.toLowerCase();
      if (key === "authorization") authorization = value ?? undefined;
      else if (value === null) delete headers[key];
      else headers[key] = value;
    }
    const query = (request.query ?? []).map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`).join("&");
    const url = `${base}${request.path}${query ? `?${query}` : ""}`;
    const shown = authorization === undefined ? headers : { ...headers, authorization: redactAuthorization(authorization) };
    const method = request.method ?? "GET";
    const sent = { method, url, requestHeaders: shown };
    const result = await exchange(
      { target: url, url, method, headers: authorization === undefined ? headers : { ...headers, authorization } },
      { fetch: fetchImpl, timeoutMs, maxBytes: maxResponseBytes, signal, budget },
    );
    if ("kind" in result) {
      if (result.kind === "aborted") throw result.reason;
      // A redirect is an answer: recorded as it came, for the status check to fail.
      if (result.kind === "redirect" && result.status !== undefined) return { ...sent, ...answer(result.response, "") };
      return { ...unanswered(result), request: sent };
    }
    return { ...sent, ...answer(result.response, decodeBody(result.bytes)) };
  }

  /** The token for a request; a token endpoint that does not answer is a request without a response. */
  async function token(): Promise<string> {
    try {
      return await options.token(signal);
    } catch (error) {
      if (signal?.aborted || error instanceof RequestBudgetError) throw error;
      if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof RedirectError || error instanceof ResponseTooLargeError) {
        throw new NoResponseError(`the token request got no usable answer: ${error.message}`, { method: "GET", url: "", requestHeaders: {} });
      }
      throw error;
    }
  }

  return {
    async send(request) {
      for (let attempt = 0; ; attempt++) {
        const outcome = await once(request);
        const last = attempt >= maxRetries || budget.remaining === 0;
        if ("unanswered" in outcome) {
          if (last || !outcome.retryable) {
            throw new NoResponseError(`${outcome.unanswered} (${attempt + 1} attempt${attempt === 0 ? "" : "s"})`, outcome.request);
          }
          await sleep(1000, signal);
          continue;
        }
        if ((outcome.status !== 429 && outcome.status !== 503) || last) return outcome;
        await sleep(Math.min(retryAfterMs(outcome.headers["retry-after"]) ?? 1000, maxRetryWaitMs), signal);
      }
    },
    get sent() {
      return budget.sent;
    },
    get remaining() {
      return budget.remaining;
    },
  };
}

function answer(response: Response, body: string): Pick<Exchange, "status" | "headers" | "body" | "json"> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
  let json: unknown;
  try {
    json = body === "" ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers, body, json };
}

interface Unanswered {
  /** Why, in plain words. */
  unanswered: string;
  /** Whether sending it again could help. */
  retryable: boolean;
  request: Pick<Exchange, "method" | "url" | "requestHeaders">;
}

function unanswered(failure: Exclude<HttpFailure, { kind: "aborted" }>): Omit<Unanswered, "request"> {
  switch (failure.kind) {
    case "network":
      return { unanswered: failure.failure.what, retryable: failure.failure.retryable };
    case "timeout":
      return { unanswered: `the request to ${failure.host} timed out after ${failure.timeoutMs} ms (--timeout)`, retryable: true };
    case "cut-off":
      return { unanswered: `the HTTP ${failure.status} response body was cut off`, retryable: true };
    case "too-large":
      return { unanswered: `the HTTP ${failure.status} response body is larger than ${failure.maxBytes} bytes; it was not read further`, retryable: false };
    case "redirect":
      return { unanswered: `the server redirected to ${failure.origin ?? "an unreadable Location"} (not followed)`, retryable: false };
  }
}

/** Keeps the shape of a deliberately broken Authorization value visible, never a real token. */
function redactAuthorization(value: string): string {
  return /^Bearer [^\s]+$/.test(value) ? redacted : "<malformed, redacted>";
}

function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
