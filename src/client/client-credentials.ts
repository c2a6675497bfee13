// Client credentials as a token source: a token is requested on first use, cached, refreshed ahead of its expiry
// and after a 401, with one token request in flight however many calls wait for it (aborted once none does). The
// secret lives only in this closure and the request body; nothing here is a property util.inspect or JSON shows.
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

/** The token request in flight, shared by every call waiting for it. */
interface Pending {
  result: Promise<Cached>;
  controller: AbortController;
  /** Calls waiting with a signal; the request is aborted when the last of them stops waiting. */
  waiting: number;
  /** A call waits without a signal: nothing may abort the request under it. */
  held: boolean;
}

export function clientCredentials(deps: Deps, credentials: Credentials): TokenSource {
  let cached: Cached | undefined;
  let pending: Pending | undefined;

  function fetchToken(): Pending {
    if (pending) return pending;
    const controller = new AbortController();
    const result = (async () => {
      const sentAt = deps.now();
      try {
        const obtained = await requestAccessToken(deps, credentials, controller.signal);
        cached = { token: obtained.token, refreshAt: refreshTime(sentAt, obtained) };
        return cached;
      } finally {
        forget(controller);
      }
    })();
    const request: Pending = { result, controller, waiting: 0, held: false };
    // Rejections reach every waiter; with none left (all stopped waiting) there is no one to tell.
    request.result.catch(() => undefined);
    pending = request;
    return request;
  }

  /** The next call starts a new request once this one is settled or abandoned. */
  function forget(controller: AbortController): void {
    if (pending?.controller === controller) pending = undefined;
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

  /**
   * One caller's signal stops its own wait, not the token request others are waiting for; when every caller has
   * stopped waiting (Ctrl-C), the request itself is aborted, so no socket or timer keeps the process alive.
   */
  function waitFor(request: Pending, signal: AbortSignal | undefined): Promise<Cached> {
    if (!signal) {
      request.held = true;
      return request.result;
    }
    signal.throwIfAborted();
    request.waiting++;
    return new Promise<Cached>((resolve, reject) => {
      const onAbort = () => {
        reject(signal.reason);
        if (--request.waiting > 0 || request.held) return;
        forget(request.controller);
        request.controller.abort(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      request.result.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }
}

/** Lifetime counted from when the request was sent, so the margin also covers the request's own duration. */
function refreshTime(sentAt: number, result: AccessToken): number {
  if (result.lifetimeMs === undefined) return Infinity; // kept until a 401 (DOC-29)
  return sentAt + result.lifetimeMs - Math.min(maxMarginMs, result.lifetimeMs * refreshShare);
}
