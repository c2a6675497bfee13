/**
 * Deprecation and Sunset response headers (RFC 9745, RFC 8594): the versioning policy announces them six months
 * ahead. The client reports them once per client, through `onDeprecation`, so a service can log or alert.
 */

export interface DeprecationNotice {
  /** The Deprecation header as sent (an `@epoch` date per RFC 9745, or an HTTP date / `true` from older drafts). */
  deprecation?: string;
  /** The Sunset header: the HTTP date after which the API version may stop answering. */
  sunset?: string;
  /** The target of a `Link: <...>; rel="deprecation"` or `rel="sunset"`, where the change is documented. */
  link?: string;
}

/** A function to call with each response's headers; it calls `onDeprecation` the first time a notice appears. */
export function deprecationReporter(onDeprecation: ((notice: DeprecationNotice) => void) | undefined): (headers: Headers) => void {
  let reported = false;
  return (headers) => {
    if (reported || !onDeprecation) return;
    const notice = readNotice(headers);
    if (!notice) return;
    reported = true;
    onDeprecation(notice);
  };
}

export function readNotice(headers: Headers): DeprecationNotice | undefined {
  const deprecation = headers.get("deprecation") ?? undefined;
  const sunset = headers.get("sunset") ?? undefined;
  if (deprecation === undefined && sunset === undefined) return undefined;
  const link = /<([^>]*)>\s*;[^,]*rel="?(deprecation|sunset)"?/i.exec(headers.get("link") ?? "")?.[1];
  return { ...(deprecation !== undefined && { deprecation }), ...(sunset !== undefined && { sunset }), ...(link !== undefined && { link }) };
}
