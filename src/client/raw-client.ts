// The raw client's type: openapi-fetch's Client over the spec's paths, as this client runs it. Its transport throws
// a typed error (ApiError and its subclasses, TimeoutError, …) for every non-2xx response, so no call ever resolves
// with openapi-fetch's `{ error }` branch: every method's result has `data` and never `error`.
import type { Client, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { ClientPaths } from "./types.js";

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type MediaType = `${string}/${string}`;

/** The paths that have `Method` (openapi-fetch's PathsWithMethod, over a type of our own). */
type PathsWith<Method extends HttpMethod> = {
  [Path in keyof ClientPaths]: ClientPaths[Path] extends { [M in Method]: {} } ? Path : never;
}[keyof ClientPaths];

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** The init argument, optional when nothing in it is required (openapi-fetch's InitParam). */
type InitArgument<Init> = RequiredKeys<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

/**
 * openapi-fetch's result without its error branch: `data` is there, `error` never is. (Built from the `data` of
 * openapi-fetch's result rather than picked out of its union, which TypeScript resolves too early on a generic.)
 */
type Success<Operation, Init> = Operation extends Record<string | number, any>
  ? { data: NonNullable<FetchResponse<Operation, Init, MediaType>["data"]>; error?: never; response: Response }
  : never;

type RawMethod<Method extends HttpMethod> = <Path extends PathsWith<Method>, Init extends MaybeOptionalInit<ClientPaths[Path], Method>>(
  url: Path,
  ...init: InitArgument<Init>
) => Promise<Success<ClientPaths[Path][Method], Init>>;

type RawRequest = <Method extends HttpMethod, Path extends PathsWith<Method>, Init extends MaybeOptionalInit<ClientPaths[Path], Method>>(
  method: Method,
  url: Path,
  ...init: InitArgument<Init>
) => Promise<Success<ClientPaths[Path][Method], Init>>;

/**
 * openapi-fetch's client, typed from the spec, with the results this client gives: a call resolves with `data`
 * (and the `response`), or rejects with a typed error; `error` is never set.
 */
export type RawClient = {
  [Key in keyof Client<ClientPaths>]: Key extends Uppercase<HttpMethod> ? RawMethod<Lowercase<Key>> : Key extends "request" ? RawRequest : Client<ClientPaths>[Key];
};
