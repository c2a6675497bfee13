// The public API of amperity-profiles: re-exports only.
export { createAmperityClient } from "./client/client.js";
export type { AmperityClient } from "./client/amperity-client.js";
export type { AmperityClientOptions, ClientCredentialsAuth, ClientOptions, ClientOverrides, RetryEvent, TokenAuth } from "./client/options.js";
export type { AttemptOutcome, Hooks, LogLevel, Logger, RequestEvent, ResponseEvent } from "./client/observe-types.js";
export type { RawClient } from "./client/raw-client.js";
export type { Token } from "./client/token.js";
export {
  AmperityError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigError,
  CredentialsRefusedError,
  NetworkError,
  NotFoundError,
  PaginationLoopError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  ResponseShapeError,
  ResponseTooLargeError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  type ApiErrorInit,
} from "./client/errors.js";
export { createRequestBudget, RequestBudgetError, type RequestBudget, type RequestBudgetOptions } from "./edges/http/budget.js";
export type { DeprecationNotice } from "./client/deprecation.js";
export type { PaginateOptions } from "./client/paginate.js";
export type { RawProfilePage } from "./client/raw-page.js";
export { responseOf, type ResponseInfo } from "./client/response-info.js";
export type { RetryOptions } from "./client/retry.js";
export type { RequestOptions } from "./client/transport.js";
export type { ApiVersion, Index, IndexList, ListIndexesQuery, ListProfilesQuery, Profile, ProfileAttributes, ProfileList, Region } from "./client/types.js";
