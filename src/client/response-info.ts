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

const responses = new WeakMap<object, ResponseInfo>();

export function rememberResponse(result: unknown, response: Response): void {
  if (result === null || typeof result !== "object") return;
  responses.set(result, { status: response.status, requestId: response.headers.get("x-request-id") ?? undefined, headers: response.headers });
}

/**
 * The response behind a result of `list()`, `get()` or a page of `pages()`: its status, request id and headers.
 * `undefined` for anything else (a profile yielded by `items()` shares its page's response: use `pages()`).
 */
export function responseOf(result: object): ResponseInfo | undefined {
  return responses.get(result);
}
