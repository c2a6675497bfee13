/** A response the sandbox has decided on, before it is written to the socket. */
export interface SandboxResponse {
  status: number;
  /** JSON, as text or UTF-8 bytes. */
  body: string | Buffer;
  headers?: Record<string, string>;
}

/** Thrown by the request pipeline to answer with the spec's `Error` body. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "SandboxError";
  }
}

/** The documented error body `{status, message, request_id, trace_id}`. */
export function errorResponse(error: SandboxError, requestId: string, traceId: string): SandboxResponse {
  const body = JSON.stringify({ status: error.status, message: error.message, request_id: requestId, trace_id: traceId });
  return { status: error.status, body, headers: error.headers };
}

export function jsonResponse(body: string | Buffer): SandboxResponse {
  return { status: 200, body };
}
