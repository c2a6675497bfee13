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
  /** Merged into the client's options (tests inject `sleep`, `fetch`). */
  client?: Partial<ClientOptions>;
}
