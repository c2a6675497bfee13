import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { RequestCheck } from "./request-checks.js";
import { SandboxError } from "./responses.js";
import { securityHeaders } from "./spec.js";

const digest = (text: string) => createHash("sha256").update(text).digest();
const challenge = { "www-authenticate": 'Bearer realm="amperity-sandbox"' };

/**
 * The real API's order: the bearer token first (401), then the headers that the spec's security requirements name
 * beside it (401, as Prism answers: DOC-31, DOC-32), then the header values (400), then the tenant the token is
 * bound to (403). Nothing about the request is revealed to a caller without the token.
 */
export function createAuthorizer(token: string, tenant: string, check: RequestCheck, issued?: (token: string) => boolean) {
  const tokenDigest = digest(token);
  const required = securityHeaders();
  return function authorize(operationId: string, headers: IncomingHttpHeaders, query?: URLSearchParams): void {
    const match = /^Bearer +(\S+) *$/i.exec(headers.authorization ?? "");
    if (!match) throw new SandboxError(401, "Missing bearer token: send the header Authorization: Bearer <token>.", challenge);
    // Compare digests so that neither the length nor the content of the token leaks through timing.
    // The static token, or one the token endpoint issued and that has not expired or been revoked.
    if (!timingSafeEqual(digest(match[1]!), tokenDigest) && !issued?.(match[1]!)) {
      throw new SandboxError(401, "The bearer token is invalid or has expired.", challenge);
    }
    const missing = (required.get(operationId) ?? []).find((name) => headers[name] === undefined);
    if (missing !== undefined) {
      // The seed's api_version query parameter was dropped from the Profile API a day later: the header is required.
      const instead = missing === "api-version" && query?.has("api_version") ? " The api_version query parameter does not replace the header." : "";
      throw new SandboxError(401, `Missing header ${missing}: every request sends it beside the bearer token.${instead}`, challenge);
    }
    const checked = check(operationId, "header", headers);
    if (!checked.ok) throw new SandboxError(400, checked.message);
    const named = checked.values["amperity-tenant"];
    if (named !== tenant) {
      throw new SandboxError(403, `The token is not valid for tenant ${JSON.stringify(named)} (this sandbox serves tenant ${JSON.stringify(tenant)}).`);
    }
  };
}
