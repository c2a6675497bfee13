/** What a command may touch: its streams, the environment, a stop signal, and test hooks for the client. */
import type { Writable } from "node:stream";
import type { ClientOptions } from "../index.js";
import type { Env } from "./env.js";

export interface CliIo {
  env: Env;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  /** Aborted on SIGINT/SIGTERM: an export stops (keeping its checkpoint), the sandbox closes. */
  signal?: AbortSignal;
  /**
   * Merged into the client's options (tests inject `fetch`); `sleep`, `now` and `random` are passed on as the
   * client's test hooks (connect.ts), and --all-indexes' shared rate limiter uses them too.
   */
  client?: Partial<ClientOptions> & ClientTestHooks;
}

/** The clock, sleep and jitter a test may give the client (not options of the client: see connect.ts). */
export interface ClientTestHooks {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
}
