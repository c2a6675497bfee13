import http from "node:http";
import type { AddressInfo } from "node:net";

/** A response written by hand: status, headers and a body (JSON unless it is given as text). */
export interface CannedResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  /** The body is sent as this text, as it is (for a body that is not JSON). */
  text?: string;
}

/** Requests carry this header to pick the canned response (its index in the list). */
export const caseHeader = "x-oracle-case";

export interface CannedServer {
  /** Base URL with the sandbox's `/api` prefix, so Prism's proxy appends the spec's paths to it. */
  url: string;
  /** Every request received, as `METHOD path`. */
  received: string[];
  close(): Promise<void>;
}

/**
 * An upstream that answers each request with the canned response its {@link caseHeader} names, whatever the path:
 * it stands in for a server that sends exactly what an oracle case describes, behind Prism's validating proxy or in
 * front of the strict client.
 */
export async function startCannedServer(responses: readonly CannedResponse[]): Promise<CannedServer> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    req.resume();
    const canned = responses[Number(req.headers[caseHeader])];
    if (canned === undefined) {
      res.writeHead(599).end();
      return;
    }
    const body = canned.text ?? JSON.stringify(canned.body);
    res.writeHead(canned.status, { "content-type": "application/json", ...canned.headers, "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
