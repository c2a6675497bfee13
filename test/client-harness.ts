// Shared fixture of the client tests: a scripted fetch that records every Request, and a client wired to it with
// no real sleeping and a fixed jitter.
import { createAmperityClient, type ClientOptions, type TokenAuth } from "../src/index.js";

export const TOKEN = "tok-9f8e7d6c5b4a-SECRET";

type Reply = Response | Error | ((request: Request) => Response | Promise<Response>);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** Replies in order; the last reply repeats. Records each Request and the delays the client slept. */
export function scripted(...replies: Reply[]) {
  const requests: Request[] = [];
  const sleeps: number[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)];
    if (reply instanceof Error) throw reply;
    if (typeof reply === "function") return reply(request);
    if (!reply) throw new Error("no reply scripted");
    return reply.clone();
  };
  const sleep = async (ms: number, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    sleeps.push(ms);
  };
  const urls = () => requests.map((r) => r.url);
  return { fetch, sleep, requests, sleeps, urls };
}

/**
 * The key the client reads its test hooks (clock, sleep, jitter) from: a registered symbol, so tests reach them
 * without importing the client's internals (src/client/test-hooks.ts).
 */
export const testHooks = Symbol.for("amperity-profiles.test-hooks");

export interface TestHooks {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

/** `hooks` where the client looks for them, to spread into its options. */
export const withHooks = (hooks: TestHooks): { [testHooks]: TestHooks } => ({ [testHooks]: hooks });

/** A client on the script, with no real sleeping and a fixed jitter; `sleep`, `now`, `random` replace the hooks. */
export function clientWith(script: ReturnType<typeof scripted>, options: Partial<ClientOptions & TokenAuth> & TestHooks = {}) {
  const { sleep = script.sleep, now, random = () => 0.5, ...rest } = options;
  return createAmperityClient({
    tenant: "acme",
    token: TOKEN,
    fetch: script.fetch,
    ...rest,
    ...withHooks({ sleep, random, ...(now && { now }) }),
  });
}

export const page = (ids: string[], next_token?: string | null, extra: Record<string, unknown> = {}) => ({
  data: ids.map((id) => ({ id, index_id: "idx-1", attributes: { given_name: id } })),
  ...(next_token === undefined ? {} : { next_token }),
  ...extra,
});

/** Rejects with whatever `promise` rejects with, or fails the test if it resolves. */
export async function caught(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
