// The deliberate faults scripts/mutation/run.mjs applies, one at a time, in a temporary copy of the repository.
// Each is one small text edit: `find` must occur exactly once in `file` (else the mutation "does not apply" and is
// reported as such, never silently skipped). A spec mutation is followed by `npm run generate` in the copy, as an
// engineer would run it. Classes:
//   spec-loosened     the spec accepts what the documentation refuses (a dropped `required`, a widened enum, a
//                     removed minimum or pattern, an opened object)
//   spec-decision     the spec is changed against a decision the register records (an open object closed, a field
//                     made required, null dropped from a cursor, a declared header removed)
//   sandbox-errors    the sandbox's error paths (rate limit, injected faults, 405) answer off the spec
//   sandbox-ids       the sandbox mishandles ids that need percent-encoding, or its request checks drift
//   client-retry      the client's Retry-After handling
//   client-ids        the client's encoding of ids in the path
//   client-headers    the client's reading and sending of headers and error fields
// A few mutations were caught before this suite was measured; they stay, so the figures are not a selection of
// misses.

export const mutations = [
  // spec-loosened
  { id: "spec-index-name-optional", class: "spec-loosened", file: "openapi/components/schemas/Index.yaml", find: "required:\n  - id\n  - name\n", replace: "required:\n  - id\n" },
  { id: "spec-error-message-optional", class: "spec-loosened", file: "openapi/components/schemas/Error.yaml", find: "  - status\n  - message\n", replace: "  - status\n" },
  { id: "spec-profilelist-data-optional", class: "spec-loosened", file: "openapi/components/schemas/ProfileList.yaml", find: "required:\n  - data\n", replace: "" },
  { id: "spec-limit-minimum-0", class: "spec-loosened", file: "openapi/components/parameters/Limit.yaml", find: "minimum: 1", replace: "minimum: 0" },
  { id: "spec-api-version-enum-widened", class: "spec-loosened", file: "openapi/components/schemas/ApiVersion.yaml", find: "enum:\n  - '2025-07-31'\n", replace: "enum:\n  - '2025-07-31'\n  - '2024-04-01'\n" },
  { id: "spec-tenant-pattern-dropped", class: "spec-loosened", file: "openapi/components/schemas/TenantId.yaml", find: "pattern: ^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$\n", replace: "" },
  { id: "spec-total-minimum-dropped", class: "spec-loosened", file: "openapi/components/schemas/Total.yaml", find: "minimum: 0\n", replace: "" },
  { id: "spec-access-token-optional", class: "spec-loosened", file: "openapi/components/schemas/AccessToken.yaml", find: "  - access_token\n  - token_type\n", replace: "  - token_type\n" },
  { id: "spec-token-request-open", class: "spec-loosened", file: "openapi/components/schemas/TokenRequest.yaml", find: "additionalProperties: false", replace: "additionalProperties: true" },
  { id: "spec-filter-names-any", class: "spec-loosened", file: "openapi/components/schemas/FilterFields.yaml", find: "pattern: ^[A-Za-z_][A-Za-z0-9_]{0,127}$", replace: "pattern: ^.*$" },
  { id: "spec-error-status-minimum-100", class: "spec-loosened", file: "openapi/components/schemas/Error.yaml", find: "minimum: 400", replace: "minimum: 100" },
  { id: "spec-attributes-unbounded", class: "spec-loosened", file: "openapi/components/schemas/ProfileAttributes.yaml", find: "maxProperties: 30\n", replace: "" },
  { id: "spec-token-type-any", class: "spec-loosened", file: "openapi/components/schemas/AccessToken.yaml", find: "    pattern: ^[Bb][Ee][Aa][Rr][Ee][Rr]$\n", replace: "" },
  // spec-decision
  { id: "spec-profile-closed", class: "spec-decision", file: "openapi/components/schemas/Profile.yaml", find: "additionalProperties: true", replace: "additionalProperties: false" },
  { id: "spec-profile-index-id-required", class: "spec-decision", file: "openapi/components/schemas/Profile.yaml", find: "required:\n  - id\n", replace: "required:\n  - id\n  - index_id\n" },
  { id: "spec-response-next-token-not-null", class: "spec-decision", file: "openapi/components/schemas/ResponseNextToken.yaml", find: "type:\n  - string\n  - 'null'\n", replace: "type: string\n" },
  { id: "spec-request-next-token-not-null", class: "spec-decision", file: "openapi/components/schemas/NextToken.yaml", find: "type:\n  - string\n  - 'null'\n", replace: "type: string\n" },
  { id: "spec-index-closed", class: "spec-decision", file: "openapi/components/schemas/Index.yaml", find: "additionalProperties: true", replace: "additionalProperties: false" },
  { id: "spec-retry-after-seconds-only", class: "spec-decision", file: "openapi/components/headers/RetryAfter.yaml", find: "  pattern: ^(?:\\d+|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT)$\n", replace: "  pattern: ^\\d+$\n" },
  { id: "spec-429-retry-after-dropped", class: "spec-decision", file: "openapi/components/responses/TooManyRequests.yaml", find: "  Retry-After:\n    $ref: ../headers/RetryAfter.yaml\n", replace: "" },
  { id: "spec-attributes-strings-only", class: "spec-decision", file: "openapi/components/schemas/ProfileAttributes.yaml", find: "  type:\n    - string\n    - number\n    - boolean\n    - 'null'\n", replace: "  type: string\n" },
  // The same tightenings pushed through: the examples that lint holds to the schema edited to fit, as an engineer
  // would to get past `npm run generate` (the plain versions above stop there, before any test runs).
  {
    id: "spec-profile-index-id-required-pushed",
    class: "spec-decision",
    edits: [
      { file: "openapi/components/schemas/Profile.yaml", find: "required:\n  - id\n", replace: "required:\n  - id\n  - index_id\n" },
      { file: "openapi/components/examples/ProfileListFirstPage.yaml", find: "    - id: cl-abc123\n", replace: "    - id: cl-abc123\n      index_id: idx-xyz789\n" },
      { file: "openapi/components/examples/ProfileListFirstPage.yaml", find: "    - id: cl-def456\n", replace: "    - id: cl-def456\n      index_id: idx-xyz789\n" },
    ],
  },
  {
    id: "spec-response-next-token-not-null-pushed",
    class: "spec-decision",
    edits: [
      { file: "openapi/components/schemas/ResponseNextToken.yaml", find: "type:\n  - string\n  - 'null'\n", replace: "type: string\n" },
      { file: "openapi/components/examples/IndexListLastPage.yaml", find: "  next_token: null\n", replace: "" },
    ],
  },
  {
    id: "spec-retry-after-seconds-only-pushed",
    class: "spec-decision",
    edits: [
      { file: "openapi/components/headers/RetryAfter.yaml", find: "  pattern: ^(?:\\d+|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT)$\n", replace: "  pattern: ^\\d+$\n" },
      { file: "openapi/components/headers/RetryAfter.yaml", find: "    - Thu, 31 Dec 2026 00:00:00 GMT\n", replace: "" },
    ],
  },
  // sandbox-errors
  { id: "sandbox-rate-limit-retry-after-ms", class: "sandbox-errors", file: "src/sandbox/server.ts", find: '{ "retry-after": String(wait) }', replace: '{ "retry-after": `${wait * 1000}ms` }' },
  { id: "sandbox-rate-limit-retry-after-renamed", class: "sandbox-errors", file: "src/sandbox/server.ts", find: '{ "retry-after": String(wait) }', replace: '{ "x-retry-after": String(wait) }' },
  { id: "sandbox-fault-503-as-502", class: "sandbox-errors", file: "src/sandbox/server.ts", find: 'throw new SandboxError(503, "Service unavailable', replace: 'throw new SandboxError(502, "Service unavailable' },
  { id: "sandbox-fault-429-retry-after-word", class: "sandbox-errors", file: "src/sandbox/server.ts", find: '"Too many requests (fault injected by the sandbox).", { "retry-after": "1" }', replace: '"Too many requests (fault injected by the sandbox).", { "retry-after": "soon" }' },
  { id: "sandbox-fault-500-status-text", class: "sandbox-errors", file: "src/sandbox/responses.ts", find: "JSON.stringify({ status: error.status, message", replace: "JSON.stringify({ status: error.status >= 500 ? String(error.status) : error.status, message" },
  { id: "sandbox-405-no-allow", class: "sandbox-errors", file: "src/sandbox/server.ts", find: "{ allow: method }", replace: "{}" },
  { id: "sandbox-request-id-empty", class: "sandbox-errors", file: "src/sandbox/server.ts", find: 'res.setHeader("x-request-id", requestId);', replace: 'res.setHeader("x-request-id", "");' },
  // sandbox-ids
  { id: "sandbox-ids-decode-uri", class: "sandbox-ids", file: "src/sandbox/router.ts", find: "return decodeURIComponent(segment);", replace: "return decodeURI(segment);" },
  { id: "sandbox-unknown-index-400", class: "sandbox-ids", file: "src/sandbox/api.ts", find: "throw new SandboxError(404, `Index", replace: "throw new SandboxError(400, `Index" },
  { id: "sandbox-undeclared-query-accepted", class: "sandbox-ids", file: "src/sandbox/request-checks.ts", find: "    if (undeclared !== undefined) return undeclared;\n", replace: "" },
  { id: "sandbox-missing-version-400", class: "sandbox-ids", file: "src/sandbox/auth.ts", find: "throw new SandboxError(401, `Missing header", replace: "throw new SandboxError(400, `Missing header" },
  // client-retry
  { id: "client-retry-after-ignored", class: "client-retry", file: "src/client/retry.ts", find: "const retryAfter = parseRetryAfter(outcome.retryAfter, now) ?? 0;", replace: "const retryAfter = 0;" },
  { id: "client-retry-after-as-ms", class: "client-retry", file: "src/client/retry.ts", find: "if (/^\\d+$/.test(trimmed)) return Number(trimmed) * 1000;", replace: "if (/^\\d+$/.test(trimmed)) return Number(trimmed);" },
  // client-ids
  { id: "client-ids-pre-encoded", class: "client-ids", file: "src/client/params.ts", find: "  return value;\n}", replace: "  return encodeURI(value);\n}" },
  // client-headers
  { id: "client-request-id-header-ignored", class: "client-headers", file: "src/client/response-info.ts", find: 'requestId: headers.get("x-request-id")', replace: 'requestId: headers.get("request-id")' },
  { id: "client-error-request-id-dropped", class: "client-headers", file: "src/client/to-api-error.ts", find: 'requestId: str(fields.request_id) ?? (headers.get("x-request-id") || undefined),', replace: "requestId: undefined," },
  { id: "client-empty-next-token-sent", class: "client-headers", file: "src/client/params.ts", find: 'next_token !== undefined && next_token !== null && next_token !== ""', replace: "next_token !== undefined && next_token !== null" },
];

/**
 * The default set: every class, the faults the suite was measured as missing and a few it already caught.
 * `--all` runs the whole list above.
 */
export const coreSet = [
  "spec-index-name-optional", "spec-error-message-optional", "spec-limit-minimum-0", "spec-api-version-enum-widened",
  "spec-total-minimum-dropped", "spec-token-request-open", "spec-attributes-unbounded",
  "spec-profile-closed", "spec-profile-index-id-required", "spec-response-next-token-not-null",
  "spec-retry-after-seconds-only", "spec-429-retry-after-dropped",
  "spec-profile-index-id-required-pushed", "spec-response-next-token-not-null-pushed", "spec-retry-after-seconds-only-pushed",
  "sandbox-rate-limit-retry-after-ms", "sandbox-rate-limit-retry-after-renamed", "sandbox-fault-503-as-502",
  "sandbox-405-no-allow", "sandbox-request-id-empty",
  "sandbox-ids-decode-uri", "sandbox-unknown-index-400",
  "client-retry-after-ignored", "client-retry-after-as-ms",
  "client-ids-pre-encoded",
  "client-request-id-header-ignored", "client-error-request-id-dropped",
];
