/**
 * One HTTP attempt, the only way this package sends a request: the API's calls, the OAuth token endpoint and
 * verify's raw GETs all come through here. It takes the request's slot in the budget, gives the attempt its own
 * timer (started once the slot is granted), follows the caller's signal, refuses redirects (following one would
 * send the token and tenant wherever it points), and reads the body under a byte cap while the timer runs, so
 * a bomb or an endless stream stops at the cap and a stalled body times out. What comes back is the response
 * with its bytes, or a typed failure for the caller to word and decide on.
 */
import type { RequestBudget } from "./budget.js";
import { hostAndPort, networkFailure, type NetworkFailure } from "./network-failure.js";
import { readBody } from "./read-body.js";

export interface HttpRequest {
  /** What fetch is given: the URL, or a Request of the caller's whose body and options it keeps. */
  target: string | Request;
  /** The URL, for redirects and failures. */
  url: string;
  method: string;
  /** Replace whatever headers `target` carries. */
  headers: Record<string, string>;
  body?: string;
}

export interface ExchangeOptions {
  /** `globalThis.fetch`'s two arguments. */
  fetch: (input: string | Request, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
  /** The longest body read, counted after any content decoding. */
  maxBytes: number;
  signal?: AbortSignal | null | undefined;
  budget?: RequestBudget | undefined;
  /** Called once the budget has granted the request's slot, as it is sent (the client's request hook fires there). */
  onSend?: (() => void) | undefined;
  /** Sees the response as soon as its headers arrive, before anything is refused. */
  onHeaders?: ((response: Response) => void) | undefined;
  /**
   * Sees each chunk of the body (of any answer but a redirect) as it arrives, within the cap and the time, until
   * it returns false (read-body.ts); the whole body still comes back as `bytes`. It must not throw: a throw ends
   * the read like a body that broke off.
   */
  onChunk?: ((chunk: Uint8Array, response: Response) => boolean) | undefined;
}

/** A response whose body was read whole, within the cap and the time. */
export interface Exchanged {
  response: Response;
  bytes: Uint8Array;
}

export type HttpFailure =
  /** A 3xx (status), or a redirect an injected fetch followed anyway (no status); `origin` of the target only. */
  | { kind: "redirect"; status: number | undefined; origin: string | undefined; response: Response }
  | { kind: "too-large"; status: number; maxBytes: number }
  | { kind: "timeout"; timeoutMs: number; host: string }
  /** No response: the failure in plain words (network-failure.ts). */
  | { kind: "network"; failure: NetworkFailure; cause: unknown }
  /** A 2xx status arrived but its body broke off (a failed error body is a network failure). */
  | { kind: "cut-off"; status: number; cause: unknown }
  /** The caller's signal: `reason` is what it aborted with. */
  | { kind: "aborted"; reason: unknown };

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export async function exchange(request: HttpRequest, options: ExchangeOptions): Promise<Exchanged | HttpFailure> {
  const caller = options.signal ?? undefined;
  try {
    // A request the budget refuses is not sent: its RequestBudgetError is the caller's to report.
    if (options.budget) await options.budget.take(caller);
    else caller?.throwIfAborted();
  } catch (error) {
    if (caller?.aborted) return { kind: "aborted", reason: caller.reason };
    throw error;
  }
  options.onSend?.();
  const controller = new AbortController();
  // The timer and the caller's signal end the attempt here, not only through fetch: an injected fetch (or a body
  // stream) that ignores its signal would otherwise outlive its timeout, and hold the timer, for ever.
  let stop!: (reason: unknown) => void;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  stopped.catch(() => undefined);
  const onAbort = () => {
    controller.abort(caller!.reason);
    stop(caller!.reason);
  };
  caller?.addEventListener("abort", onAbort, { once: true });
  // The caller may have given up while the budget's slot was being granted.
  if (caller?.aborted) onAbort();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
    stop(controller.signal.reason);
  }, options.timeoutMs);
  let response: Response | undefined;
  try {
    const init: RequestInit = { method: request.method, headers: request.headers, signal: controller.signal, redirect: "manual" };
    if (request.body !== undefined) init.body = request.body;
    response = await Promise.race([options.fetch(request.target, init), stopped]);
    options.onHeaders?.(response);
    const { status } = response;
    // An injected fetch may have followed one anyway: its response is refused as well.
    const followed = response.redirected;
    if (followed || redirectStatuses.has(status)) {
      void response.body?.cancel().catch(() => undefined);
      const origin = originOf(followed ? response.url : response.headers.get("location"), request.url);
      return { kind: "redirect", status: followed ? undefined : status, origin, response };
    }
    const { onChunk } = options;
    const received = response;
    const bytes = await Promise.race([readBody(response, options.maxBytes, onChunk && ((chunk) => onChunk(chunk, received))), stopped]);
    if (bytes === undefined) {
      controller.abort();
      return { kind: "too-large", status, maxBytes: options.maxBytes };
    }
    return { response, bytes };
  } catch (cause) {
    if (caller?.aborted) return { kind: "aborted", reason: caller.reason };
    if (timedOut) return { kind: "timeout", timeoutMs: options.timeoutMs, host: hostAndPort(request.url).text };
    if (response?.ok) return { kind: "cut-off", status: response.status, cause };
    return { kind: "network", failure: networkFailure(cause, request.url), cause };
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onAbort);
  }
}

/** Only the origin of a redirect's target is reported: its path and query may carry anything. */
function originOf(target: string | null, base: string): string | undefined {
  if (!target) return undefined;
  try {
    const { origin } = new URL(target, base);
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}
