// createAmperityClient: wires the validated config, the transport, the parameters, pagination, the envelope check
// and strict mode around one openapi-fetch client.
import createClient, { type Client } from "openapi-fetch";
import { resolveConfig } from "./config.js";
import type { AmperityClientOptions } from "./options.js";
import { watchCursor } from "./cursor-watch.js";
import { checkEnvelope } from "./envelope.js";
import { items, pages, type CursorHint, type PaginateOptions } from "./paginate.js";
import { pathParam, toWireQuery } from "./params.js";
import type { RawBody, RawProfilePage } from "./raw-page.js";
import { createTransport, decodeBody, PlainRequest, type RequestOptions, type Transport } from "./transport.js";
import type { ApiVersion, ClientPaths, Index, IndexList, ListIndexesQuery, ListProfilesQuery, Profile, ProfileList } from "./types.js";
import { rememberResponse } from "./response-info.js";
import { validateResponse, type Operation } from "./validate.js";

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
   * timeouts and typed errors apply to it as well, and it needs no header parameters.
   */
  raw: Client<ClientPaths>;
  /** Where requests go: the base URL (from `baseUrl`, or the region's host), without a trailing slash. */
  readonly baseUrl: string;
  readonly tenant: string;
  readonly apiVersion: ApiVersion;
  /**
   * The bearer token the next request would carry: the one you gave (or your function's result), or one obtained
   * with the client credentials, cached and refreshed as for every call. For requests this client cannot send.
   */
  token(options?: { signal?: AbortSignal }): Promise<string>;
}

/** What the client's own calls add to openapi-fetch's options. */
interface CallInit {
  fetch: ReturnType<Transport>;
  parseAs: "stream";
  signal: AbortSignal | null;
  Request: typeof PlainRequest | undefined;
}

let rawPages: Promise<typeof import("./raw-page.js")> | undefined;

export function createAmperityClient(options: AmperityClientOptions): AmperityClient {
  const config = resolveConfig(options);
  const transport = createTransport(config);
  const raw = createClient<ClientPaths>({ baseUrl: config.baseUrl, fetch: transport() });
  // Middleware added to `raw` runs on the client's own calls too and may return a real Request, which openapi-fetch
  // checks with `instanceof` against the class it built with: from then on those calls build real Requests.
  let Request: typeof PlainRequest | undefined = PlainRequest;
  const use = raw.use;
  raw.use = (...middleware) => {
    Request = undefined;
    use(...middleware);
  };

  /**
   * One call of the client's own: the transport parses a 2xx body once and hands it over, and openapi-fetch is told
   * not to read it again ("stream"). `Request` is a per-call option of openapi-fetch (its types list it on
   * createClient only).
   */
  async function call<T>(operation: Operation, send: (init: CallInit) => Promise<unknown>, opts: RequestOptions = {}, hint?: CursorHint): Promise<T> {
    let data: unknown;
    const receiver = { onData: (body: unknown) => (data = body), ...(hint && { watch: watchCursor(hint) }) };
    const { response } = (await send({ fetch: transport(opts, receiver), parseAs: "stream", signal: opts.signal ?? null, Request })) as { response: Response };
    // Strict mode reports a schema violation as such; the envelope check then adds what the schema leaves open.
    if (config.validateResponses) await validateResponse(operation, data);
    checkEnvelope(operation, data);
    rememberResponse(data, response);
    return data as T;
  }

  /**
   * A list page as bytes (raw-page.ts): scanned rather than parsed, unless strict mode needs it parsed. The scanner
   * is loaded on first use, so a client that never asks for raw pages does not carry it.
   */
  async function rawCall(send: (init: CallInit) => Promise<unknown>, opts: RequestOptions = {}, hint?: CursorHint): Promise<RawProfilePage> {
    const { pageFromLayout, pageFromParsed, scanOrParse } = await (rawPages ??= import("./raw-page.js"));
    let body: RawBody | undefined;
    let bytes: Uint8Array | undefined;
    const receiver = {
      parse: (received: Uint8Array) => ((bytes = received), scanOrParse(received, decodeBody, config.validateResponses)),
      onData: (read: unknown) => (body = read as RawBody),
      ...(hint && { watch: watchCursor(hint) }),
    };
    const { response } = (await send({ fetch: transport(opts, receiver), parseAs: "stream", signal: opts.signal ?? null, Request })) as { response: Response };
    let page: RawProfilePage;
    if ("layout" in body!) {
      page = pageFromLayout(bytes!, body.layout, decodeBody);
    } else {
      if (config.validateResponses) await validateResponse("listProfiles", body!.parsed);
      page = pageFromParsed(bytes!, body!.parsed);
    }
    rememberResponse(page, response);
    return page;
  }

  // `hint` is pagination's (paginate.ts), never a caller's: the public methods take three arguments.
  const listProfiles = async (indexId: string, query?: ListProfilesQuery, opts?: RequestOptions, hint?: CursorHint) => {
    const params = { path: { indexId: pathParam("indexId", indexId) }, query: toWireQuery(query, true) };
    return call<ProfileList>("listProfiles", (init) => raw.GET("/indexes/{indexId}/profiles", { params, ...init }), opts, hint);
  };
  const listProfilesRaw = async (indexId: string, query?: ListProfilesQuery, opts?: RequestOptions, hint?: CursorHint) => {
    const params = { path: { indexId: pathParam("indexId", indexId) }, query: toWireQuery(query, true) };
    return rawCall((init) => raw.GET("/indexes/{indexId}/profiles", { params, ...init }), opts, hint);
  };
  const listIndexes = async (query?: ListIndexesQuery, opts?: RequestOptions, hint?: CursorHint) => {
    const params = { query: toWireQuery(query, false) };
    return call<IndexList>("listIndexes", (init) => raw.GET("/indexes", { params, ...init }), opts, hint);
  };

  // The one place the attribute type argument meets the JSON: it is the caller's declaration, not a check.
  const profiles = {
    list: (indexId: string, query?: ListProfilesQuery, opts?: RequestOptions) => listProfiles(indexId, query, opts),
    pages: (indexId: string, query?: ListProfilesQuery, opts?: PaginateOptions) => pages((q, o, h) => listProfiles(indexId, q, o, h), query, opts),
    items: (indexId: string, query?: ListProfilesQuery, opts?: PaginateOptions) => items<Profile, ListProfilesQuery, ProfileList>((q, o, h) => listProfiles(indexId, q, o, h), query, opts),
    rawPages: (indexId: string, query?: ListProfilesQuery, opts?: PaginateOptions) => pages((q, o, h) => listProfilesRaw(indexId, q, o, h), query, opts),
    get: async (indexId: string, profileId: string, opts?: RequestOptions) => {
      const path = { indexId: pathParam("indexId", indexId), profileId: pathParam("profileId", profileId) };
      return call<Profile>("getProfile", (init) => raw.GET("/indexes/{indexId}/profiles/{profileId}", { params: { path }, ...init }), opts);
    },
  } as AmperityClient["profiles"];

  return {
    profiles,
    indexes: {
      list: (query, opts) => listIndexes(query, opts),
      pages: (query, opts) => pages(listIndexes, query, opts),
      items: (query, opts) => items(listIndexes, query, opts),
      get: async (indexId, opts) => {
        const path = { indexId: pathParam("indexId", indexId) };
        return call<Index>("getIndex", (init) => raw.GET("/indexes/{indexId}", { params: { path }, ...init }), opts);
      },
    },
    raw,
    baseUrl: config.baseUrl,
    tenant: config.tenant,
    apiVersion: config.apiVersion,
    token: async ({ signal } = {}) => config.tokens.get(signal),
  };
}
