// The public API of amperity-profiles: re-exports only.
export { createAmperityClient, type AmperityClient } from "./client.js";
export type { AmperityClientOptions, ClientCredentialsAuth, ClientOptions, RetryEvent, Token, TokenAuth } from "./config.js";
export {
  AmperityError,
  ApiError,
  AuthenticationError,
  ConfigError,
  NetworkError,
  PaginationLoopError,
  RateLimitError,
  RedirectError,
  ResponseShapeError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
} from "./errors.js";
export type { DeprecationNotice } from "./deprecation.js";
export type { PaginateOptions } from "./paginate.js";
export type { RawProfilePage } from "./raw-page.js";
export { responseOf, type ResponseInfo } from "./response-info.js";
export type { RetryOptions } from "./retry.js";
export type { RequestOptions } from "./transport.js";
export type { ApiVersion, Index, IndexList, ListIndexesQuery, ListProfilesQuery, Profile, ProfileAttributes, ProfileList, Region } from "./types.js";
