// What a consumer does with the client on every runtime: list the indexes, page through an index's profiles, get
// one profile and miss another. It returns what it saw, and run.mjs judges it.
import { ApiError, createAmperityClient, type AmperityClientOptions, type Profile } from "amperity-profiles";

export interface Target {
  baseUrl: string;
  token: string;
  tenant: string;
  /** A fetch of the runtime's own (a service binding); the global fetch when absent. */
  fetch?: (request: Request) => Promise<Response>;
}

export interface Walked {
  userAgent: string | null;
  indexes: string[];
  pageSizes: number[];
  profiles: number;
  distinct: number;
  got: string;
  missing: number | string;
}

export async function walk(target: Target): Promise<Walked> {
  const options: AmperityClientOptions = { tenant: target.tenant, token: target.token, baseUrl: target.baseUrl, validateResponses: true };
  if (target.fetch) options.fetch = target.fetch;
  const client = createAmperityClient(options);
  const indexes: string[] = [];
  for await (const index of client.indexes.items({ limit: 1 })) indexes.push(index.id);
  const first = indexes[0];
  if (first === undefined) throw new Error("the sandbox listed no index");

  const pageSizes: number[] = [];
  const ids = new Set<string>();
  let last: Profile<{ email: string }> | undefined;
  for await (const page of client.profiles.pages<{ email: string }>(first, { limit: 10 })) {
    pageSizes.push(page.data.length);
    for (const profile of page.data) ids.add(profile.id), (last = profile);
  }
  if (!last) throw new Error("the index has no profile");
  const got = await client.profiles.get<{ email: string }>(first, last.id);

  let missing: number | string = "no error";
  try {
    await client.profiles.get(first, "cl-00000000-no-such-profile");
  } catch (error) {
    missing = error instanceof ApiError ? error.status : String(error);
  }

  // The User-Agent as the runtime sends it: one more request, through a fetch that looks at it.
  let userAgent: string | null = null;
  const send = target.fetch ?? ((request: Request) => fetch(request));
  const looking = createAmperityClient({
    ...options,
    fetch: (request) => ((userAgent = request.headers.get("user-agent")), send(request)),
  });
  await looking.indexes.get(first);

  return { userAgent, indexes, pageSizes, profiles: pageSizes.reduce((a, b) => a + b, 0), distinct: ids.size, got: got.attributes.email === last.attributes.email ? got.id : "different", missing };
}
