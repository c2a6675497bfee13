/** Counts in the CLI's messages: thousands separators and the right number ("1 profile", "96,000 profiles"). */

/**
 * `n` rounded, with a comma every three digits ("96,000"). By hand: Intl.NumberFormat loads ICU's locale data,
 * about 7 MB of resident memory for every command.
 */
export function grouped(n: number): string {
  const digits = String(Math.round(Math.abs(n)));
  return (n < 0 && digits !== "0" ? "-" : "") + digits.replace(/\B(?=(\d{3})+$)/g, ",");
}

/** `n` with separators and `noun`, plural unless n is 1; `plural` for nouns that do not just add "s". */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${grouped(n)} ${n === 1 ? noun : plural}`;
}

/** A wait in the unit a person would use: `45 s`, `2 min`, `1 h 30 min`. */
export function durationText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
}

/** What the server's Retry-After means for the user, when a 429 asked for longer than the retries wait. */
export function rateLimitAdvice(error: unknown, resumable: boolean): string | undefined {
  const { name, retryAfterMs } = error as { name?: string; retryAfterMs?: number };
  if (name !== "RateLimitError" || typeof retryAfterMs !== "number") return undefined;
  const wait = `the server asked to wait ${durationText(retryAfterMs)}`;
  return resumable ? `${wait}: run the same command with --resume after that to continue` : `${wait} before the next request`;
}

/** The one warning line for Deprecation/Sunset headers. */
export function deprecationLine(notice: { deprecation?: string; sunset?: string; link?: string }): string {
  const sunset = notice.sunset === undefined ? "" : `may stop answering after ${notice.sunset}`;
  const text =
    notice.deprecation === undefined ? sunset : `is deprecated (Deprecation: ${notice.deprecation})${sunset ? ` and ${sunset}` : ""}`;
  return `warning: this API version ${text}${notice.link ? `; see ${notice.link}` : ""}`;
}

/**
 * Advice for a 404 when AMPERITY_BASE_URL's path does not end in /api: the Profile API answers under /api (the
 * documented base URLs all end in it), so a base URL without it gets 404 for every path.
 */
export function baseUrlAdvice(status: number | undefined, env: Record<string, string | undefined>): string | undefined {
  const value = env["AMPERITY_BASE_URL"]?.trim();
  if (status !== 404 || !value) return undefined;
  let path: string;
  try {
    path = new URL(value).pathname.replace(/\/+$/, "");
  } catch {
    return undefined;
  }
  if (path.endsWith("/api")) return undefined;
  return `AMPERITY_BASE_URL (${value}) probably lacks /api: the API answers under it, e.g. AMPERITY_BASE_URL=${value.replace(/\/+$/, "")}/api`;
}
