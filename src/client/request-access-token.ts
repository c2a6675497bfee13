// One client-credentials exchange (createAccessToken): a form-encoded POST to the token endpoint, sent through the
// HTTP edge like every API call (the budget, a timer per attempt, no redirects, the body read under a cap), with
// the same retry decision and error mapping, and stopped by the caller's signal. The secret only ever goes into
// the request body; an error that echoes it (or the client id, or the form body) is scrubbed by the secrets edge.
import type { Config } from "./options.js";
import { minTokenLength } from "./token.js";
import { ResponseValidationError } from "./errors.js";
import { toApiError } from "./to-api-error.js";
import { exchange } from "../edges/http/exchange.js";
import { decodeBody } from "../edges/http/read-body.js";
import { cutOff, failureOf, type Failure } from "./http-failure.js";
import { retryDelay } from "./retry.js";
import { registerSecret, scrub } from "../edges/secrets/index.js";

export interface Credentials {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
}

export interface AccessToken {
  token: string;
  /** Lifetime in ms from when the request was sent, or undefined when the server stated none. */
  lifetimeMs: number | undefined;
}

type Deps = Pick<Config, "tenant" | "fetch" | "retry" | "timeoutMs" | "sleep" | "now" | "random" | "onRetry" | "budget">;

/** Token responses are a few hundred bytes; anything far larger is not one. */
export const maxTokenResponseBytes = 64 * 1024;

export async function requestAccessToken(deps: Deps, credentials: Credentials, signal?: AbortSignal): Promise<AccessToken> {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  }).toString();
  // Again on every request: the credentials in use stay among those the registry keeps (registry.ts).
  registerSecret(credentials.clientSecret, "client secret");
  registerSecret(credentials.clientId, "client id");
  // The token endpoint's own spelling of the tenant header (DOC-27); no api-version (DOC-28).
  const headers = { "content-type": "application/x-www-form-urlencoded", accept: "application/json", "x-amperity-tenant": deps.tenant };
  const request = { target: credentials.tokenUrl, url: credentials.tokenUrl, method: "POST", headers, body };
  const options = { fetch: deps.fetch, timeoutMs: deps.timeoutMs, maxBytes: maxTokenResponseBytes, signal, budget: deps.budget };
  const limit = `a token response's ${maxTokenResponseBytes} bytes`;

  async function attempt(): Promise<AccessToken | Failure> {
    const sentAt = deps.now();
    const result = await exchange(request, options);
    if ("kind" in result) {
      if (result.kind === "aborted") throw result.reason;
      return failureOf(result, "token response", limit);
    }
    const text = decodeBody(result.bytes);
    const { status } = result.response;
    if (!result.response.ok) {
      // A 400 or 401 is the refusal of the credentials (a CredentialsRefusedError): retry.ts does not retry it.
      const { headers } = result.response;
      const retryAfter = headers.get("retry-after");
      const error = (n: number) => toApiError({ status, text, headers, attempts: n, now: deps.now(), operation: "createAccessToken", redact: scrub });
      return { kind: "status", status, retryAfter, error };
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (cause) {
      return cutOff("token response", cause);
    }
    // A 200 that is not a usable token is reported as such (parseToken throws), not retried as a cut-off body.
    return parseToken(data, sentAt);
  }

  for (let n = 1; ; n++) {
    const outcome = await attempt();
    if (!("kind" in outcome)) return outcome;
    const delayMs = retryDelay(outcome, n, deps.retry, deps.random, deps.now());
    // Whatever the endpoint echoed of the secret, the client id or the form body, in any encoding, is scrubbed.
    if (delayMs === undefined) throw scrub(outcome.error(n));
    const reason = outcome.kind === "status" ? `HTTP ${outcome.status}` : outcome.kind;
    deps.onRetry?.({ attempt: n, delayMs, reason: `token endpoint ${reason}`, ...(outcome.kind === "status" && { status: outcome.status }) });
    await deps.sleep(delayMs, signal);
  }
}

/** The 200 body: `access_token` (a header-safe string), `token_type` Bearer, optional `expires_in` (DOC-29). */
function parseToken(data: unknown, sentAt: number): AccessToken {
  const fields = (data ?? {}) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
  // Before any check that could fail: a token refused here is still one the endpoint issued.
  if (typeof fields.access_token === "string") registerSecret(fields.access_token, "token");
  const invalid = (pointer: string, detail: string) => new ResponseValidationError("createAccessToken", pointer, detail);
  const token = fields.access_token;
  // The server's answer, not the user's setting: a response error, and no message quotes the value.
  if (typeof token !== "string" || token === "") throw invalid("/access_token", "must be a non-empty string");
  if (!/^[\x21-\x7e]+$/.test(token)) throw invalid("/access_token", "holds characters a bearer token cannot carry in a header");
  if (token.length < minTokenLength) throw invalid("/access_token", `must be at least ${minTokenLength} characters long (got ${token.length})`);
  if (typeof fields.token_type !== "string" || fields.token_type.toLowerCase() !== "bearer") throw invalid("/token_type", "must be Bearer");
  const expires = fields.expires_in;
  if (expires !== undefined && (!Number.isInteger(expires) || (expires as number) < 0)) throw invalid("/expires_in", "must be an integer >= 0");
  return { token, lifetimeMs: expires === undefined ? undefined : (expires as number) * 1000 };
}

