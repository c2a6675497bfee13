import { checkResponse, type Violation } from "./conformance.js";

/** One request/response pair as it crossed the wire, with the body read as text. */
export interface Exchange {
  method: string;
  url: URL;
  requestHeaders: Headers;
  status: number;
  headers: Headers;
  body: string;
}

export interface Recorder {
  /** The `fetch` to give the client: adds the extra headers, then records each exchange. */
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  exchanges: Exchange[];
  /** Runs the four response checks over every recorded exchange. */
  violations(): Violation[];
}

/**
 * A fetch that adds headers to every request (e.g. Prism's `Prefer`) and records each response (a clone, so the
 * client still reads the original). `basePath` (the sandbox's `/api`) is stripped to match the spec's paths.
 */
export function recorder(options: { headers?: Record<string, string>; basePath?: string } = {}): Recorder {
  const exchanges: Exchange[] = [];
  const basePath = options.basePath ?? "";
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    for (const [name, value] of Object.entries(options.headers ?? {})) request.headers.set(name, value);
    const response = await globalThis.fetch(request);
    const copy = response.clone();
    exchanges.push({
      method: request.method,
      url: new URL(request.url),
      requestHeaders: new Headers(request.headers),
      status: copy.status,
      headers: copy.headers,
      body: await copy.text(),
    });
    return response;
  };
  return {
    fetch: wrapped,
    exchanges,
    violations: () => exchanges.flatMap((e) => violationsOf(e, basePath)),
  };
}

/** The four response checks for one exchange; `basePath` (the sandbox's `/api`) is stripped to match the spec. */
export function violationsOf(e: Exchange, basePath = ""): Violation[] {
  const path = e.url.pathname.startsWith(basePath) ? e.url.pathname.slice(basePath.length) : e.url.pathname;
  return checkResponse({ method: e.method, path, status: e.status, headers: e.headers, body: e.body });
}

/**
 * Sends one request outside the client (for what the client refuses to send) and records it. Header values of
 * `undefined` leave that header out.
 */
export async function send(
  rec: Recorder,
  url: string,
  options: { method?: string; headers?: Record<string, string | undefined>; body?: string } = {},
): Promise<Exchange> {
  const headers = Object.fromEntries(
    Object.entries(options.headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const response = await rec.fetch(url, { method: options.method ?? "GET", headers, ...(options.body !== undefined && { body: options.body }) });
  await response.body?.cancel();
  return rec.exchanges[rec.exchanges.length - 1]!;
}
