/**
 * `verify --har FILE`: the exchanges behind the failed checks as an HTTP Archive (HAR 1.2), to attach to a bug report
 * or open in a browser's network panel. Each entry is a failed check's first failing exchange, its check and
 * violation in `comment`. Whatever a server echoed of a secret is scrubbed (the request's Authorization is already
 * redacted by the sender); the command writes it through the files edge (atomically, never through a symlink).
 */
import { scrub } from "../edges/secrets/index.js";
import { sdkVersion } from "../version.js";
import type { FailedExchange } from "./checks.js";

interface HarHeader {
  name: string;
  value: string;
}

const byteLength = (text: string): number => new TextEncoder().encode(text).length;
const headerList = (headers: Record<string, string>): HarHeader[] => Object.entries(headers).map(([name, value]) => ({ name, value }));

function entryOf(failure: FailedExchange, startedDateTime: string) {
  const { exchange } = failure;
  const url = new URL(exchange.url);
  return {
    startedDateTime,
    time: 0,
    request: {
      method: exchange.method,
      url: exchange.url,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: headerList(exchange.requestHeaders),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: exchange.status,
      statusText: "",
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: headerList(exchange.headers),
      content: { size: byteLength(exchange.body), mimeType: exchange.headers["content-type"] ?? "", text: exchange.body },
      redirectURL: exchange.headers["location"] ?? "",
      headersSize: -1,
      bodySize: byteLength(exchange.body),
    },
    cache: {},
    // verify does not time its requests; HAR requires the fields, -1 marks a phase as not measured.
    timings: { send: 0, wait: 0, receive: 0, blocked: -1, dns: -1, connect: -1, ssl: -1 },
    comment: `${failure.check}: ${failure.violation}`,
  };
}

/** The HAR document for `failures`, scrubbed of every registered secret. */
export function harOf(failures: readonly FailedExchange[], now: Date = new Date()) {
  const startedDateTime = now.toISOString();
  return scrub({
    log: {
      version: "1.2",
      creator: { name: "amperity-profiles verify", version: sdkVersion },
      entries: failures.map((f) => entryOf(f, startedDateTime)),
    },
  });
}
