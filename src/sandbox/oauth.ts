// The sandbox's token endpoint (createAccessToken) and the bearer tokens it issues. Issued tokens expire after
// the TTL and can be revoked at once, as Amperity's can (DOC-29); the form body and the X-Amperity-Tenant header
// are checked against the spec like every other request.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { BodyCheck } from "./body-checks.js";
import type { RequestCheck } from "./request-checks.js";
import { jsonResponse, SandboxError, type SandboxResponse } from "./responses.js";

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  /** Lifetime of an issued token, in seconds. */
  tokenTtl: number;
  tenant: string;
  now: () => number;
}

const digest = (text: string) => createHash("sha256").update(text).digest();
const same = (a: string, b: Buffer) => timingSafeEqual(digest(a), b);

export function createTokenIssuer(settings: OAuthSettings, checkHeaders: RequestCheck, checkBody: BodyCheck) {
  const idDigest = digest(settings.clientId);
  const secretDigest = digest(settings.clientSecret);
  // token → expiry (ms, on the sandbox's clock); expired entries are dropped when next seen or issued past.
  const issued = new Map<string, number>();
  let requests = 0;

  function issue(headers: IncomingHttpHeaders, contentType: string | undefined, body: string): SandboxResponse {
    requests += 1;
    const headerCheck = checkHeaders("createAccessToken", "header", headers);
    if (!headerCheck.ok) throw new SandboxError(400, headerCheck.message);
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType ?? "")) {
      throw new SandboxError(400, "The token request must be sent as application/x-www-form-urlencoded.");
    }
    const form = checkBody("createAccessToken", new URLSearchParams(body));
    if (!form.ok) throw new SandboxError(400, form.message);
    const { client_id, client_secret } = form.values as { client_id: string; client_secret: string };
    // Both compared, always, so that timing does not tell which one was wrong.
    const idOk = same(client_id, idDigest);
    const secretOk = same(client_secret, secretDigest);
    if (!idOk || !secretOk || headerCheck.values["X-Amperity-Tenant"] !== settings.tenant) {
      throw new SandboxError(401, "The client credentials are invalid.");
    }
    const now = settings.now();
    for (const [token, expiry] of issued) if (expiry <= now) issued.delete(token);
    const token = randomBytes(32).toString("base64url");
    issued.set(token, now + settings.tokenTtl * 1000);
    const answer = { access_token: token, expires_in: settings.tokenTtl, token_type: "Bearer" };
    return jsonResponse(JSON.stringify(answer));
  }

  return {
    issue,
    /** True for an issued token that has not expired and was not revoked. */
    accepts(token: string): boolean {
      const expiry = issued.get(token);
      if (expiry === undefined) return false;
      if (expiry > settings.now()) return true;
      issued.delete(token);
      return false;
    },
    /** Invalidates every issued token at once, as a revocation in the UI does. */
    revoke(): void {
      issued.clear();
    },
    /** Token requests answered so far (successful or not). */
    requests: () => requests,
  };
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;
