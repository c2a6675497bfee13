// The client's public shape: what createAmperityClient returns (client.ts builds it).
import type { ClientOverrides } from "./options.js";
import type { PaginateOptions } from "./paginate.js";
import type { RawClient } from "./raw-client.js";
import type { RawProfilePage } from "./raw-page.js";
import type { RequestOptions } from "./transport.js";
import type { ApiVersion, Index, IndexList, ListIndexesQuery, ListProfilesQuery, Profile, ProfileList } from "./types.js";

export interface AmperityClient {
  /**
   * The profiles of an index. Each method takes an optional type argument declaring the index's attribute shape,
   * e.g. `items<{ email: string }>(…)` gives `profile.attributes.email: string`; without one, attributes are any
   * names with scalar values.
   */
  profiles: {
    /** One page: `GET /indexes/{indexId}/profiles`. Pass the previous page's `next_token` to get the next one. */
    list<A extends object = never>(indexId: string, query?: ListProfilesQuery, options?: RequestOptions): Promise<ProfileList<A>>;
    /**
     * Every page, fetched one at a time as you iterate (`break` sends no further request). Resumes from
     * `query.next_token`; stops at `maxPages`/`maxItems`; throws `PaginationLoopError` if the server repeats a cursor.
     */
    pages<A extends object = never>(indexId: string, query?: ListProfilesQuery, options?: PaginateOptions): AsyncGenerator<ProfileList<A>, void, undefined>;
    /**
     * Every page as bytes, for writing profiles out rather than reading them (an export): each page is checked like
     * any other, but its profiles are located in the body instead of parsed. The same options as `pages()`.
     */
    rawPages(indexId: string, query?: ListProfilesQuery, options?: PaginateOptions): AsyncGenerator<RawProfilePage, void, undefined>;
    /** Every profile of every page, in order; the same options as `pages()`, and exactly `maxItems` at most. */
    items<A extends object = never>(indexId: string, query?: ListProfilesQuery, options?: PaginateOptions): AsyncGenerator<Profile<A>, void, undefined>;
    /** One profile: `GET /indexes/{indexId}/profiles/{profileId}`; a 404 is an `ApiError` with status 404. */
    get<A extends object = never>(indexId: string, profileId: string, options?: RequestOptions): Promise<Profile<A>>;
  };
  /** The tenant's profile indexes. */
  indexes: {
    /** One page: `GET /indexes`. */
    list(query?: ListIndexesQuery, options?: RequestOptions): Promise<IndexList>;
    /** Every page of indexes, fetched as you iterate. */
    pages(query?: ListIndexesQuery, options?: PaginateOptions): AsyncGenerator<IndexList, void, undefined>;
    /** Every index, in order. */
    items(query?: ListIndexesQuery, options?: PaginateOptions): AsyncGenerator<Index, void, undefined>;
    /** One index: `GET /indexes/{indexId}`. */
    get(indexId: string, options?: RequestOptions): Promise<Index>;
  };
  /**
   * The underlying openapi-fetch client, typed from the spec. It shares the transport: the headers, retries,
   * timeouts, hooks and typed errors apply to it as well, and it needs no header parameters. A non-2xx response
   * rejects with a typed error, so a result always has `data` and never `error`.
   */
  raw: RawClient;
  /** Where requests go: the base URL (from `baseUrl`, or the region's host), without a trailing slash. */
  readonly baseUrl: string;
  /** The tenant id every request names. */
  readonly tenant: string;
  /** The API version every request asks for. */
  readonly apiVersion: ApiVersion;
  /**
   * The bearer token the next request would carry: the one you gave (or your function's result), or one obtained
   * with the client credentials, cached and refreshed as for every call. For requests this client cannot send.
   */
  token(options?: { signal?: AbortSignal | undefined }): Promise<string>;
  /**
   * A client with other retry, timeout, headers or observers, for one part of a service (e.g. a tight timeout on a
   * request path, a patient one in a batch job). It shares this client's token (one token request serves both) and
   * rate limiter (`maxRequestsPerSecond` holds across both), tenant, host and credentials: those cannot be changed.
   * Unset overrides keep this client's values; `headers` are merged over this client's.
   */
  withOptions(overrides: ClientOverrides): AmperityClient;
}
