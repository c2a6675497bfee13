import { apiVersions } from "../../generated/constraints.js";
import { createAmperityClient, type AmperityClient, type ClientOptions, type TokenAuth } from "../../src/index.js";
import { recorder, type Recorder } from "./recorder.js";
import type { OperationId } from "./spec.js";

/** Prism accepts any bearer token; this one is fake and only ever sent to loopback servers. */
export const fakeToken = "contract-test-token";
export const tenant = "acme";
export const indexId = "idx-xyz789";
export const profileId = "cl-ghi789";

/** Every header the spec requires, for requests sent outside the client. */
export function validHeaders(token = fakeToken): Record<string, string> {
  return { authorization: `Bearer ${token}`, "api-version": apiVersions[0], "amperity-tenant": tenant };
}

/** One valid path per operation, relative to the server's base URL. */
export const samplePaths: Record<OperationId, string> = {
  listProfiles: `/indexes/${indexId}/profiles`,
  getProfile: `/indexes/${indexId}/profiles/${profileId}`,
  listIndexes: "/indexes",
  getIndex: `/indexes/${indexId}`,
};

/** One client call per operation. */
export const calls: Record<OperationId, (client: AmperityClient) => Promise<unknown>> = {
  listProfiles: (c) => c.profiles.list(indexId),
  getProfile: (c) => c.profiles.get(indexId, profileId),
  listIndexes: (c) => c.indexes.list(),
  getIndex: (c) => c.indexes.get(indexId),
};

/**
 * A strict client (responses validated) with retries off unless asked for, whose requests go through a recorder
 * that adds `headers` (e.g. `Prefer`) to each. `sleep` replaces the wait between retries (a test hook of the
 * client's, under its registered symbol).
 */
export function strictClient(
  baseUrl: string,
  options: { headers?: Record<string, string>; basePath?: string; sleep?: () => Promise<void> } & Partial<ClientOptions & TokenAuth> = {},
): { client: AmperityClient; rec: Recorder } {
  const { headers, basePath, sleep, ...clientOptions } = options;
  const rec = recorder({ headers: headers ?? {}, basePath: basePath ?? "" });
  const client = createAmperityClient({
    tenant,
    token: fakeToken,
    baseUrl,
    validateResponses: true,
    retry: false,
    fetch: rec.fetch,
    ...clientOptions,
    ...(sleep && { [Symbol.for("amperity-profiles.test-hooks")]: { sleep } }),
  });
  return { client, rec };
}
