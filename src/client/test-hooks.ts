// The clock, the sleep and the jitter of the retry loop and the rate limiter, replaceable by tests. They are not
// options: a caller has no use for them, and a typo of one would slip past the option check. They sit behind a
// registered symbol, so the tests and the CLI's test harness reach them without importing this module.
import { mustBe } from "./errors.js";

/** `{ [Symbol.for("amperity-profiles.test-hooks")]: { sleep, now, random } }` beside the options. Undocumented. */
export const testHooksKey: unique symbol = Symbol.for("amperity-profiles.test-hooks") as never;

export interface TestHooks {
  /** The sleep between attempts and of the rate limiter. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** The clock (epoch ms). */
  now?: (() => number) | undefined;
  /** The jitter source, in [0, 1). */
  random?: (() => number) | undefined;
}

/** The hooks given beside `options`, each checked to be a function. */
export function testHooksOf(options: object): TestHooks {
  const hooks = (options as { [testHooksKey]?: TestHooks })[testHooksKey];
  if (hooks === undefined) return {};
  if (hooks === null || typeof hooks !== "object") throw mustBe("the test hooks", "an object");
  for (const name of ["sleep", "now", "random"] as const) {
    if (hooks[name] !== undefined && typeof hooks[name] !== "function") throw mustBe(`the test hook ${name}`, "a function");
  }
  return hooks;
}
