// The HTTP edge ends an attempt on its timeout or the caller's signal even when the fetch it was given (or the body
// stream that fetch returned) ignores the AbortSignal: the attempt is over at its deadline, whatever fetch does.
import { exchange, type ExchangeOptions } from "../src/edges/http/exchange.js";

const request = { target: "http://127.0.0.1:9/never", url: "http://127.0.0.1:9/never", method: "GET", headers: {} };
const options = (fetch: ExchangeOptions["fetch"], extra: Partial<ExchangeOptions> = {}): ExchangeOptions => ({ fetch, timeoutMs: 50, maxBytes: 1 << 20, ...extra });

/** A fetch that never answers and never looks at its signal. */
const deaf: ExchangeOptions["fetch"] = () => new Promise<Response>(() => undefined);

/** A fetch that answers at once with a body that never ends and never looks at cancellation. */
const deafBody: ExchangeOptions["fetch"] = async () =>
  new Response(new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"data":[')) }), { status: 200 });

describe("an attempt whose fetch ignores its signal", () => {
  it("a fetch that never answers and ignores the abort: the attempt's timeout still ends it", async () => {
    const started = performance.now();
    await expect(exchange(request, options(deaf))).resolves.toMatchObject({ kind: "timeout", timeoutMs: 50 });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("a body that never ends and ignores cancellation: the attempt's timeout still ends the read", async () => {
    await expect(exchange(request, options(deafBody))).resolves.toMatchObject({ kind: "timeout", timeoutMs: 50 });
  });

  it("the caller's signal ends it as well, with the caller's reason", async () => {
    const caller = new AbortController();
    const attempt = exchange(request, options(deaf, { timeoutMs: 60_000, signal: caller.signal }));
    const reason = new Error("the caller gave up");
    setTimeout(() => caller.abort(reason), 10);
    await expect(attempt).resolves.toEqual({ kind: "aborted", reason });
  });
});
