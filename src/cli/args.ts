/** Parsers for option values; each throws commander's InvalidArgumentError, which exits 2 with usage help. */
import { InvalidArgumentError } from "commander";
import { filterNamePattern } from "../../generated/constraints.js";

const filterName = new RegExp(filterNamePattern);

/** An integer ≥ `min` written in decimal digits (rejects "1e3", "0x10", "2.5", ""). */
export function integerAtLeast(min: number): (text: string) => number {
  return (text) => {
    const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, got "${text}"`);
    return n;
  };
}

/** A number within [min, max] (for rates and probabilities). */
export function numberWithin(min: number, max: number): (text: string) => number {
  return (text) => {
    const n = text.trim() === "" ? NaN : Number(text);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got "${text}"`);
    }
    return n;
  };
}

/**
 * Collects repeated `--filter attr=value` into `{attr: value}`. The name must be a valid filter field name; the
 * value is everything after the first `=` (it may itself contain `=`, or be empty).
 */
export function collectFilter(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = text.indexOf("=");
  const name = at < 0 ? text : text.slice(0, at);
  if (at < 0 || !filterName.test(name)) {
    throw new InvalidArgumentError(`expected attr=value with attr matching ${filterNamePattern}, got "${text}"`);
  }
  if (Object.hasOwn(previous, name)) throw new InvalidArgumentError(`filter "${name}" is given twice`);
  return { ...previous, [name]: text.slice(at + 1) };
}
