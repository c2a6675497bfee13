// What the generated validators need at run time beyond their own code, written here and copied into
// generated/validators.js by scripts/generate.mjs (each function's source text), so that strict mode imports
// nothing: the client's runtime then depends on openapi-fetch alone, and a bundler meets no CommonJS. Each
// function stands alone (no reference to anything else in this file): only its text is copied.

/** A string's length in characters (code points), as JSON Schema's minLength and maxLength count it. */
export function ucs2length(text) {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/**
 * RFC 3339's date-time (section 5.6): a calendar date, `T` (or `t`, or a space, which section 5.6 allows by
 * agreement), a time with optional fraction and a `Z` or `±hh:mm` offset; a leap second only at 23:59:60 UTC.
 */
export function isDateTime(text) {
  const match = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:[Zz]|([+-])(\d\d):(\d\d))$/.exec(text);
  if (match === null) return false;
  const [year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = match.slice(1).map(Number);
  const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days || hour > 23 || minute > 59 || second > 60) return false;
  const offset = match[7] === undefined ? 0 : (match[7] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  if (match[7] !== undefined && (offsetHours > 23 || offsetMinutes > 59)) return false;
  return second < 60 || (((hour * 60 + minute - offset) % 1440) + 1440) % 1440 === 23 * 60 + 59;
}
