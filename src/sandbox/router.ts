/** The operation a request path names, and its decoded path parameters. */
export interface Route {
  operationId: "listIndexes" | "getIndex" | "listProfiles" | "getProfile" | "createAccessToken";
  path: Record<string, string>;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed percent-encoding: keep it as sent, so it simply names nothing
  }
}

/** Maps `/api/indexes[/{indexId}[/profiles[/{profileId}]]]` (the real hosts' paths under `/api`) to operations. */
export function route(pathname: string): Route | undefined {
  if (pathname === "/api/v0/oauth2/token") return { operationId: "createAccessToken", path: {} };
  if (!pathname.startsWith("/api/indexes")) return undefined;
  const [root, indexId, profiles, profileId, ...rest] = pathname.slice("/api/".length).split("/");
  if (root !== "indexes" || rest.length > 0 || [indexId, profileId].includes("")) return undefined;
  if (indexId === undefined) return { operationId: "listIndexes", path: {} };
  if (profiles === undefined) return { operationId: "getIndex", path: { indexId: decode(indexId) } };
  if (profiles !== "profiles") return undefined;
  if (profileId === undefined) return { operationId: "listProfiles", path: { indexId: decode(indexId) } };
  return { operationId: "getProfile", path: { indexId: decode(indexId), profileId: decode(profileId) } };
}
