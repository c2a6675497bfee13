// createAmperityClient: wires the validated config, the transport, the parameters, pagination, the envelope check
// and strict mode around one openapi-fetch client; withOptions wires a derived config the same way.
import createClient, { createQuerySerializer } from "openapi-fetch";
import type { AmperityClient } from "./amperity-client.js";
import { resolveConfig } from "./config.js";
import type { AmperityClientOptions, Config } from "./options.js";
import { watchCursor } from "./cursor-watch.js";
import { checkEnvelope } from "./envelope.js";
import { items, pages, type CursorHint, type PaginateOptions } from "./paginate.js";
import { pathParam, toWireQuery } from "./params.js";
import type { RawClient } from "./raw-client.js";
import type { RawBody, RawProfilePage } from "./raw-page.js";
import { createTransport, decodeBody, PlainRequest, type BodyReceiver, type RequestOptions, type Transport } from "./transport.js";
import type { ClientPaths, Index, IndexList, ListIndexesQuery, ListProfilesQuery, Profile, ProfileList } from "./types.js";
import { deriveConfig } from "./with-options.js";
import { rememberResponse } from "./response-info.js";
import { validateResponse, type Operation } from "./validate.js";

/** A GET path of the spec and its parameters, as the client's own calls send them. */
type Path = "/indexes" | "/indexes/{indexId}" | "/indexes/{indexId}/profiles" | "/indexes/{indexId}/profiles/{profileId}";
type Params = { path?: Record<string, string>; query?: Record<string, unknown> };

// openapi-fetch's own query serializer, so a call sent past it has the query it would have built.
const querySerializer = createQuerySerializer();
const pathParams = /\{(\w+)\}/g;

/** The URL openapi-fetch builds: each path parameter percent-encoded whole (encodeURIComponent), then the query. */
function urlOf(baseUrl: string, path: Path, params: Params): string {
  const expanded = params.path ? path.replace(pathParams, (_, name: string) => encodeURIComponent(params.path![name]!)) : path;
  const query = params.query ? querySerializer(params.query) : "";
  return `${baseUrl}${expanded}${query ? `?${query}` : ""}`;
}

let rawPages: Promise<typeof import("./raw-page.js")> | undefined;

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
  // Middleware added to `raw` runs on the client's own calls too, so from then on they go through openapi-fetch
  // with real Requests (a middleware may return one, which openapi-fetch checks with `instanceof`).
  let middleware = false;
  const use = raw.use;
  raw.use = (...added) => {
    middleware = true;
    use(...added);
  };
  const headers = new Headers(config.headers);

  /**
   * Sends one call of the client's own. Without middleware it goes straight to the transport, with the URL
   * openapi-fetch would build: openapi-fetch's header merging, Request and response handling cost more than the
   * rest of a lookup's client-side work. The transport parses a 2xx body once and hands it to the receiver.
   */
  async function send(path: Path, params: Params, fetch: ReturnType<Transport>, signal: AbortSignal | undefined): Promise<Response> {
    if (middleware) {
      // "stream": the transport has read the body already; openapi-fetch is not to read it again.
      const init = { params, fetch, parseAs: "stream", signal: signal ?? null };
      return (await raw.GET(path, init as never)).response;
    }
    return fetch(new PlainRequest(urlOf(config.baseUrl, path, params), { method: "GET", headers, signal: signal ?? null }));
  }

  /** A call's failure, logged at `error` when a logger asks for it. */
  const logged = logFailure ? <T>(sent: Promise<T>) => sent.catch((error: unknown) => Promise.reject((logFailure(error), error))) : <T>(sent: Promise<T>) => sent;

  /** One call of the client's own, its 2xx body checked (and validated in strict mode) and its response remembered. */
  async function call<T>(operation: Operation, path: Path, params: Params, opts: RequestOptions = {}, hint?: CursorHint): Promise<T> {
    let data: unknown;
    const receiver: BodyReceiver = { onData: (body) => (data = body) };
    if (hint) receiver.watch = watchCursor(hint);
    const response = await logged(send(path, params, transport(opts, receiver), opts.signal));
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
  async function rawCall(params: Params, opts: RequestOptions = {}, hint?: CursorHint): Promise<RawProfilePage> {
    const { pageFromLayout, pageFromParsed, scanOrParse } = await (rawPages ??= import("./raw-page.js"));
    let body: RawBody | undefined;
    let bytes: Uint8Array | undefined;
    const receiver = {
      parse: (received: Uint8Array) => ((bytes = received), scanOrParse(received, decodeBody, config.validateResponses)),
      onData: (read: unknown) => (body = read as RawBody),
      ...(hint && { watch: watchCursor(hint) }),
    };
    const response = await logged(send("/indexes/{indexId}/profiles", params, transport(opts, receiver), opts.signal));
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
    return call<ProfileList>("listProfiles", "/indexes/{indexId}/profiles", params, opts, hint);
  };
  const listProfilesRaw = async (indexId: string, query?: ListProfilesQuery, opts?: RequestOptions, hint?: CursorHint) => {
    return rawCall({ path: { indexId: pathParam("indexId", indexId) }, query: toWireQuery(query, true) }, opts, hint);
  };
  const listIndexes = async (query?: ListIndexesQuery, opts?: RequestOptions, hint?: CursorHint) => {
    return call<IndexList>("listIndexes", "/indexes", { query: toWireQuery(query, false) }, opts, hint);
  };

  // The one place the attribute type argument meets the JSON: it is the caller's declaration, not a check.
  const profiles = {
    list: (indexId: string, query?: ListProfilesQuery, opts?: RequestOptions) => listProfiles(indexId, query, opts),
    pages: (indexId: string, query?: ListProfilesQuery, opts?: PaginateOptions) => pages((q, o, h) => listProfiles(indexId, q, o, h), query, opts),
    items: (indexId: string, query?: ListProfilesQuery, opts?: PaginateOptions) => items<Profile, ListProfilesQuery, ProfileList>((q, o, h) => listProfiles(indexId, q, o, h), query, opts),
    rawPages: (indexId: string, query?: ListProfilesQuery, opts?: PaginateOptions) => pages((q, o, h) => listProfilesRaw(indexId, q, o, h), query, opts),
    get: async (indexId: string, profileId: string, opts?: RequestOptions) => {
      const path = { indexId: pathParam("indexId", indexId), profileId: pathParam("profileId", profileId) };
      return call<Profile>("getProfile", "/indexes/{indexId}/profiles/{profileId}", { path }, opts);
    },
  } as AmperityClient["profiles"];

  return {
    profiles,
    indexes: {
      list: (query, opts) => listIndexes(query, opts),
      pages: (query, opts) => pages(listIndexes, query, opts),
      items: (query, opts) => items(listIndexes, query, opts),
      get: async (indexId, opts) => {
        return call<Index>("getIndex", "/indexes/{indexId}", { path: { indexId: pathParam("indexId", indexId) } }, opts);
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
