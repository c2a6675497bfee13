/**
 * The cursor's own contract, which no schema states: a walk ends, never serves a profile twice, serves as many
 * profiles as `total` says, a cursor works only where it was issued, a listed profile is the profile GET returns,
 * and a filtered page holds only profiles that match the filter.
 */
import { isDeepStrictEqual } from "node:util";
import { errorText, nextToken, pageData, sendFor, sendInvalid, sendValid, type VerifyContext } from "./context.js";
import { encodePart, type Exchange } from "./raw-request.js";
import type { SpecOperation } from "./spec-operations.js";

export interface Walk {
  /** Profiles in serving order. */
  profiles: Record<string, unknown>[];
  /** The first page's next_token, for the scope checks. */
  firstToken?: string;
  whole: boolean;
}

const maxSamplePages = 3;

/** Walks the index `indexId`, whole when `total` says it fits in the budget, else a few pages. */
export async function walkIndex(ctx: VerifyContext, list: SpecOperation, indexId: string): Promise<Walk> {
  const path = `/indexes/${encodePart(indexId)}/profiles`;
  const first = await sendValid(ctx, list, { path, query: [["limit", "1"], ["with_total", "true"]] }, "limit=1&with_total=true");
  const total = (first.json as { total?: unknown } | undefined)?.total;
  if (typeof total !== "number") {
    ctx.log.skip("total_matches_count", `the server sent no total for with_total=true (HTTP ${first.status})`);
    ctx.log.skip("pagination_terminates", "the index's size is unknown");
  }
  // About four pages for a small index, so that the walk crosses pages; 100 a page (the spec's example) otherwise.
  const size = typeof total === "number" ? Math.min(100, Math.max(1, Math.ceil(total / 4))) : 25;
  const needed = typeof total === "number" ? Math.max(1, Math.ceil(total / size)) : Infinity;
  const affordable = Math.min(200, Math.floor(ctx.sender.remaining * 0.4));
  const whole = needed <= affordable;
  if (!whole && typeof total === "number") {
    const reason = `index ${indexId} holds ${total} profiles: a whole walk takes ${needed} requests, over the budget (--max-requests)`;
    ctx.log.notRun("total_matches_count", reason);
    ctx.log.notRun("pagination_terminates", reason);
  }
  const cap = whole ? needed + 2 : maxSamplePages;
  const walk: Walk = { profiles: [], whole: false };
  const seenTokens = new Set<string>();
  const seenIds = new Map<string, number>();
  let token: string | undefined;
  let last: Exchange | undefined;
  for (let page = 1; page <= cap; page++) {
    const query: [string, string][] = [["limit", String(size)], ...(token ? [["next_token", token] as [string, string]] : [])];
    last = await sendValid(ctx, list, { path, query }, `limit=${size}${token ? " and a next_token" : ""}`);
    const data = pageData(last);
    if (data === undefined) return walk;
    for (const profile of data) {
      const id = String(profile["id"]);
      const before = seenIds.get(id);
      ctx.log.judge("no_duplicate_profiles", last, before === undefined ? undefined : `profile ${id} of page ${page} was already served on page ${before}`);
      seenIds.set(id, page);
      walk.profiles.push(profile);
    }
    const next = nextToken(last);
    if (page === 1 && next !== undefined) walk.firstToken = next;
    if (next === undefined) {
      walk.whole = true;
      break;
    }
    if (seenTokens.has(next)) {
      ctx.log.judge("pagination_terminates", last, `page ${page} returned a next_token already served: the cursor loops`);
      return walk;
    }
    seenTokens.add(next);
    token = next;
  }
  if (!whole) return walk;
  ctx.log.judge("pagination_terminates", last, walk.whole ? undefined : `still a next_token after ${cap} pages of ${size} (total ${String(total)})`);
  if (walk.whole && typeof total === "number") {
    ctx.log.judge("total_matches_count", last, walk.profiles.length === total ? undefined : `total is ${total}, the walk served ${walk.profiles.length} profiles`);
  }
  return walk;
}

/** A listed profile and the same profile from GET /indexes/{indexId}/profiles/{profileId} are equal. */
export async function compareWithGet(ctx: VerifyContext, get: SpecOperation, indexId: string, walk: Walk): Promise<void> {
  const picks = [walk.profiles[0], walk.profiles[Math.floor(walk.profiles.length / 2)]].filter((p, i, all) => p && all.indexOf(p) === i);
  if (picks.length === 0) return ctx.log.skip("list_item_matches_get", `index ${indexId} has no profiles`);
  for (const listed of picks) {
    const id = String(listed!["id"]);
    const path = `/indexes/${encodePart(indexId)}/profiles/${encodePart(id)}`;
    const got = await sendValid(ctx, get, { path }, `profile ${id}`);
    const violation =
      got.status !== 200 ? `GET of listed profile ${id}: HTTP ${got.status}${errorText(got)}`
      : isDeepStrictEqual(got.json, listed) ? undefined
      : `profile ${id} from GET differs from the listed one (${firstDifference(listed!, got.json)})`;
    ctx.log.judge("list_item_matches_get", got, violation);
  }
}

function firstDifference(a: Record<string, unknown>, b: unknown): string {
  const other = (b ?? {}) as Record<string, unknown>;
  const key = [...new Set([...Object.keys(a), ...Object.keys(other)])].find((k) => !isDeepStrictEqual(a[k], other[k]));
  return key === undefined ? "different types" : `first at "${key}"`;
}

/** Candidate filters from a profile: its string attributes (or top-level strings, for the older shape). */
function candidates(profile: Record<string, unknown>): [string, string][] {
  const attributes = profile["attributes"] && typeof profile["attributes"] === "object" ? (profile["attributes"] as Record<string, unknown>) : profile;
  return Object.entries(attributes)
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "id" && /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(e[0]))
    .slice(0, 4);
}

const fieldOf = (p: Record<string, unknown>, key: string): unknown =>
  p["attributes"] && typeof p["attributes"] === "object" ? (p["attributes"] as Record<string, unknown>)[key] : p[key];

/** Finds a filter field the index accepts and checks that its page matches; returns the filter used. */
export async function checkFilteredPage(ctx: VerifyContext, list: SpecOperation, indexId: string, walk: Walk): Promise<[string, string] | undefined> {
  const path = `/indexes/${encodePart(indexId)}/profiles`;
  const source = walk.profiles[0];
  if (!source) return void ctx.log.skip("filtered_page_matches", `index ${indexId} has no profiles to take a filter value from`);
  for (const [field, value] of candidates(source)) {
    const page = await sendFor(ctx, list, { path, query: [[`filter[${field}]`, value], ["limit", "25"]] });
    // Which fields an index filters on is not discoverable: a 400 means this one is not a filter field.
    if (page.status === 400) continue;
    const data = pageData(page) ?? [];
    const known = new Set(walk.profiles.map((p) => String(p["id"])));
    const wrong = data.find((p) => fieldOf(p, field) !== value);
    const stranger = walk.whole ? data.find((p) => !known.has(String(p["id"]))) : undefined;
    const violation =
      page.status !== 200 ? `filter[${field}]: HTTP ${page.status}${errorText(page)}`
      : data.length === 0 ? `filter[${field}]=${JSON.stringify(value)} found nothing, though profile ${String(source["id"])} has that value`
      : wrong ? `profile ${String(wrong["id"])} has ${field} ${JSON.stringify(fieldOf(wrong, field))}, not ${JSON.stringify(value)}`
      : stranger ? `profile ${String(stranger["id"])} of the filtered page is not in the index's walk`
      : undefined;
    ctx.log.judge("filtered_page_matches", page, violation);
    return [field, value];
  }
  ctx.log.skip("filtered_page_matches", `none of the first profile's attributes is a filter field of index ${indexId}`);
  return undefined;
}

/** A next_token is refused on another index, with a filter it was not issued for, and on the index list. */
export async function checkTokenScope(
  ctx: VerifyContext,
  ops: { listProfiles: SpecOperation; listIndexes?: SpecOperation | undefined },
  indexId: string,
  otherIndexId: string | undefined,
  filter: [string, string] | undefined,
  walk: Walk,
): Promise<void> {
  const token = walk.firstToken;
  if (token === undefined) return ctx.log.skip("next_token_scoped", `index ${indexId} fits on one page: no next_token to reuse`);
  const list = ops.listProfiles;
  if (otherIndexId !== undefined) {
    const path = `/indexes/${encodePart(otherIndexId)}/profiles`;
    await sendInvalid(ctx, list, { path, query: [["next_token", token]] }, `a next_token of index ${indexId} on index ${otherIndexId}`, "next_token_scoped");
  }
  if (filter !== undefined) {
    const path = `/indexes/${encodePart(indexId)}/profiles`;
    const query: [string, string][] = [[`filter[${filter[0]}]`, filter[1]], ["next_token", token]];
    await sendInvalid(ctx, list, { path, query }, `an unfiltered next_token with filter[${filter[0]}]`, "next_token_scoped");
  }
  if (ops.listIndexes) {
    await sendInvalid(ctx, ops.listIndexes, { path: "/indexes", query: [["next_token", token]] }, "a profiles next_token on the index list", "next_token_scoped");
  }
}
