/**
 * Verify's own request path. The SDK client refuses to send what verify must send on purpose (no token, a wrong
 * api-version, limit=0), so verify speaks HTTP itself, with the same base URL, tenant and token. It is read-only
 * (GET, and one OPTIONS per path: safe methods only), never follows a redirect (a 3xx is recorded, and the checks fail it), keeps a request budget and a
 * gentle rate, and never lets the token into what it records.
 */
import { sleep as defaultSleep } from "../edges/http/sleep.js";

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
  token: () => Promise<string>;
  maxRequests: number;
  maxRps: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  timeoutMs?: number;
}

/** Thrown when a request would exceed --max-requests; the checks still to run are reported as skipped. */
export class BudgetExhausted extends Error {
  override readonly name = "BudgetExhausted";
}

export interface Sender {
  send(request: RequestSpec): Promise<Exchange>;
  /** Requests sent so far, and how many the budget still allows. */
  readonly sent: number;
  readonly remaining: number;
}

const redacted = "Bearer <redacted>";
// A 429 or 503 is waited out (Retry-After, capped) and sent again, at most this often, within the budget.
const maxRetries = 2;
const maxRetryWaitMs = 10_000;

export function createSender(options: SenderOptions): Sender {
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => performance.now());
  const gapMs = 1000 / options.maxRps;
  const base = options.baseUrl.replace(/\/+$/, "");
  let sent = 0;
  let nextAt = -Infinity;

  async function once(request: RequestSpec): Promise<Exchange> {
    if (sent >= options.maxRequests) throw new BudgetExhausted(`the request budget (--max-requests ${options.maxRequests}) is used up`);
    const wait = nextAt - now();
    if (wait > 0) await sleep(wait);
    nextAt = Math.max(now(), nextAt) + gapMs;
    sent++;
    const headers: Record<string, string> = {
      accept: "application/json",
      "amperity-tenant": options.tenant,
      "api-version": options.apiVersion,
    };
    let authorization: string | undefined = `Bearer ${await options.token()}`;
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      const key = name.toLowerCase();
      if (key === "authorization") authorization = value ?? undefined;
      else if (value === null) delete headers[key];
      else headers[key] = value;
    }
    const query = (request.query ?? []).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
    const url = `${base}${request.path}${query ? `?${query}` : ""}`;
    const method = request.method ?? "GET";
    const response = await fetchImpl(url, {
      method,
      headers: authorization === undefined ? headers : { ...headers, authorization },
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const body = await response.text();
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => (responseHeaders[name.toLowerCase()] = value));
    let json: unknown;
    try {
      json = body === "" ? undefined : JSON.parse(body);
    } catch {
      json = undefined;
    }
    const shown = authorization === undefined ? headers : { ...headers, authorization: redactAuthorization(authorization) };
    return { method, url, requestHeaders: shown, status: response.status, headers: responseHeaders, body, json };
  }

  return {
    async send(request) {
      for (let attempt = 0; ; attempt++) {
        const exchange = await once(request);
        if ((exchange.status !== 429 && exchange.status !== 503) || attempt >= maxRetries || sent >= options.maxRequests) {
          return exchange;
        }
        await sleep(Math.min(retryAfterMs(exchange.headers["retry-after"]) ?? 1000, maxRetryWaitMs));
      }
    },
    get sent() {
      return sent;
    },
    get remaining() {
      return Math.max(0, options.maxRequests - sent);
    },
  };
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
