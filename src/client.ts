// createAmperityClient: wires the validated config, the transport, the parameters, pagination and strict mode
// around one openapi-fetch client.
import createClient, { type Client } from "openapi-fetch";
import { resolveConfig, type AmperityClientOptions } from "./config.js";
import { items, pages, type PaginateOptions } from "./paginate.js";
import { pathParam, toWireQuery } from "./params.js";
import { createTransport, type RequestOptions } from "./transport.js";
import type { ClientPaths, Index, IndexList, ListIndexesQuery, ListProfilesQuery, Profile, ProfileList } from "./types.js";
import { validateResponse, type Operation } from "./validate.js";

export interface AmperityClient {
  profiles: {
    list(indexId: string, query?: ListProfilesQuery, options?: RequestOptions): Promise<ProfileList>;
    pages(indexId: string, query?: ListProfilesQuery, options?: PaginateOptions): AsyncGenerator<ProfileList, void, undefined>;
    items(indexId: string, query?: ListProfilesQuery, options?: PaginateOptions): AsyncGenerator<Profile, void, undefined>;
    get(indexId: string, profileId: string, options?: RequestOptions): Promise<Profile>;
  };
  indexes: {
    list(query?: ListIndexesQuery, options?: RequestOptions): Promise<IndexList>;
    pages(query?: ListIndexesQuery, options?: PaginateOptions): AsyncGenerator<IndexList, void, undefined>;
    items(query?: ListIndexesQuery, options?: PaginateOptions): AsyncGenerator<Index, void, undefined>;
    get(indexId: string, options?: RequestOptions): Promise<Index>;
  };
  /**
   * The underlying openapi-fetch client, typed from the spec. It shares the transport: the headers, retries,
   * timeouts and typed errors apply to it as well, and it needs no header parameters.
   */
  raw: Client<ClientPaths>;
}

export function createAmperityClient(options: AmperityClientOptions): AmperityClient {
  const config = resolveConfig(options);
  const transport = createTransport(config);
  const raw = createClient<ClientPaths>({ baseUrl: config.baseUrl, fetch: transport.fetch() });

  // The body was parsed once by the transport; openapi-fetch is told not to read it again ("stream").
  async function body<T>(operation: Operation, call: Promise<{ response: Response }>): Promise<T> {
    const data = transport.parsedBody((await call).response);
    if (config.validateResponses) await validateResponse(operation, data);
    return data as T;
  }
  const init = (opts: RequestOptions = {}) => ({ fetch: transport.fetch(opts, true), parseAs: "stream" as const, signal: opts.signal ?? null });

  const listProfiles = (indexId: string, query?: ListProfilesQuery, opts?: RequestOptions) => {
    const params = { path: { indexId: pathParam("indexId", indexId) }, query: toWireQuery(query, true) };
    return body<ProfileList>("listProfiles", raw.GET("/indexes/{indexId}/profiles", { params, ...init(opts) }));
  };
  const listIndexes = (query?: ListIndexesQuery, opts?: RequestOptions) => {
    const params = { query: toWireQuery(query, false) };
    return body<IndexList>("listIndexes", raw.GET("/indexes", { params, ...init(opts) }));
  };

  return {
    profiles: {
      list: async (indexId, query, opts) => listProfiles(indexId, query, opts),
      pages: (indexId, query, opts) => pages((next_token, o) => listProfiles(indexId, { ...query, next_token }, o), query?.next_token, opts),
      items: (indexId, query, opts) => items((next_token, o) => listProfiles(indexId, { ...query, next_token }, o), query?.next_token, opts),
      get: async (indexId, profileId, opts) => {
        const path = { indexId: pathParam("indexId", indexId), profileId: pathParam("profileId", profileId) };
        return body<Profile>("getProfile", raw.GET("/indexes/{indexId}/profiles/{profileId}", { params: { path }, ...init(opts) }));
      },
    },
    indexes: {
      list: async (query, opts) => listIndexes(query, opts),
      pages: (query, opts) => pages((next_token, o) => listIndexes({ ...query, next_token }, o), query?.next_token, opts),
      items: (query, opts) => items((next_token, o) => listIndexes({ ...query, next_token }, o), query?.next_token, opts),
      get: async (indexId, opts) => {
        const path = { indexId: pathParam("indexId", indexId) };
        return body<Index>("getIndex", raw.GET("/indexes/{indexId}", { params: { path }, ...init(opts) }));
      },
    },
    raw,
  };
}
