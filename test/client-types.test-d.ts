// Type-level tests: checked by `tsc --noEmit`, never run. Each `@ts-expect-error` fails the typecheck if the
// line below it stops being an error.
import {
  ApiError,
  RateLimitError,
  createAmperityClient,
  type AmperityClient,
  type Index,
  type ListIndexesQuery,
  type ListProfilesQuery,
  type Profile,
  type ProfileList,
  type Region,
} from "../src/index.js";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(): T | void => undefined;

declare const amperity: AmperityClient;

export async function typeTests() {
  // The README example needs no casts.
  const client = createAmperityClient({ tenant: "acme", token: async () => "t", region: "azure", retry: { maxAttempts: 2 } });
  const page = await client.profiles.list("idx-xyz789", { limit: 100, with_total: true, filter: { first_name: "Daniel" } });
  assert<Equals<typeof page, ProfileList>>();
  const next: string | null | undefined = page.next_token;
  const total: number | undefined = page.total;
  const attribute: string | number | boolean | null | undefined = page.data[0]?.attributes?.["email"];

  for await (const profile of amperity.profiles.items("idx-1", { limit: 500 }, { maxItems: 10, signal: AbortSignal.timeout(1000) })) {
    assert<Equals<typeof profile, Profile>>();
  }
  for await (const index of amperity.indexes.items()) assert<Equals<typeof index, Index>>();
  assert<Equals<Awaited<ReturnType<AmperityClient["profiles"]["get"]>>, Profile>>();

  // DOC-18: the deprecated query parameter is not part of the query type.
  // @ts-expect-error api_version is never sent
  const deprecated: ListProfilesQuery = { api_version: "2025-07-31" };
  // DOC-24: filter values are strings.
  // @ts-expect-error a number is not a filter value
  const numericFilter: ListProfilesQuery = { filter: { age: 42 } };
  // @ts-expect-error indexes have no filter
  const indexFilter: ListIndexesQuery = { filter: { a: "b" } };
  // @ts-expect-error limit is a number
  const stringLimit: ListProfilesQuery = { limit: "10" };
  // @ts-expect-error regions are aws, azure and aws-apse2
  const region: Region = "gcp";
  // @ts-expect-error the tenant is required
  createAmperityClient({ token: "t" });
  // @ts-expect-error retry takes an object or false
  createAmperityClient({ tenant: "acme", token: "t", retry: true });

  // The raw client is typed from the spec and needs no header parameters.
  const raw = await amperity.raw.GET("/indexes/{indexId}/profiles", { params: { path: { indexId: "idx-1" }, query: { limit: 1 } } });
  const rawPage: ProfileList | undefined = raw.data;
  // @ts-expect-error not a path of the spec
  await amperity.raw.GET("/campaigns");

  const error: ApiError = new RateLimitError({ status: 429, message: "slow down", body: undefined, attempts: 1 });
  return [rawPage, next, total, attribute, deprecated, numericFilter, indexFilter, stringLimit, region, error];
}
