// Request parameters checked and normalised before anything is sent: a bad value is a ConfigError, never a
// request the server would reject (or, worse, silently reinterpret).
import { filterNamePattern, limitMinimum } from "../../generated/constraints.js";
import { ConfigError, mustBe } from "./errors.js";
import type { operations } from "../../generated/schema.js";
import type { ListIndexesQuery, ListProfilesQuery } from "./types.js";

/** A query as it is sent: only the fields that have a value. */
type WireQuery = NonNullable<operations["listProfiles"]["parameters"]["query"]>;

const filterNameRe = new RegExp(filterNamePattern);
// A lone surrogate cannot be percent-encoded (encodeURIComponent throws); refuse it as a ConfigError instead.
const loneSurrogate = /\p{Cs}/u;
const wellFormed = (value: unknown): value is string => typeof value === "string" && !loneSurrogate.test(value);
const wellFormedString = "a well-formed string";
const knownKeys = new Set(["limit", "next_token", "with_total", "filter"]);

/**
 * The wire query of a list call. Wire names are kept; an empty or null `next_token` is dropped, as the first page
 * (DOC-17); the deprecated `api_version` is never sent, the header carries the version (DOC-18).
 */
export function toWireQuery(query: ListProfilesQuery | ListIndexesQuery | undefined, allowFilter: boolean): WireQuery {
  if (query === undefined || query === null) return {};
  if (typeof query !== "object") throw mustBe("query", "an object");
  const wire: WireQuery = {};
  for (const key of Object.keys(query)) {
    if (key !== "api_version" && !(knownKeys.has(key) && (allowFilter || key !== "filter"))) {
      throw new ConfigError(`unknown query parameter ${JSON.stringify(key)}`);
    }
  }
  const { limit, next_token, with_total } = query;
  const filter = (query as ListProfilesQuery).filter;
  if (limit !== undefined) {
    // DOC-15: no maximum is documented, but the minimum is; a fractional, zero or negative limit is a caller bug.
    if (!Number.isInteger(limit) || limit < limitMinimum) throw mustBe("limit", `an integer >= ${limitMinimum}, got ${String(limit)}`);
    wire.limit = limit;
  }
  if (next_token !== undefined && next_token !== null && next_token !== "") {
    if (!wellFormed(next_token)) throw mustBe("next_token", wellFormedString);
    wire.next_token = next_token;
  }
  if (with_total !== undefined) {
    if (typeof with_total !== "boolean") throw mustBe("with_total", "a boolean");
    wire.with_total = with_total;
  }
  if (filter !== undefined) wire.filter = checkFilter(filter);
  return wire;
}

/** DOC-24: the server (and Prism) may drop an unknown or malformed name silently, so the client refuses it. */
function checkFilter(filter: Record<string, string>): Record<string, string> {
  if (filter === null || typeof filter !== "object" || Array.isArray(filter)) {
    throw mustBe("filter", "an object of field names to string values");
  }
  for (const [name, value] of Object.entries(filter)) {
    if (!filterNameRe.test(name)) throw new ConfigError(`filter name ${JSON.stringify(name)} does not match ${filterNamePattern}`);
    if (!wellFormed(value)) throw mustBe(`filter value of ${name}`, wellFormedString);
  }
  return filter;
}

/**
 * A path parameter. openapi-fetch percent-encodes it, so `/`, `?`, `#` and spaces stay inside the segment; a
 * value that is empty, `.` or `..` is refused because URL parsers collapse such a segment even when it is
 * percent-encoded (DOC-20, DOC-26).
 */
export function pathParam(name: string, value: string): string {
  if (!wellFormed(value) || value === "" || value === "." || value === "..") {
    throw mustBe(name, `a non-empty, ${wellFormedString} other than "." and ".."`);
  }
  return value;
}
