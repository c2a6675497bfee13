// The request half of the contract's oracle: requests written by hand from the documentation and the register's
// decisions, each with the answer Prism's mock must give (it validates requests against the spec) and the status the
// sandbox must give (it imitates the API). Nothing here is read from generated/openapi.json: a spec loosened so that
// `limit=0` or `api-version: 2024-04-01` passes makes both answer 200 where a case below says they refuse.

/** `refused`: a 4xx Prism answers itself; `accepted`: a 2xx; `gap`: Prism lets through what the spec forbids (noted). */
export type PrismVerdict = "accepted" | "refused" | "gap" | { status: number };

export interface RequestCase {
  name: string;
  method?: string;
  /** `{index}` and `{profile}` stand for an id that exists on the target. */
  path: string;
  /** The raw query string, as sent. */
  query?: string;
  /** Changes to the valid headers; undefined removes one. */
  headers?: Record<string, string | undefined>;
  /** A form body (the token endpoint). */
  body?: string;
  prism: PrismVerdict;
  sandbox: number;
  /** Words the sandbox's error message must contain (the parameter or header it names). */
  names?: string;
  /** The Allow header a 405 must carry. */
  allow?: string;
}

const profiles = "/indexes/{index}/profiles";
const profile = "/indexes/{index}/profiles/{profile}";
const index = "/indexes/{index}";
const allFour = [["listIndexes", "/indexes"], ["getIndex", index], ["listProfiles", profiles], ["getProfile", profile]] as const;

export const requestCases: readonly RequestCase[] = [
  ...allFour.map(([op, path]): RequestCase => ({ name: `${op} with the required headers only`, path, prism: "accepted", sandbox: 200 })),
  // DOC-15: limit is an integer >= 1, no maximum in the spec.
  ...["0", "-1", "abc", "1.5"].flatMap((limit): RequestCase[] => [
    { name: `DOC-15: listProfiles?limit=${limit}`, path: profiles, query: `limit=${limit}`, prism: "refused", sandbox: 400, names: "limit" },
    { name: `DOC-15: listIndexes?limit=${limit}`, path: "/indexes", query: `limit=${limit}`, prism: "refused", sandbox: 400, names: "limit" },
  ]),
  { name: "DOC-15: listProfiles?limit=1", path: profiles, query: "limit=1", prism: "accepted", sandbox: 200 },
  // DOC-19: with_total is a boolean.
  { name: "DOC-19: listProfiles?with_total=maybe", path: profiles, query: "with_total=maybe", prism: "refused", sandbox: 400, names: "with_total" },
  { name: "DOC-19: listIndexes?with_total=true", path: "/indexes", query: "with_total=true", prism: "accepted", sandbox: 200 },
  // DOC-17: a request's next_token is never empty (Prism does not apply minLength to an empty query value).
  { name: "DOC-17: listProfiles?next_token= (empty)", path: profiles, query: "next_token=", prism: "gap", sandbox: 400, names: "next_token" },
  // DOC-33, DOC-38: api_version beside the header on every operation, a supported value only, never instead of it.
  ...allFour.map(([op, path]): RequestCase => ({ name: `DOC-38: ${op}?api_version=2025-07-31 beside the header`, path, query: "api_version=2025-07-31", prism: "accepted", sandbox: 200 })),
  ...allFour.map(([op, path]): RequestCase => ({ name: `DOC-38: ${op}?api_version=1999-12-31`, path, query: "api_version=1999-12-31", prism: "refused", sandbox: 400, names: "api_version" })),
  { name: "DOC-33: listIndexes?api_version=2025-07-31 without the header", path: "/indexes", query: "api_version=2025-07-31", headers: { "api-version": undefined }, prism: { status: 401 }, sandbox: 401, names: "api-version" },
  // DOC-23, DOC-32, DOC-37: the version header is required and names 2025-07-31 only.
  { name: "DOC-37: api-version: unstable", path: "/indexes", headers: { "api-version": "unstable" }, prism: { status: 400 }, sandbox: 400, names: "api-version" },
  { name: "DOC-37: api-version: 2024-04-01 (the older API)", path: profiles, headers: { "api-version": "2024-04-01" }, prism: { status: 400 }, sandbox: 400, names: "api-version" },
  { name: "DOC-32: no api-version header", path: profile, headers: { "api-version": undefined }, prism: { status: 401 }, sandbox: 401, names: "api-version" },
  // DOC-14, DOC-31: the tenant header is required, a DNS label, and must be the token's tenant.
  { name: "DOC-31: no amperity-tenant header", path: index, headers: { "amperity-tenant": undefined }, prism: { status: 401 }, sandbox: 401, names: "amperity-tenant" },
  { name: "DOC-14: amperity-tenant: a.b", path: "/indexes", headers: { "amperity-tenant": "a.b" }, prism: { status: 400 }, sandbox: 400, names: "amperity-tenant" },
  { name: "DOC-31: another tenant's id", path: "/indexes", headers: { "amperity-tenant": "oracle-other-tenant" }, prism: "accepted", sandbox: 403 },
  // DOC-21: a bearer token, and only a bearer token.
  { name: "DOC-21: no Authorization header", path: profiles, headers: { authorization: undefined }, prism: { status: 401 }, sandbox: 401 },
  { name: "DOC-21: Authorization: Basic", path: profiles, headers: { authorization: "Basic b3JhY2xlOm9yYWNsZQ==" }, prism: { status: 401 }, sandbox: 401 },
  // DOC-24: filter[<field>]=<value> on listProfiles only, field names matching the pattern.
  { name: "DOC-24: filter[given_name]=Daniel", path: profiles, query: "filter%5Bgiven_name%5D=Daniel", prism: "accepted", sandbox: 200 },
  { name: "DOC-24: filter[1bad name]=x (Prism drops it silently)", path: profiles, query: "filter%5B1bad%20name%5D=x", prism: "gap", sandbox: 400, names: "filter[1bad name]" },
  { name: "DOC-24: filter on listIndexes, which takes none", path: "/indexes", query: "filter%5Bgiven_name%5D=Daniel", prism: "gap", sandbox: 400, names: "filter" },
  { name: "a query key no operation declares (LIMIT)", path: "/indexes", query: "LIMIT=5", prism: "gap", sandbox: 400, names: "LIMIT" },
  // DOC-12, DOC-22: an id that names nothing is a 404 (a mock knows no data).
  { name: "DOC-22: an index that does not exist", path: "/indexes/oracle-no-such-index", prism: "accepted", sandbox: 404 },
  { name: "DOC-22: a profile that does not exist", path: "/indexes/{index}/profiles/cl-00000000", prism: "accepted", sandbox: 404 },
  // The API is read-only: every other method is 405 with the allowed one named.
  { name: "POST /indexes", method: "POST", path: "/indexes", prism: { status: 405 }, sandbox: 405, allow: "GET" },
  { name: "DELETE an index", method: "DELETE", path: index, prism: { status: 405 }, sandbox: 405, allow: "GET" },
  { name: "PUT a profile", method: "PUT", path: profile, prism: { status: 405 }, sandbox: 405, allow: "GET" },
];

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const good = { grant_type: "client_credentials", client_id: "oracle-client", client_secret: "oracle-secret-1" };
export const oracleClient = { clientId: good.client_id, clientSecret: good.client_secret };
const token = "/v0/oauth2/token";
const formHeaders = { "content-type": "application/x-www-form-urlencoded", authorization: undefined, "api-version": undefined, "amperity-tenant": undefined };

/** The token endpoint's cases; their headers replace the Profile API's (no bearer token, X-Amperity-Tenant). */
export const tokenCases: readonly RequestCase[] = [
  { name: "DOC-28: the documented form", method: "POST", path: token, body: form(good), headers: formHeaders, prism: "accepted", sandbox: 200 },
  { name: "DOC-40: a form with scope (Prism does not apply additionalProperties to a form)", method: "POST", path: token, body: form({ ...good, scope: "profiles" }), headers: formHeaders, prism: "gap", sandbox: 400, names: "scope" },
  {
    name: "DOC-40: HTTP Basic client authentication, no credentials in the body",
    method: "POST",
    path: token,
    body: form({ grant_type: "client_credentials" }),
    headers: { ...formHeaders, authorization: `Basic ${Buffer.from(`${good.client_id}:${good.client_secret}`).toString("base64")}` },
    prism: "refused",
    sandbox: 400,
    names: "client_id",
  },
  { name: "DOC-30: grant_type=password", method: "POST", path: token, body: form({ ...good, grant_type: "password" }), headers: formHeaders, prism: "refused", sandbox: 400, names: "grant_type" },
  { name: "DOC-30: no client_secret", method: "POST", path: token, body: form({ grant_type: "client_credentials", client_id: "c" }), headers: formHeaders, prism: "refused", sandbox: 400, names: "client_secret" },
  { name: "DOC-27: no X-Amperity-Tenant", method: "POST", path: token, body: form(good), headers: { ...formHeaders, "x-amperity-tenant": undefined }, prism: "refused", sandbox: 400, names: "X-Amperity-Tenant" },
  { name: "DOC-30: a JSON body", method: "POST", path: token, body: JSON.stringify(good), headers: { ...formHeaders, "content-type": "application/json" }, prism: "refused", sandbox: 400 },
];
