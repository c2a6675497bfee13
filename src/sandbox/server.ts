import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createApi } from "./api.js";
import { createCursorCodec } from "./cursor.js";
import { createFaultPicker, type FaultKind } from "./faults.js";
import { createIndexes } from "./indexes.js";
import { createLatency } from "./latency.js";
import { exposureWarning, reachableHost } from "./listen-address.js";
import type { SandboxOptions } from "./options.js";
import { resolveOptions } from "./resolve-options.js";
import { createRateLimiter } from "./rate-limit.js";
import { compileBodyChecks, type BodyCheck } from "./body-checks.js";
import { createTokenIssuer } from "./oauth.js";
import { compileRequestChecks, type RequestCheck } from "./request-checks.js";
import { errorResponse, SandboxError, type SandboxResponse } from "./responses.js";
import { route } from "./router.js";

/** A running sandbox. `url` is the base URL to give a client (paths under it mirror the real `/api`). */
export interface Sandbox {
  url: string;
  token: string;
  tenant: string;
  /** The ids of the sandbox's profile indexes. */
  indexes: string[];
  /** What the caller should tell its user, e.g. that the sandbox is reachable from the network; usually empty. */
  warnings: string[];
  /** The OAuth client credentials the token endpoint accepts, when they were set. */
  clientId?: string;
  clientSecret?: string;
  /** Invalidates every token the token endpoint issued, at once (a revocation). */
  revokeTokens(): void;
  /** How many requests the token endpoint has answered. */
  tokenRequests(): number;
  /** Stops listening, drops open connections and resolves once the port is free. */
  close(): Promise<void>;
}

let sharedChecks: RequestCheck | undefined; // compiled from the spec once per process, not per sandbox
let sharedBodyChecks: BodyCheck | undefined;
/** A token request is a short form; a longer body is refused rather than buffered. */
const maxTokenBody = 8 * 1024;

/** Starts a local, deterministic double of the Amperity Profile API. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const config = resolveOptions(options);
  const indexes = createIndexes(config.seed, config.indexes, config.shapes);
  sharedChecks ??= compileRequestChecks();
  const issuer = config.clientId === undefined ? undefined : createTokenIssuer(
    { clientId: config.clientId, clientSecret: config.clientSecret!, tokenTtl: config.tokenTtl, tenant: config.tenant, now: Date.now },
    sharedChecks,
    (sharedBodyChecks ??= compileBodyChecks()),
  );
  const handle = createApi(config, indexes, createCursorCodec(), sharedChecks, issuer?.accepts);
  const limit = config.rateLimit === undefined ? undefined : createRateLimiter(config.rateLimit, config.now);
  const pickFault = createFaultPicker(config.faultRate, config.faultSeed);
  const latency = createLatency(config.latencyMs, config.latency, config.seed, 600_000);
  const idPrefix = `req-${randomBytes(3).toString("hex")}-`;
  let requests = 0;
  const timers = new Set<NodeJS.Timeout>();

  /** The token endpoint's POST body is read before the usual pipeline runs; every other request has none. */
  function receive(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== "POST" || !issuer) return respond(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxTokenBody) chunks.push(chunk);
    });
    req.on("end", () => respond(req, res, size <= maxTokenBody ? Buffer.concat(chunks).toString("utf8") : undefined));
  }

  function respond(req: IncomingMessage, res: ServerResponse, body?: string): void {
    const requestId = idPrefix + (++requests).toString(36);
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;
    res.setHeader("x-request-id", requestId);
    let fault: FaultKind | undefined;
    let response: SandboxResponse;
    try {
      const url = req.url ?? "/";
      const query = url.indexOf("?");
      const matched = route(query < 0 ? url : url.slice(0, query));
      if (!matched || (matched.operationId === "createAccessToken" && !issuer)) {
        throw new SandboxError(404, `No such path: ${url.slice(0, query < 0 ? undefined : query)}`);
      }
      const method = matched.operationId === "createAccessToken" ? "POST" : "GET";
      if (req.method !== method) {
        const why = method === "GET" ? "the Profile API is read-only" : "the token endpoint takes POST";
        throw new SandboxError(405, `Method ${req.method} is not allowed; ${why}.`, { allow: method });
      }
      const wait = limit?.();
      if (wait) throw new SandboxError(429, `Rate limit of ${config.rateLimit} requests per second exceeded.`, config.retryAfter ? { "retry-after": String(wait) } : {});
      fault = pickFault();
      if (fault === "500") throw new SandboxError(500, "Internal server error (fault injected by the sandbox).");
      if (fault === "503") throw new SandboxError(503, "Service unavailable (fault injected by the sandbox).", { "retry-after": "1" });
      if (fault === "429") throw new SandboxError(429, "Too many requests (fault injected by the sandbox).", { "retry-after": "1" });
      if (matched.operationId === "createAccessToken") {
        if (body === undefined) throw new SandboxError(400, `The token request body is larger than ${maxTokenBody} bytes.`);
        response = issuer!.issue(req.headers, req.headers["content-type"], body);
      } else {
        response = handle({ ...matched, query: new URLSearchParams(query < 0 ? "" : url.slice(query + 1)), headers: req.headers });
      }
    } catch (error) {
      // A bug of the sandbox itself still gets the documented error body, not a dropped connection.
      const known = error instanceof SandboxError ? error : new SandboxError(500, `Sandbox failure: ${String(error)}`);
      response = errorResponse(known, requestId, traceId);
    }
    const send = () => {
      if (fault === "reset") req.socket.destroy();
      else write(res, response, fault === "truncate");
    };
    const delay = latency();
    if (delay <= 0) return send();
    const timer = setTimeout(() => (timers.delete(timer), send()), delay);
    timers.add(timer);
  }

  const server = createServer(
    // How often Node looks for connections past the headers/request timeouts; its default (30 s) would let a
    // silent client hold a socket for up to 30 s beyond them.
    { connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.floor(config.headersTimeoutMs / 4))) },
    receive,
  );
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => (server.off("error", reject), resolve()));
  });
  const { address, port } = server.address() as AddressInfo;
  const warning = exposureWarning(address, port);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${reachableHost(address)}:${port}/api`,
    token: config.token,
    tenant: config.tenant,
    indexes: indexes.map((index) => index.id),
    warnings: warning === undefined ? [] : [warning],
    ...(config.clientId !== undefined && { clientId: config.clientId, clientSecret: config.clientSecret! }),
    revokeTokens: () => issuer?.revoke(),
    tokenRequests: () => issuer?.requests() ?? 0,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Writes a response; a "truncate" fault declares the full length, sends half of it and drops the connection. */
function write(res: ServerResponse, response: SandboxResponse, truncate: boolean): void {
  const body = typeof response.body === "string" ? Buffer.from(response.body) : response.body;
  res.writeHead(response.status, {
    ...response.headers,
    "content-type": "application/json",
    "content-length": body.length,
  });
  if (!truncate) return void res.end(body);
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
}
