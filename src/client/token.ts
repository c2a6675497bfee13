// The bearer token's type and the one check of a token's value, shared by every token source.
import { ConfigError, mustBe } from "./errors.js";

export type Token = string | (() => string | Promise<string>);

/** A token goes into a header: refuse what a header cannot carry without echoing the value anywhere. */
export function checkToken(token: unknown): string {
  if (typeof token !== "string" || token === "") throw mustBe("token", "a non-empty string or a function returning one");
  if (!/^[\x21-\x7e]+$/.test(token)) throw new ConfigError("token contains characters that are not allowed in a bearer token");
  // Redaction replaces the token wherever an error echoes it: a token of a few characters would match ordinary words.
  if (token.length < minTokenLength) throw mustBe("token", `at least ${minTokenLength} characters long (got ${token.length}); is it the whole token?`);
  return token;
}

export const minTokenLength = 8;
