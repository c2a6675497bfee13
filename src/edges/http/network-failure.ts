/**
 * Turns what fetch throws when no response arrives into plain words: which host and port, what failed, and
 * whether trying again could help. undici wraps the useful part one or two causes deep ("fetch failed" →
 * "bad port", or → `ECONNREFUSED`), so the whole chain is searched.
 */

export interface NetworkFailure {
  /** `Request to 127.0.0.1:8080 failed: connection refused` */
  what: string;
  /** False when the same request can never succeed (a port fetch refuses, an invalid URL). */
  retryable: boolean;
}

type Described = { plain: string; retryable: boolean };

const byCode: Readonly<Record<string, Described>> = {
  ECONNREFUSED: { plain: "connection refused (nothing listens on that port)", retryable: true },
  ENOTFOUND: { plain: "DNS name not found", retryable: true },
  EAI_AGAIN: { plain: "DNS lookup failed (temporary)", retryable: true },
  ECONNRESET: { plain: "connection reset", retryable: true },
  EPIPE: { plain: "connection reset", retryable: true },
  UND_ERR_SOCKET: { plain: "the server closed the connection", retryable: true },
  ETIMEDOUT: { plain: "connection timed out", retryable: true },
  UND_ERR_CONNECT_TIMEOUT: { plain: "connection timed out", retryable: true },
  EHOSTUNREACH: { plain: "host unreachable", retryable: true },
  ENETUNREACH: { plain: "network unreachable", retryable: true },
  ERR_INVALID_URL: { plain: "not a valid URL", retryable: false },
};

/** TLS failures that repeat on every attempt: a certificate that does not verify, a server that does not speak TLS. */
const lastingTls = /^(ERR_SSL_WRONG_VERSION_NUMBER|CERT_|ERR_TLS_CERT|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_SSL_)/;

export function networkFailure(error: unknown, url: string): NetworkFailure {
  const where = hostAndPort(url);
  const chain = causes(error);
  const described = describeChain(chain, where);
  return { what: `Request to ${where.text} failed: ${described.plain}`, retryable: described.retryable };
}

/** The NetworkError message for a failure after `attempts` attempts. */
export function networkFailureMessage(failure: NetworkFailure, attempts: number): string {
  const tries = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
  return `${failure.what} (${failure.retryable ? tries : `${tries}, not retried: it cannot succeed`})`;
}

function describeChain(chain: readonly unknown[], where: { port: string }): Described {
  for (const link of chain) {
    const { code, message } = (link ?? {}) as { code?: unknown; message?: unknown };
    if (typeof code === "string") {
      const known = byCode[code];
      if (known) return known;
      if (lastingTls.test(code)) return { plain: `TLS failure (${code})`, retryable: false };
      if (/SSL|TLS/.test(code)) return { plain: `TLS failure (${code})`, retryable: true };
    }
    // undici refuses the fetch standard's blocked ports before connecting, with this bare message.
    if (message === "bad port") {
      return { plain: `port ${where.port} is one that fetch refuses to connect to (a blocked port); use another port`, retryable: false };
    }
  }
  const innermost = chain[chain.length - 1];
  const { code, message } = (innermost ?? {}) as { code?: unknown; message?: unknown };
  return { plain: typeof code === "string" ? code : typeof message === "string" && message ? message : "network error", retryable: true };
}

/** The error, its causes, and the errors of an AggregateError (a host with several addresses), outermost first. */
function causes(error: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue = [error];
  while (queue.length > 0 && seen.length < 20) {
    const next = queue.shift();
    if (next === undefined || next === null || seen.includes(next)) continue;
    seen.push(next);
    const { cause, errors } = next as { cause?: unknown; errors?: unknown };
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
    queue.push(cause);
  }
  return seen;
}

export function hostAndPort(url: string): { text: string; port: string } {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === "https:" ? "443" : parsed.protocol === "http:" ? "80" : "");
    return { text: port ? `${parsed.hostname}:${port}` : parsed.hostname, port };
  } catch {
    return { text: JSON.stringify(url), port: "" };
  }
}
