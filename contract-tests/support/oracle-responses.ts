// The response half of the contract's oracle: responses written by hand from the documentation and the register's
// decisions, each with the verdict the spec must give it. Nothing here is read from generated/openapi.json, so a spec
// that is loosened (a dropped `required`, a removed minimum) or tightened against a decision (an open object closed)
// disagrees with a case below, while Prism and the sandbox, which both follow the spec, would go on agreeing with it.
import type { CannedResponse } from "./canned-server.js";

export interface ResponseCase extends CannedResponse {
  /** What the case is, with the DOC id of the decision it holds. */
  name: string;
  method: "GET" | "POST";
  /** The request path, relative to the API's base (no `/api`). */
  path: string;
  /** Whether a server sending this conforms to the API as documented and decided. */
  valid: boolean;
  /** Why Prism's proxy cannot judge this case, when it cannot (the other judges still do). */
  prismBlind?: string;
}

const index = { id: "idx-1", name: "Customers" };
const profile = { id: "cl-1", index_id: "idx-1", attributes: { given_name: "Ada" } };
const error = (status: number) => ({ status, message: "Something went wrong." });
const token = { access_token: "oracle-access-token", token_type: "Bearer", expires_in: 60 };
const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`field_${i + 1}`, `v${i + 1}`]));

const getIndex = "/indexes/idx-1";
const listIndexes = "/indexes";
const listProfiles = "/indexes/idx-1/profiles";
const getProfile = "/indexes/idx-1/profiles/cl-1";
const tokenPath = "/v0/oauth2/token";
// Prism 5.14 passes a header sent with an empty value as if it were absent, so minLength on a header is not its to judge.
const emptyHeader = "Prism reads an empty header value as an absent header";

type Shape = Omit<ResponseCase, "method" | "status"> & { method?: "GET" | "POST"; status?: number };
const of = (c: Shape): ResponseCase => ({ method: "GET", status: 200, ...c });

export const responseCases: readonly ResponseCase[] = [
  // Index (DOC-04): id and name required, other properties allowed.
  of({ name: "an index with id and name", path: getIndex, body: index, valid: true }),
  of({ name: "an index without a name", path: getIndex, body: { id: "idx-1" }, valid: false }),
  of({ name: "an index without an id", path: getIndex, body: { name: "Customers" }, valid: false }),
  of({ name: "an index whose name is a number", path: getIndex, body: { id: "idx-1", name: 7 }, valid: false }),
  of({ name: "an index with a property the spec does not list (open)", path: getIndex, body: { ...index, owner: "ops" }, valid: true }),
  of({ name: "DOC-06: an index whose created_at is not a date-time", path: getIndex, body: { ...index, created_at: "yesterday" }, valid: false }),
  of({ name: "DOC-06: an index with RFC 3339 timestamps", path: getIndex, body: { ...index, created_at: "2025-04-25T20:30:00Z", updated_at: "2025-04-26T08:00:00+02:00" }, valid: true }),
  // Envelopes (DOC-17, DOC-19): data required; next_token absent, null or empty; total an integer >= 0.
  of({ name: "an index page without data", path: listIndexes, body: { next_token: "t" }, valid: false }),
  of({ name: "an index page whose data is an object", path: listIndexes, body: { data: {} }, valid: false }),
  of({ name: "DOC-17: an index page whose next_token is null", path: listIndexes, body: { data: [index], next_token: null }, valid: true }),
  of({ name: "DOC-17: an index page whose next_token is empty", path: listIndexes, body: { data: [], next_token: "" }, valid: true }),
  of({ name: "DOC-19: an index page whose total is -1", path: listIndexes, body: { data: [], total: -1 }, valid: false }),
  of({ name: "DOC-19: an index page whose total is 1.5", path: listIndexes, body: { data: [index], total: 1.5 }, valid: false }),
  of({ name: "DOC-19: a profile page with total 0 and no items", path: listProfiles, body: { total: 0, data: [] }, valid: true }),
  of({ name: "a profile page without data", path: listProfiles, body: { total: 3 }, valid: false }),
  of({ name: "DOC-17: a profile page whose next_token is a number", path: listProfiles, body: { data: [], next_token: 5 }, valid: false }),
  of({ name: "a profile page holding an item without an id", path: listProfiles, body: { data: [{ index_id: "idx-1" }] }, valid: false }),
  // Profile (DOC-07, DOC-39): only id required, open, at most 30 scalar attributes.
  of({ name: "DOC-07: a profile with only an id", path: getProfile, body: { id: "cl-1" }, valid: true }),
  of({ name: "DOC-07: a profile in the seed's shape", path: getProfile, body: { id: "cl-abc123", name: "Loyalty Members", created_at: "2025-04-25T20:30:00Z", updated_at: "2025-04-25T20:30:00Z" }, valid: true }),
  of({ name: "DOC-07: a profile with a property the spec does not list (open)", path: getProfile, body: { ...profile, score: 3 }, valid: true }),
  of({ name: "a profile without an id", path: getProfile, body: { index_id: "idx-1" }, valid: false }),
  of({ name: "a profile whose id is empty", path: getProfile, body: { id: "" }, valid: false }),
  of({ name: "DOC-39: a profile with 30 attributes", path: getProfile, body: { id: "cl-1", attributes: fields(30) }, valid: true }),
  of({ name: "DOC-39: a profile with 31 attributes", path: getProfile, body: { id: "cl-1", attributes: fields(31) }, valid: false }),
  of({ name: "DOC-39: a profile whose attribute is an object", path: getProfile, body: { id: "cl-1", attributes: { address: { city: "Seattle" } } }, valid: false }),
  of({ name: "DOC-39: a profile whose attribute is an array", path: getProfile, body: { id: "cl-1", attributes: { tags: ["a"] } }, valid: false }),
  of({ name: "DOC-39: a profile with number, boolean and null attributes", path: getProfile, body: { id: "cl-1", attributes: { age: 41, vip: true, phone: null } }, valid: true }),
  // Error bodies (DOC-12, DOC-22): status and message required, status an integer of 400-599.
  of({ name: "DOC-22: a 404 with the minimal error body", path: getIndex, status: 404, body: error(404), valid: true }),
  of({ name: "DOC-22: a 404 with request_id and trace_id", path: getIndex, status: 404, body: { ...error(404), request_id: "r-1", trace_id: "t-1" }, valid: true }),
  of({ name: "DOC-22: a 404 without a message", path: getIndex, status: 404, body: { status: 404 }, valid: false }),
  of({ name: "DOC-22: a 500 whose status is a string", path: listIndexes, status: 500, body: { status: "500", message: "x" }, valid: false }),
  of({ name: "DOC-22: an error body whose status is 200", path: listIndexes, status: 400, body: { status: 200, message: "x" }, valid: false }),
  of({ name: "DOC-22: a status the operation does not declare (418)", path: listIndexes, status: 418, body: error(418), valid: false }),
  of({ name: "DOC-22: a 404 from listIndexes, which declares none", path: listIndexes, status: 404, body: error(404), valid: false }),
  of({ name: "a 200 served as text/html", path: getIndex, headers: { "content-type": "text/html" }, body: index, valid: false }),
  // Headers (DOC-16, DOC-36): Retry-After as seconds or an HTTP date; X-Request-Id never empty.
  of({ name: "DOC-16: a 429 with Retry-After in seconds", path: listProfiles, status: 429, headers: { "retry-after": "2" }, body: error(429), valid: true }),
  of({ name: "DOC-16: a 429 with Retry-After as an HTTP date", path: listProfiles, status: 429, headers: { "retry-after": "Thu, 31 Dec 2026 00:00:00 GMT" }, body: error(429), valid: true }),
  of({ name: "DOC-16: a 429 with Retry-After in milliseconds", path: listProfiles, status: 429, headers: { "retry-after": "2000ms" }, body: error(429), valid: false }),
  of({ name: "DOC-16: a 503 with Retry-After as a word", path: getProfile, status: 503, headers: { "retry-after": "soon" }, body: error(503), valid: false }),
  of({ name: "DOC-16: a 429 without Retry-After (it is undocumented, so optional)", path: listIndexes, status: 429, body: error(429), valid: true }),
  of({ name: "DOC-36: a 200 with an X-Request-Id", path: getIndex, headers: { "x-request-id": "req-1" }, body: index, valid: true }),
  of({ name: "DOC-36: a 200 with an empty X-Request-Id", path: getIndex, headers: { "x-request-id": "" }, body: index, valid: false, prismBlind: emptyHeader }),
  of({ name: "DOC-36: a 401 with an empty X-Request-Id", path: listProfiles, status: 401, headers: { "x-request-id": "" }, body: error(401), valid: false, prismBlind: emptyHeader }),
  // The token endpoint (DOC-29, DOC-30).
  of({ name: "DOC-29: a token with its lifetime", method: "POST", path: tokenPath, body: token, valid: true }),
  of({ name: "DOC-29: a token without expires_in", method: "POST", path: tokenPath, body: { access_token: "a", token_type: "bearer" }, valid: true }),
  of({ name: "DOC-29: a token without access_token", method: "POST", path: tokenPath, body: { token_type: "Bearer", expires_in: 60 }, valid: false }),
  of({ name: "DOC-29: a token whose access_token is empty", method: "POST", path: tokenPath, body: { ...token, access_token: "" }, valid: false }),
  of({ name: "DOC-29: a token whose type is not Bearer", method: "POST", path: tokenPath, body: { ...token, token_type: "mac" }, valid: false }),
  of({ name: "DOC-29: a token whose expires_in is negative", method: "POST", path: tokenPath, body: { ...token, expires_in: -1 }, valid: false }),
  of({ name: "DOC-30: refused credentials with the API's error body", method: "POST", path: tokenPath, status: 401, body: error(401), valid: true }),
  of({ name: "DOC-30: refused credentials with OAuth's error body", method: "POST", path: tokenPath, status: 400, body: { error: "invalid_client" }, valid: false }),
];
