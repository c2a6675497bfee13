// A real HTTP server on 127.0.0.1 whose answers a test scripts: the hostile or broken server the client must
// survive. It records every request it receives (method, URL, headers) and closes its sockets when stopped.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

export interface HostileServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The client's baseUrl: `origin` + `/api`. */
  baseUrl: string;
  requests: { url: string; headers: IncomingHttpHeaders }[];
  /** Replaces the handler and forgets the requests seen so far. */
  handle(handler: Handler): void;
  stop(): Promise<void>;
}

export async function startHostileServer(): Promise<HostileServer> {
  let handler: Handler = (_req, res) => res.writeHead(500).end();
  const requests: HostileServer["requests"] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? "", headers: req.headers });
    handler(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/api`,
    requests,
    handle(next) {
      handler = next;
      requests.length = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Writes `body` as JSON with the given status. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}
