import http from "node:http";
import type { AddressInfo } from "node:net";

/** Requests carrying this header get a body that breaks the spec, to prove the proxy's checks can fail. */
export const tamperHeader = "x-contract-tamper";

/** A JSON.stringify replacer that leaves out every property called `name`. */
const dropName = (key: string, value: unknown): unknown => (key === "name" ? undefined : value);

export interface Passthrough {
  /** Base URL with the same path prefix as the upstream (e.g. `http://127.0.0.1:PORT/api`). */
  url: string;
  close(): Promise<void>;
}

/**
 * A byte-for-byte HTTP forwarder in front of `upstream`, placed between Prism and the sandbox. It changes nothing
 * unless a request carries {@link tamperHeader}; then it drops every `name` from the JSON body (a required
 * property of Index), a violation Prism's proxy must report.
 */
export async function startPassthrough(upstream: string): Promise<Passthrough> {
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const tamper = req.headers[tamperHeader] !== undefined;
    const forward = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        if (!tamper) {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        upstreamRes.on("data", (chunk: Buffer) => chunks.push(chunk));
        upstreamRes.on("end", () => {
          const body = Buffer.from(JSON.stringify(JSON.parse(Buffer.concat(chunks).toString("utf8")), dropName));
          res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, "content-length": String(body.length) });
          res.end(body);
        });
      },
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname.replace(/\/$/, "")}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
