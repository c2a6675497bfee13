// What one run through the validating proxy is given and shares between its checks (proxy-checks.ts runs it; the
// checks of allowed and forbidden requests read it).
import type { AmperityClient, ClientOptions, TokenAuth } from "../../src/index.js";
import type { Violation } from "./conformance.js";
import type { PrismServer } from "./prism.js";
import type { Exchange, Recorder } from "./recorder.js";

export interface ProxyTarget {
  prism: PrismServer;
  tenant: string;
  token: string;
  /** The server's base URL, for requests that must bypass Prism (its own answer to what the spec forbids). */
  directUrl: string;
  /** Caps pagination (a live tenant can hold millions of profiles). */
  maxPages: number;
  clientOptions?: Partial<ClientOptions & TokenAuth>;
}

/** What a sandbox is known to hold. A live tenant's data, page maximum and filter fields are unknown. */
export interface KnownData {
  indexes: number;
  profiles: number;
  pageMax: number;
  filterFields: readonly string[];
}

export interface ProxyReport {
  /** Requests sent through the proxy and directly, with what Prism or the checker found wrong. */
  exchanges: number;
  findings: string[];
}

/** What the checks of one run share: its requests by kind, and how to make and judge them. */
export interface ProxyRun {
  target: () => ProxyTarget;
  /** Forwarded requests, which must be clean; requests Prism must refuse; requests sent around Prism. */
  forwarded: Recorder[];
  refused: Exchange[];
  direct: Array<{ name: string; rec: Recorder }>;
  /** A strict client through the proxy, its recorder counted among the forwarded ones. */
  client(overrides?: Partial<ClientOptions & TokenAuth>): { client: AmperityClient; rec: Recorder };
  checked(rec: Recorder): Violation[];
  clean(rec: Recorder): { proxy: string[]; checker: Violation[] };
  nothing: { proxy: string[]; checker: Violation[] };
  /** Every header the spec requires, for requests sent outside the client. */
  headers(): Record<string, string>;
}

