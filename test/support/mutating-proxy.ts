/**
 * A small HTTP proxy in front of a sandbox that injects one fault: it may rewrite each request before forwarding
 * it and each response before answering. Listens on 127.0.0.1 on a free port.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  /** Path and query under the upstream base URL, e.g. `/indexes?limit=1`. */
  url: string;
  headers: Record<string, string>;
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Fault {
  request?: (request: ProxiedRequest) => ProxiedRequest;
  response?: (response: ProxiedResponse, request: ProxiedRequest) => ProxiedResponse;
}

export interface MutatingProxy {
  url: string;
  close(): Promise<void>;
}

const flat = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(", ") : v]])));

export async function startMutatingProxy(upstream: string, fault: Fault): Promise<MutatingProxy> {
  const upstreamUrl = new URL(upstream);
  const server = createServer((req, res) => {
    const prefix = upstreamUrl.pathname.replace(/\/$/, "");
    const incoming: ProxiedRequest = { method: req.method ?? "", url: (req.url ?? "/").slice(prefix.length), headers: flat(req.headers) };
    const sent = fault.request ? fault.request(incoming) : incoming;
    const { host: _host, connection: _connection, ...headers } = sent.headers;
    fetch(`${upstream.replace(/\/$/, "")}${sent.url}`, { method: sent.method, headers, redirect: "manual" })
      .then(async (response) => {
        const answer: ProxiedResponse = {
          status: response.status,
          headers: Object.fromEntries([...response.headers].filter(([k]) => !["content-length", "transfer-encoding", "connection", "content-encoding"].includes(k))),
          body: await response.text(),
        };
        const out = fault.response ? fault.response(answer, sent) : answer;
        res.writeHead(out.status, out.headers).end(out.body);
      })
      .catch((error: Error) => res.writeHead(502).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstreamUrl.pathname.replace(/\/$/, "")}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
