// Where the transport gets the bearer token of each attempt. A static token, a token function and client
// credentials are all one shape, so the transport has a single path for them.
import { checkToken, type Token } from "./token.js";
import { registerSecret, scrub } from "../edges/secrets/index.js";

export interface TokenSource {
  /** The token for the next attempt; may wait (for a token request), honouring the caller's signal. */
  get(signal?: AbortSignal): string | Promise<string>;
  /**
   * The API answered 401 to `token`. True when the source can get another one, so the transport retries that
   * request once; absent for tokens the caller manages (the client cannot know a better one).
   */
  refused?(token: string): boolean;
}

/**
 * A source loaded on its first use (client credentials: a client with a token never loads their code). Calls
 * that arrive while it loads share the one load, so they still share one token request.
 */
export function lazyTokens(load: () => Promise<TokenSource>): TokenSource {
  let loading: Promise<TokenSource> | undefined;
  let loaded: TokenSource | undefined;
  return {
    async get(signal) {
      loading ??= load().then((source) => (loaded = source));
      return (await loading).get(signal);
    },
    refused: (token) => loaded?.refused?.(token) ?? false,
  };
}

/**
 * A token string (already checked and registered) or a token function: each result is registered as a secret and
 * checked; an error it throws is scrubbed like any the client throws (it may quote the token it could not renew).
 */
export function givenTokens(token: Token): TokenSource {
  if (typeof token !== "function") return { get: () => token };
  return {
    async get() {
      let value: unknown;
      try {
        value = await token();
      } catch (error) {
        throw scrub(error);
      }
      if (typeof value === "string") registerSecret(value, "token");
      return checkToken(value);
    },
  };
}
