import type { IncomingHttpHeaders } from "node:http";
import { createAuthorizer } from "./auth.js";
import type { CursorCodec } from "./cursor.js";
import type { SandboxIndex } from "./indexes.js";
import { JsonWriter } from "./json-writer.js";
import { listLayout } from "./key-order.js";
import type { ResolvedSandboxOptions } from "./resolve-options.js";
import { createPager } from "./pager.js";
import { profilePosition } from "./profiles.js";
import { hashString, hex8 } from "./random.js";
import type { RequestCheck } from "./request-checks.js";
import { jsonResponse, SandboxError, type SandboxResponse } from "./responses.js";

export interface ApiRequest {
  operationId: string;
  path: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** The four operations of the Profile API over the generated data. */
export function createApi(
  options: ResolvedSandboxOptions,
  indexes: SandboxIndex[],
  cursors: CursorCodec,
  check: RequestCheck,
  issued?: (token: string) => boolean,
) {
  const byId = new Map(indexes.map((index) => [index.id, index]));
  const authorize = createAuthorizer(options.token, options.tenant, check, issued);
  const page = createPager(options.pageMax, cursors);
  const profilesLayout = listLayout("profiles", options.keyOrder);
  const indexesLayout = listLayout("indexes", options.keyOrder);

  function valid(result: ReturnType<RequestCheck>): Record<string, unknown> {
    if (!result.ok) throw new SandboxError(400, result.message);
    return result.values;
  }

  function index(id: unknown): SandboxIndex {
    const found = byId.get(String(id));
    if (!found) throw new SandboxError(404, `Index ${JSON.stringify(id)} not found.`);
    return found;
  }

  function listProfiles(target: SandboxIndex, query: Record<string, unknown>): SandboxResponse {
    const { shape } = target;
    const filter = Object.entries((query["filter"] as Record<string, string> | undefined) ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    const unknown = filter.find(([field]) => !shape.filterFields.includes(field));
    if (unknown) {
      throw new SandboxError(400, `Invalid query parameter filter[${unknown[0]}]: ${unknown[0]} is not a filter field of this ` +
        `index (filter fields: ${shape.filterFields.join(", ")}).`);
    }
    const wanted = filter.map(([field, value]) => [shape.attributes.indexOf(field), value] as const);
    return page(query, target.id, filter.length ? hex8(hashString(JSON.stringify(filter))) : "", {
      count: options.profiles,
      includes: wanted.length === 0 ? undefined : (position) => {
        const attributes = shape.values(target, position);
        return wanted.every(([at, value]) => attributes[at] === value);
      },
      write: (out, position) => shape.write(out, target, position),
    }, profilesLayout);
  }

  function getProfile(target: SandboxIndex, profileId: string): SandboxResponse {
    const position = profilePosition(target, profileId, options.profiles);
    if (position === undefined) throw new SandboxError(404, `Profile ${JSON.stringify(profileId)} not found in index ${target.id}.`);
    const out = new JsonWriter(1024);
    target.shape.write(out, target, position);
    return jsonResponse(out.result());
  }

  return function handle(request: ApiRequest): SandboxResponse {
    authorize(request.operationId, request.headers, request.query);
    const path = valid(check(request.operationId, "path", request.path));
    const query = valid(check(request.operationId, "query", request.query));
    switch (request.operationId) {
      case "listIndexes":
        return page(query, "indexes", "", { count: indexes.length, write: (out, at) => void out.bytes(indexes[at]!.json) }, indexesLayout);
      case "getIndex":
        return jsonResponse(index(path["indexId"]).json);
      case "listProfiles":
        return listProfiles(index(path["indexId"]), query);
      case "getProfile":
        return getProfile(index(path["indexId"]), String(path["profileId"]));
      default:
        throw new Error(`The sandbox does not implement operation ${request.operationId}`);
    }
  };
}
