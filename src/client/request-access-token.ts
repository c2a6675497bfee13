// One client-credentials exchange (createAccessToken): a form-encoded POST to the token endpoint, with the same
// per-attempt timeout, retry decision and error mapping as every API call. The secret only ever goes into the
// request body; an error body that echoes it (or the client id) is redacted.
import type { Config } from "./options.js";
import { checkToken } from "./token.js";
import { AmperityError, NetworkError, ResponseValidationError, TimeoutError } from "./errors.js";
import { toApiError } from "./to-api-error.js";
import { retryDelay, type Outcome } from "./retry.js";

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

type Deps = Pick<Config, "tenant" | "fetch" | "retry" | "timeoutMs" | "sleep" | "now" | "random" | "onRetry">;
type Failure = Outcome & { error(attempts: number): Error };

/** Token responses are a few hundred bytes; anything far larger is not one. */
const maxBodyChars = 64 * 1024;

export async function requestAccessToken(deps: Deps, credentials: Credentials): Promise<AccessToken> {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  }).toString();
  const redact = (text: string) =>
    text.replaceAll(credentials.clientSecret, "[redacted]").replaceAll(credentials.clientId, "[client id]");

  async function attempt(): Promise<AccessToken | Failure> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, deps.timeoutMs);
    const sentAt = deps.now();
    let response: Response | undefined;
    try {
      response = await deps.fetch(credentials.tokenUrl, {
        method: "POST",
        // The token endpoint's own spelling of the tenant header (DOC-27); no api-version (DOC-28).
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", "x-amperity-tenant": deps.tenant },
        body,
        signal: controller.signal,
        redirect: "error",
      });
      const text = (await response.text()).slice(0, maxBodyChars);
      const { status } = response;
      if (!response.ok) {
        // A 400 or 401 is the refusal of the credentials (a CredentialsRefusedError): retry.ts does not retry it.
        const { headers } = response;
        const retryAfter = headers.get("retry-after");
        const error = (n: number) => toApiError({ status, text: redact(text), headers, attempts: n, now: deps.now(), operation: "createAccessToken", redact });
        return { kind: "status", status, retryAfter, error };
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (cause) {
        return cutOff(cause);
      }
      return parseToken(data, sentAt);
    } catch (cause) {
      // A 200 that is not a usable token: reported as such, not retried as a cut-off body.
      if (cause instanceof AmperityError) throw cause;
      if (timedOut) return { kind: "timeout", error: (n) => new TimeoutError(deps.timeoutMs, n) };
      if (response?.ok) return cutOff(cause);
      return { kind: "network", error: (n) => new NetworkError(`The token request failed: ${describe(cause)} (attempt ${n})`, n, { cause }) };
    } finally {
      clearTimeout(timer);
    }
  }

  for (let n = 1; ; n++) {
    const outcome = await attempt();
    if (!("kind" in outcome)) return outcome;
    const delayMs = retryDelay(outcome, n, deps.retry, deps.random, deps.now());
    if (delayMs === undefined) throw outcome.error(n);
    const reason = outcome.kind === "status" ? `HTTP ${outcome.status}` : outcome.kind;
    deps.onRetry?.({ attempt: n, delayMs, reason: `token endpoint ${reason}`, ...(outcome.kind === "status" && { status: outcome.status }) });
    await deps.sleep(delayMs);
  }
}

/** The 200 body: `access_token` (a header-safe string), `token_type` Bearer, optional `expires_in` (DOC-29). */
function parseToken(data: unknown, sentAt: number): AccessToken {
  const fields = (data ?? {}) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
  const invalid = (pointer: string, detail: string) => new ResponseValidationError("createAccessToken", pointer, detail);
  if (typeof fields.access_token !== "string" || fields.access_token === "") throw invalid("/access_token", "must be a non-empty string");
  if (typeof fields.token_type !== "string" || fields.token_type.toLowerCase() !== "bearer") throw invalid("/token_type", "must be Bearer");
  const expires = fields.expires_in;
  if (expires !== undefined && (!Number.isInteger(expires) || (expires as number) < 0)) throw invalid("/expires_in", "must be an integer >= 0");
  // No message of checkToken quotes the value, so a malformed token is refused without being shown.
  const token = checkToken(fields.access_token);
  return { token, lifetimeMs: expires === undefined ? undefined : (expires as number) * 1000 };
}

function cutOff(cause: unknown): Failure {
  return { kind: "cut-off", error: (n) => new NetworkError(`The token response was cut off or is not valid JSON (attempt ${n})`, n, { cause }) };
}

function describe(error: unknown): string {
  const inner = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof inner?.code === "string") return inner.code;
  return error instanceof Error ? error.message : "network error";
}
