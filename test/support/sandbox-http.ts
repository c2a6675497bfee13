// The sandbox through plain fetch, as any HTTP client sees it, for the test/sandbox-*.test.ts suites. Every body it
// answers is checked against the spec's generated validators (the 200 body of the operation, or the Error body),
// and every error body must carry the request id that the x-request-id header names.
import { errorBody, getIndex, getProfile, listIndexes, listProfiles } from "../../generated/validators.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

export type Json = Record<string, any>;
export interface Reply { status: number; headers: Headers; body: Json }

function operationOf(path: string) {
  const clean = path.split("?")[0]!;
  if (/^\/indexes$/.test(clean)) return listIndexes;
  if (/^\/indexes\/[^/]+$/.test(clean)) return getIndex;
  if (/^\/indexes\/[^/]+\/profiles$/.test(clean)) return listProfiles;
  return getProfile;
}

export async function call(sb: Sandbox, path: string, headers: Record<string, string | undefined> = {}, method = "GET"): Promise<Reply> {
  const sent = { authorization: `Bearer ${sb.token}`, "amperity-tenant": sb.tenant, "api-version": "2025-07-31", ...headers };
  const res = await fetch(sb.url + path, {
    method,
    headers: Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined)) as Record<string, string>,
  });
  const body = (await res.json()) as Json;
  expect(res.headers.get("content-type")).toBe("application/json");
  const requestId = res.headers.get("x-request-id");
  expect(requestId).toMatch(/^req-/);
  const validate = res.status === 200 ? operationOf(path) : errorBody;
  if (!validate(body)) throw new Error(`${path} → ${res.status} does not match the spec: ${JSON.stringify(validate.errors)}`);
  if (res.status !== 200) {
    expect(body).toMatchObject({ status: res.status, request_id: requestId, trace_id: expect.any(String) });
  }
  return { status: res.status, headers: res.headers, body };
}

export async function walk(sb: Sandbox, path: string, query = "", limit?: number): Promise<{ ids: string[]; pages: Json[] }> {
  const ids: string[] = [];
  const pages: Json[] = [];
  let token: string | undefined;
  do {
    const params = new URLSearchParams(query);
    if (limit !== undefined) params.set("limit", String(limit));
    if (token) params.set("next_token", token);
    const { status, body } = await call(sb, `${path}?${params}`);
    expect(status).toBe(200);
    if (limit !== undefined) expect(body["data"].length).toBeLessThanOrEqual(limit);
    pages.push(body);
    ids.push(...body["data"].map((item: Json) => item["id"]));
    token = body["next_token"];
  } while (token);
  return { ids, pages };
}

export const profileCount = 137;

export interface SuiteSandboxes {
  /** 137 profiles in 3 indexes, a page maximum of 500. */
  sb: Sandbox;
  /** 600 profiles from the same seed (the same index ids): another token, more values, another signing key. */
  other: Sandbox;
  index: string;
  /** Every profile of `index`, in listing order. */
  all: Json[];
  close(): Promise<unknown>;
}

/** The two sandboxes every sandbox suite reads; each file starts its own pair (they start in milliseconds). */
export async function startSuiteSandboxes(): Promise<SuiteSandboxes> {
  const [sb, other] = await Promise.all([
    startSandbox({ profiles: profileCount, indexes: 3, seed: "suite", pageMax: 500 }),
    startSandbox({ profiles: 600, indexes: 3, seed: "suite" }),
  ]);
  const index = sb.indexes[0]!;
  const all = (await call(sb, `/indexes/${index}/profiles?limit=500`)).body["data"];
  return { sb, other, index, all, close: () => Promise.all([sb.close(), other.close()]) };
}
