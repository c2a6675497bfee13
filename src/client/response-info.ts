// What a successful call's response said besides its body, kept beside the result rather than on it: the result
// stays exactly the JSON the API sent (an export writes it as it is), and its type stays the spec's.

export interface ResponseInfo {
  /** The HTTP status (a 2xx). */
  status: number;
  /** The response's `x-request-id`: quote it in a support ticket. */
  requestId: string | undefined;
  /** The response's headers, as received. */
  headers: Headers;
}

// The Response itself is kept, and read only when asked: a lookup that never asks pays for no header lookup.
const responses = new WeakMap<object, Response>();

export function rememberResponse(result: unknown, response: Response): void {
  if (result === null || typeof result !== "object") return;
  responses.set(result, response);
}

/**
 * The response behind a result of `list()`, `get()` or a page of `pages()`: its status, request id and headers.
 * `undefined` for anything else (a profile yielded by `items()` shares its page's response: use `pages()`).
 */
export function responseOf(result: object): ResponseInfo | undefined {
  const response = responses.get(result);
  if (!response) return undefined;
  const { status, headers } = response;
  return { status, requestId: headers.get("x-request-id") ?? undefined, headers };
}
