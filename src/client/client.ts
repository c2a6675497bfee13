// createAmperityClient: wires the validated config, the transport, the parameters, pagination, the envelope check
// and strict mode around one openapi-fetch client; withOptions wires a derived config the same way.
import createClient from "openapi-fetch";
import type { AmperityClient } from "./amperity-client.js";
import { resolveConfig } from "./config.js";
import type { AmperityClientOptions, Config } from "./options.js";
import { checkEnvelope } from "./envelope.js";
import { items, pages, type CursorHint, type PaginateOptions } from "./paginate.js";
import { pathParam, toWireQuery } from "./params.js";
import type { RawClient } from "./raw-client.js";
import type { RawBody, RawProfilePage } from "./raw-page.js";
import { createTransport, decodeBody, PlainRequest, type RequestOptions, type Transport } from "./transport.js";
import type { ClientPaths, Index, IndexList, ListIndexesQuery, ListProfilesQuery, Profile, ProfileList } from "./types.js";
import { deriveConfig } from "./with-options.js";
import { rememberResponse } from "./response-info.js";
import { tailToken } from "./tail-token.js";
import { validateResponse, type Operation } from "./validate.js";

/** What the client's own calls add to openapi-fetch's options. */
interface CallInit {
  fetch: ReturnType<Transport>;
  parseAs: "stream";
  signal: AbortSignal | null;
  Request: typeof PlainRequest | undefined;
}

let rawPages: Promise<typeof import("./raw-page.js")> | undefined;

/** A receiver's `peek` that passes pagination the cursor a page's bytes end with, if they end with one. */
const peekCursor = (hint: CursorHint) => (bytes: Uint8Array) => {
  const token = tailToken(bytes);
  return token !== undefined && hint(token);
};

/**
 * A client of the Amperity Profile API for one tenant. The options are checked here, before anything is sent: a bad
 * tenant, host, token or an unknown option is a `ConfigError`. Nothing is requested until the first call.
 *
 * @example
 * ```ts
 * import { createAmperityClient, NotFoundError } from "amperity-profiles";
 *
 * const amperity = createAmperityClient({ tenant: "acme", token: process.env.AMPERITY_TOKEN! });
 * for await (const profile of amperity.profiles.items("idx-xyz789", { limit: 500 })) {
 *   console.log(profile.id, profile.attributes?.email);
 * }
 * try {
 *   await amperity.profiles.get("idx-xyz789", "cl-abc123");
 * } catch (error) {
 *   if (!(error instanceof NotFoundError)) throw error; // error.requestId names the request to support
 * }
 * ```
 */
export function createAmperityClient(options: AmperityClientOptions): AmperityClient {
  return clientFrom(resolveConfig(options));
}

function clientFrom(config: Config): AmperityClient {
  const transport = createTransport(config);
  const { logFailure } = config;
  const rawFetch = transport();
  const raw = createClient<ClientPaths>({
    baseUrl: config.baseUrl,
    fetch: logFailure ? (request) => rawFetch(request).catch((error: unknown) => Promise.reject((logFailure(error), error))) : rawFetch,
    ...(config.headers && { headers: config.headers }),
  });
  // Middleware added to `raw` runs on the client's own calls too and may return a real Request, which openapi-fetch
  // checks with `instanceof` against the class it built with: from then on those calls build real Requests.
  let Request: typeof PlainRequest | undefined = PlainRequest;
  const use = raw.use;
  raw.use = (...middleware) => {
    Request = undefined;
    use(...middleware);
  };

  /** A call's failure, logged at `error` when a logger asks for it. */
  const logged = logFailure ? <T>(sent: Promise<T>) => sent.catch((error: unknown) => Promise.reject((logFailure(error), error))) : <T>(sent: Promise<T>) => sent;

  /**
   * One call of the client's own: the transport parses a 2xx body once and hands it over, and openapi-fetch is told
   * not to read it again ("stream"). `Request` is a per-call option of openapi-fetch (its types list it on
   * createClient only).
   */
  async function call<T>(operation: Operation, send: (init: CallInit) => Promise<unknown>, opts: RequestOptions = {}, hint?: CursorHint): Promise<T> {
    let data: unknown;
    const receiver = { onData: (body: unknown) => (data = body), ...(hint && { peek: peekCursor(hint) }) };
    const { response } = (await logged(send({ fetch: transport(opts, receiver), parseAs: "stream", signal: opts.signal ?? null, Request }))) as { response: Response };
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
      ...(hint && { peek: peekCursor(hint) }),
    };
    const { response } = (await logged(send({ fetch: transport(opts, receiver), parseAs: "stream", signal: opts.signal ?? null, Request }))) as { response: Response };
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
    raw: raw as RawClient,
    baseUrl: config.baseUrl,
    tenant: config.tenant,
    apiVersion: config.apiVersion,
    token: async ({ signal } = {}) => config.tokens.get(signal),
    withOptions: (overrides) => clientFrom(deriveConfig(config, overrides)),
  };
}
