import type { Sandbox } from "./server.js";

/** The one JSON line the `sandbox` command prints when ready: what a client needs to connect. */
export function describeSandbox(sandbox: Sandbox): string {
  const { url, tenant, token, indexes, clientId, clientSecret } = sandbox;
  return JSON.stringify({ url, tenant, token, indexes, ...(clientId !== undefined && { client_id: clientId, client_secret: clientSecret }) });
}
