// The one mapping from an HTTP error response to an error of the hierarchy in errors.ts: it alone decides the class.
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CredentialsRefusedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  type ApiErrorInit,
} from "./errors.js";
import { parseRetryAfter } from "./retry.js";
import { scrub } from "../edges/secrets/index.js";

type ErrorBody = { message?: unknown; request_id?: unknown; trace_id?: unknown; error_description?: unknown };

/** A non-2xx response as the mapping needs it: its body already read (and redacted) as text. */
export interface ErrorResponse {
  status: number;
  text: string;
  headers: Headers;
  attempts: number;
  /** The clock, for a `Retry-After` date. */
  now: number;
  /** The operationId; `createAccessToken` for the token endpoint. */
  operation?: string | undefined;
  /** What the caller redacts from the text, applied to the header values too: the attempt's token, the client secret. */
  redact?: ((value: string) => string) | undefined;
}

const classes: Record<number, typeof ApiError> = { 400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError };

/**
 * The one mapping from a non-2xx response to an error: the class by status (and the token endpoint's refusal),
 * the message naming the operation and the status, the request id from the body or else the header. An empty or
 * non-JSON body still gives an `ApiError`.
 */
export function toApiError(response: ErrorResponse): ApiError {
  const { status, text, operation } = response;
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the text as the body.
    body = text;
  }
  // A JSON primitive has none of these properties; reading them off it gives undefined.
  const fields = (body ?? {}) as ErrorBody;
  const str = (v: unknown) => (typeof v === "string" && v) || undefined;
  const headers = copyHeaders(response.headers, response.redact);
  const said = str(fields.message);
  const init: ApiErrorInit = {
    status,
    body,
    attempts: response.attempts,
    message: `${operation ? `${operation}: ` : ""}HTTP ${status}${said ? `: ${said}` : text === "" ? " with an empty body" : ""}`,
    requestId: str(fields.request_id) ?? (headers.get("x-request-id") || undefined),
    traceId: str(fields.trace_id),
    headers,
    operation,
  };
  if (operation === "createAccessToken" && (status === 400 || status === 401)) {
    const reason = str(fields.error_description) ?? said ?? `HTTP ${status}${text === "" ? " with an empty body" : ""}`;
    const message = `The token endpoint refused the client credentials (HTTP ${status}: ${reason}); check the client id and secret`;
    return new CredentialsRefusedError({ ...init, message });
  }
  if (status === 429) return new RateLimitError({ ...init, retryAfterMs: parseRetryAfter(headers.get("retry-after"), response.now) });
  if (status >= 500) return new ServerError(init);
  return new (classes[status] ?? ApiError)(init);
}

/** The response's headers for the error: cookies left out, values scrubbed of every registered secret and redacted. */
function copyHeaders(headers: Headers, redact: ((value: string) => string) | undefined): Headers {
  const copy = new Headers();
  headers.forEach((value, name) => {
    if (name !== "set-cookie") copy.append(name, redact ? redact(scrub(value)) : scrub(value));
  });
  return copy;
}
