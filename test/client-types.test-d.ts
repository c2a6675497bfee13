// Type-level tests: checked by `tsc --noEmit`, never run. Each `@ts-expect-error` fails the typecheck if the
// line below it stops being an error.
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  CredentialsRefusedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  createAmperityClient,
  type AmperityClient,
  type RequestEvent,
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
  const page = await client.profiles.list("idx-xyz789", { limit: 100, with_total: true, filter: { given_name: "Daniel" } });
  assert<Equals<typeof page, ProfileList>>();
  const next: string | null | undefined = page.next_token;
  // DOC-34: a page's next_token goes straight back into the next request (null and "" are not sent).
  await client.profiles.list("idx-xyz789", { limit: 100, next_token: page.next_token });
  const total: number | undefined = page.total;
  const attribute: string | number | boolean | null | undefined = page.data[0]?.attributes?.["email"];

  for await (const profile of amperity.profiles.items("idx-1", { limit: 500 }, { maxItems: 10, signal: AbortSignal.timeout(1000) })) {
    assert<Equals<typeof profile, Profile>>();
  }
  for await (const index of amperity.indexes.items()) assert<Equals<typeof index, Index>>();
  const got = await amperity.profiles.get("idx-1", "cl-1");
  assert<Equals<typeof got, Profile>>();

  // Typos in field names are compile errors, not `unknown` (the spec allows extra properties; the type does not).
  // @ts-expect-error attributes, not atributes
  const typo = got.atributes;
  // @ts-expect-error index_id, not index_Id
  const typoId = got.index_Id;
  const name: string | undefined = (await amperity.indexes.get("idx-1")).name;
  // @ts-expect-error indexes have no nmae
  const indexTypo = (await amperity.indexes.get("idx-1")).nmae;

  // An index's attribute shape, declared once: typed, required attributes, no casts.
  type Loyalty = { email: string; loyalty_tier: "gold" | "silver" | "bronze"; lifetime_value: string | null };
  for await (const member of amperity.profiles.items<Loyalty>("idx-1", { limit: 500 })) {
    const email: string = member.attributes.email;
    const tier: "gold" | "silver" | "bronze" = member.attributes.loyalty_tier;
    // @ts-expect-error not an attribute of Loyalty
    const phone = member.attributes.phone;
    void [email, tier, phone];
  }
  const loyaltyPage = await amperity.profiles.list<Loyalty>("idx-1");
  const firstEmail: string | undefined = loyaltyPage.data[0]?.attributes.email;
  for await (const loyaltyPages of amperity.profiles.pages<Loyalty>("idx-1")) assert<Equals<typeof loyaltyPages.data, Profile<Loyalty>[]>>();
  const one: Profile<Loyalty> = await amperity.profiles.get<Loyalty>("idx-1", "cl-1");
  // Without a type argument the attributes stay honest: optional, any name, scalar values.
  // @ts-expect-error attributes may be absent
  const unchecked = got.attributes.email;

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
  // A non-2xx response rejects with a typed error, so a result has data and never error (openapi-fetch's type
  // would have `data: … | undefined` and an `error` branch no call of this client can return).
  const rawIndex = await amperity.raw.GET("/indexes/{indexId}", { params: { path: { indexId: "idx-1" } } });
  assert<Equals<typeof rawIndex.error, undefined>>();
  const indexName: string = rawIndex.data.name;
  const viaRequest = await amperity.raw.request("get", "/indexes");
  const firstIndex: Index | undefined = viaRequest.data.data[0];
  const rawResponse: Response = rawIndex.response;
  // @ts-expect-error no error branch to narrow to
  const rawError: { message: string } = rawIndex.error;
  // @ts-expect-error the raw client still needs the path parameters
  await amperity.raw.GET("/indexes/{indexId}");

  // withOptions takes what it may change, and gives a client of the same type.
  const derived: AmperityClient = amperity.withOptions({ timeoutMs: 500, retry: false, headers: { "x-part": "lookups" } });
  // @ts-expect-error the tenant stays the parent's
  amperity.withOptions({ tenant: "other" });
  // @ts-expect-error the rate limiter is shared, so its rate is the parent's
  amperity.withOptions({ maxRequestsPerSecond: 5 });

  // The logger and hooks options: console fits the logger; hook events are typed.
  createAmperityClient({
    tenant: "acme",
    token: "t",
    logger: console,
    logLevel: "debug",
    hooks: {
      request: (event) => assert<Equals<typeof event, RequestEvent>>(),
      response: (event) => {
        const status: number | undefined = event.status;
        const duration: number = event.durationMs;
        const requestId: string | undefined = event.requestId;
        void [status, duration, requestId];
      },
    },
  });
  // @ts-expect-error not a level
  createAmperityClient({ tenant: "acme", token: "t", logLevel: "trace" });
  // @ts-expect-error the test hooks are not options
  createAmperityClient({ tenant: "acme", token: "t", sleep: async () => undefined });
  // @ts-expect-error timeoutMs, not timeout
  createAmperityClient({ tenant: "acme", token: "t", timeout: 5 });

  // Error classes where callers branch; the token endpoint's refusal is caught as an AuthenticationError.
  const refused: AuthenticationError = new CredentialsRefusedError({ status: 401, message: "refused", body: undefined, attempts: 1 });
  const missing: ApiError = new NotFoundError({ status: 404, message: "gone", body: undefined, attempts: 1 });
  const headers: Headers = missing.headers;
  const operation: string | undefined = missing.operation;
  for (const e of [new BadRequestError(init()), new PermissionDeniedError(init()), new ServerError(init())]) assert<Equals<typeof e extends ApiError ? true : false, true>>();

  const error: ApiError = new RateLimitError({ status: 429, message: "slow down", body: undefined, attempts: 1 });
  return [typo, typoId, name, indexTypo, firstEmail, one, unchecked, rawPage, next, total, attribute, deprecated, numericFilter, indexFilter, stringLimit, region, error,
    indexName, firstIndex, rawResponse, rawError, derived, refused, headers, operation];
}

const init = () => ({ status: 500, message: "x", body: undefined, attempts: 1 });
