// A server that sends Retry-After: 0 (or a date in the past) on every 503 once turned the backoff off: 50 attempts
// in 189 ms. The wait is max(Retry-After, the jittered backoff): the header can lengthen a wait, never shorten it.
import { defaultRetry, retryDelay } from "../src/client/retry.js";
import { caught, clientWith, json, scripted } from "./client-harness.js";

const unavailable = (retryAfter: string) => json(503, { status: 503, message: "busy" }, { "retry-after": retryAfter });
const now = Date.UTC(2026, 0, 1);
const policy = { maxAttempts: 10, baseDelayMs: 250, maxDelayMs: 20_000 };

describe("Retry-After never shortens the backoff", () => {
  it.each([
    ["0", "0"],
    ["a date in the past", new Date(now - 60_000).toUTCString()],
    ["the current instant", new Date(now).toUTCString()],
  ])("Retry-After %s: the backoff still doubles", (_what, header) => {
    const delays = [1, 2, 3, 4].map((n) => retryDelay({ kind: "status", status: 503, retryAfter: header }, n, policy, () => 0.5, now));
    expect(delays).toEqual([125, 250, 500, 1000]);
  });

  it("a Retry-After longer than the backoff is waited in full", () => {
    expect(retryDelay({ kind: "status", status: 429, retryAfter: "3" }, 1, defaultRetry, () => 0.5, now)).toBe(3000);
    // Attempt 8's backoff (at random 0.5) is 10 s, longer than the server's 3 s: the longer one wins.
    expect(retryDelay({ kind: "status", status: 429, retryAfter: "3" }, 8, policy, () => 0.5, now)).toBe(10_000);
  });

  it("through the client: 50 attempts against Retry-After: 0 each wait the backoff, none 0 ms", async () => {
    const s = scripted(unavailable("0"));
    const error = await caught(clientWith(s, { retry: { maxAttempts: 50 } }).profiles.list("idx-1"));
    expect(error).toMatchObject({ status: 503, attempts: 50 });
    expect(s.sleeps).toHaveLength(49);
    expect(s.sleeps.slice(0, 7)).toEqual([125, 250, 500, 1000, 2000, 4000, 8000]);
    expect(s.sleeps.slice(7).every((ms) => ms === 10_000)).toBe(true);
  });
});
