// Type-level tests under `exactOptionalPropertyTypes` (tsconfig.exact.json, run by `npm run typecheck`): a caller
// compiling with it can pass `undefined` for any optional option, as `x ?? undefined` or a missing setting gives.
import { createAmperityClient, type AmperityClient, type ListIndexesQuery, type ListProfilesQuery, type PaginateOptions, type RequestOptions } from "../src/index.js";

declare const maybe: <T>() => T | undefined;
declare const amperity: AmperityClient;

export async function exactOptionalTests() {
  createAmperityClient({
    tenant: "acme",
    token: "tok-12345678",
    region: maybe<"aws">(),
    baseUrl: maybe<string>(),
    apiVersion: undefined,
    retry: maybe<{ maxAttempts?: number | undefined; baseDelayMs?: number | undefined; maxDelayMs?: number | undefined }>(),
    timeoutMs: maybe<number>(),
    maxRequestsPerSecond: maybe<number>(),
    validateResponses: maybe<boolean>(),
    maxResponseBytes: undefined,
    headers: maybe<Record<string, string>>(),
    fetch: undefined,
    onRetry: undefined,
    userAgent: maybe<string>(),
    onDeprecation: undefined,
    logger: undefined,
    logLevel: undefined,
    hooks: { request: undefined, response: undefined },
    clientId: undefined,
  });
  createAmperityClient({ tenant: "acme", clientId: "id", clientSecret: "secret", tokenUrl: maybe<string>(), token: undefined });
  createAmperityClient({ tenant: "acme", token: "tok-12345678", retry: { maxAttempts: undefined, baseDelayMs: undefined, maxDelayMs: undefined } });

  const page = await amperity.profiles.list("idx-1", { limit: maybe<number>(), with_total: maybe<boolean>(), filter: maybe<Record<string, string>>() });
  // DOC-34: the page's cursor goes back as it is, `undefined` on the last page included.
  const query: ListProfilesQuery = { next_token: page.next_token, limit: undefined };
  const indexQuery: ListIndexesQuery = { next_token: maybe<string>(), limit: undefined, with_total: undefined };
  const options: RequestOptions = { signal: maybe<AbortSignal>(), retry: undefined, timeoutMs: maybe<number>() };
  const paging: PaginateOptions = { ...options, maxPages: undefined, maxItems: maybe<number>(), prefetch: undefined };
  amperity.withOptions({ timeoutMs: maybe<number>(), retry: undefined, headers: undefined, logger: undefined });
  await amperity.token({ signal: undefined });
  return [query, indexQuery, paging];
}
