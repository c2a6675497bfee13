// The operationId of a request, read off its URL: the raw client's calls have no other name, and errors and hooks
// name the operation for all calls alike.
import type { operations, paths } from "../../generated/schema.js";

/** Every path of the spec, its method and its operation. */
const routes = {
  "/indexes": ["GET", "listIndexes"],
  "/indexes/{indexId}": ["GET", "getIndex"],
  "/indexes/{indexId}/profiles": ["GET", "listProfiles"],
  "/indexes/{indexId}/profiles/{profileId}": ["GET", "getProfile"],
  "/v0/oauth2/token": ["POST", "createAccessToken"],
} as const satisfies { [Path in keyof paths]: readonly [string, keyof operations] };

// A path parameter is one segment (openapi-fetch percent-encodes `/` inside it); a URL's path ends with the route,
// and the longest route is tried first (`/indexes/indexes` is getIndex, not listIndexes).
const matchers = Object.entries(routes)
  .sort(([a], [b]) => b.length - a.length)
  .map(([path, [method, operation]]) => ({ method, operation, pattern: new RegExp(`${path.replace(/\{\w+\}/g, "[^/]+")}$`) }));

/** `listProfiles` for `GET https://host/api/indexes/x/profiles?limit=1`; `GET /other/path` for any other URL. */
export function operationOf(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return method;
  }
  for (const route of matchers) if (route.method === method && route.pattern.test(path)) return route.operation;
  return `${method} ${path}`;
}
