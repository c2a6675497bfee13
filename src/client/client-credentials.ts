// Client credentials as a token source: a token is requested on first use, cached, refreshed ahead of its expiry
// and after a 401, with one token request in flight however many calls wait for it. The secret lives only in
// this closure and the request body; nothing here is a property that util.inspect or JSON could show.
import { requestAccessToken, type AccessToken, type Credentials } from "./request-access-token.js";
import type { TokenSource } from "./token-source.js";

/** Refresh when less than this share of the token's lifetime remains... */
const refreshShare = 0.1;
/** ...or this long, whichever is shorter (an hour's token is refreshed a minute early). */
const maxMarginMs = 60_000;

type Deps = Parameters<typeof requestAccessToken>[0];

interface Cached {
  token: string;
  refreshAt: number;
}

export function clientCredentials(deps: Deps, credentials: Credentials): TokenSource {
  let cached: Cached | undefined;
  let pending: Promise<Cached> | undefined;

  function fetchToken(): Promise<Cached> {
    pending ??= (async () => {
      const sentAt = deps.now();
      try {
        const result = await requestAccessToken(deps, credentials);
        cached = { token: result.token, refreshAt: refreshTime(sentAt, result) };
        return cached;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  }

  return {
    async get(signal) {
      if (cached && deps.now() < cached.refreshAt) return cached.token;
      return (await waitFor(fetchToken(), signal)).token;
    },
    refused(token) {
      // Another call may already have replaced the refused token; only the refused one is dropped.
      if (cached?.token === token) cached = undefined;
      return true;
    },
  };
}

/** Lifetime counted from when the request was sent, so the margin also covers the request's own duration. */
function refreshTime(sentAt: number, result: AccessToken): number {
  if (result.lifetimeMs === undefined) return Infinity; // kept until a 401 (DOC-29)
  return sentAt + result.lifetimeMs - Math.min(maxMarginMs, result.lifetimeMs * refreshShare);
}

/** One caller's signal stops its own wait, not the token request others are waiting for. */
function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
