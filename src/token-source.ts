// Where the transport gets the bearer token of each attempt. A static token, a token function and client
// credentials are all one shape, so the transport has a single path for them.
import { checkToken, type Token } from "./config.js";

export interface TokenSource {
  /** The token for the next attempt; may wait (for a token request), honouring the caller's signal. */
  get(signal?: AbortSignal): string | Promise<string>;
  /**
   * The API answered 401 to `token`. True when the source can get another one, so the transport retries that
   * request once; absent for tokens the caller manages (the client cannot know a better one).
   */
  refused?(token: string): boolean;
}

/** A token string (already checked) or a token function (its result checked on every call). */
export function givenTokens(token: Token): TokenSource {
  if (typeof token !== "function") return { get: () => token };
  return { get: async () => checkToken(await token()) };
}
