/**
 * How each kind of attribute draws its value and writes it. Every kind has two renderings that must draw the same
 * numbers in the same order: `write` puts the JSON straight into the page's bytes (the hot path), `value` gives the
 * JavaScript value that filters compare and tests read. A test holds the two equal on every built-in shape.
 */
import { JsonWriter, encode } from "./json-writer.js";
import { addressUnits, emailDomains, givenNames, places, streets, surnames } from "./names.js";
import type { AttributeShape } from "./shape.js";

export type Next = () => number;
export type Value = string | number | boolean;

export interface KindRenderer {
  write(out: JsonWriter, next: Next, position: number): void;
  value(next: Next, position: number): Value;
}

const [QUOTE, DOT, AT, DASH, SPACE, COLON] = [34, 46, 64, 45, 32, 58];
const pad = (value: number, width: number) => String(value).padStart(width, "0");
const quoted = (list: readonly string[]) => list.map((text) => encode(JSON.stringify(text)));
const inner = (text: string) => encode(JSON.stringify(text).slice(1, -1));
const below = (next: Next, n: number) => Math.floor(next() * n);
const asciiLetters = (text: string) => text.normalize("NFD").replace(/[øØ]/g, "o").replace(/[^A-Za-z]/g, "").toLowerCase();

/** A kind whose value is one entry of a list, pre-encoded once. */
function oneOf(list: readonly string[]): KindRenderer {
  const json = quoted(list);
  return {
    write: (out, next) => void out.bytes(json[below(next, list.length)]!),
    value: (next) => list[below(next, list.length)]!,
  };
}

const givenEmail = givenNames.map((n) => inner(asciiLetters(n))), surnameEmail = surnames.map((n) => inner(asciiLetters(n)));
const domains = emailDomains.map(inner), streetBytes = streets.map(inner), unitBytes = addressUnits.map(inner);
const zips = places.map((p) => inner(p[2]));

const email: KindRenderer = {
  write(out, next) {
    out.char(QUOTE).bytes(givenEmail[below(next, givenNames.length)]!).char(DOT).bytes(surnameEmail[below(next, surnames.length)]!);
    out.digits(below(next, 1000)).char(AT).bytes(domains[below(next, emailDomains.length)]!).char(QUOTE);
  },
  value: (next) => `${asciiLetters(givenNames[below(next, givenNames.length)]!)}.${asciiLetters(surnames[below(next, surnames.length)]!)}` +
    `${below(next, 1000)}@${emailDomains[below(next, emailDomains.length)]!}`,
};

const phone: KindRenderer = {
  write: (out, next) => void out.ascii('"+1-').digits(200 + below(next, 790)).ascii("-555-").digits(below(next, 10000), 4).char(QUOTE),
  value: (next) => `+1-${200 + below(next, 790)}-555-${pad(below(next, 10000), 4)}`,
};

const streetAddress: KindRenderer = {
  write(out, next) {
    out.char(QUOTE).digits(1 + below(next, 9899)).char(SPACE).bytes(streetBytes[below(next, streets.length)]!);
    if (next() < 0.15) out.bytes(unitBytes[below(next, addressUnits.length)]!);
    out.char(QUOTE);
  },
  value(next) {
    const text = `${1 + below(next, 9899)} ${streets[below(next, streets.length)]!}`;
    return next() < 0.15 ? text + addressUnits[below(next, addressUnits.length)]! : text;
  },
};

const postalCode: KindRenderer = {
  write: (out, next) => void out.char(QUOTE).bytes(zips[below(next, places.length)]!).digits(below(next, 100), 2).char(QUOTE),
  value: (next) => places[below(next, places.length)]![2] + pad(below(next, 100), 2),
};

const date: KindRenderer = {
  write: (out, next) => void out.char(QUOTE).digits(1940 + below(next, 66)).char(DASH).digits(1 + below(next, 12), 2).char(DASH).digits(1 + below(next, 28), 2).char(QUOTE),
  value: (next) => `${1940 + below(next, 66)}-${pad(1 + below(next, 12), 2)}-${pad(1 + below(next, 28), 2)}`,
};

const epoch2020 = Date.UTC(2020, 0, 1) / 1000;
const sixYears = 6 * 365 * 86_400;
/** ISO 8601 UTC, to the second, from 2020 to 2025: the timestamps an index's sources carry. */
const timestamp: KindRenderer = {
  write(out, next) {
    const t = new Date((epoch2020 + below(next, sixYears)) * 1000);
    out.char(QUOTE).digits(t.getUTCFullYear()).char(DASH).digits(t.getUTCMonth() + 1, 2).char(DASH).digits(t.getUTCDate(), 2);
    out.char(0x54).digits(t.getUTCHours(), 2).char(COLON).digits(t.getUTCMinutes(), 2).char(COLON).digits(t.getUTCSeconds(), 2).ascii('Z"');
  },
  value: (next) => new Date((epoch2020 + below(next, sixYears)) * 1000).toISOString().replace(".000Z", "Z"),
};

/** Unique in the index: the prefix and the position's 7 digits (more beyond ten million), as loyalty ids are. */
function id(prefix: string): KindRenderer {
  const head = encode(JSON.stringify(prefix).slice(0, -1));
  return {
    write: (out, _next, position) => void out.bytes(head).digits(position + 1, 7).char(QUOTE),
    value: (_next, position) => prefix + pad(position + 1, 7),
  };
}

/** Whole units of 10^-scale between min and max, written as JavaScript prints the number (no trailing zeros). */
function number(min: number, max: number, scale: number): KindRenderer {
  const unit = 10 ** scale;
  const low = Math.ceil(min * unit), span = Math.floor(max * unit) - low + 1;
  const draw = (next: Next) => low + Math.floor(next() * span);
  return {
    write(out, next) {
      const units = draw(next);
      const magnitude = Math.abs(units);
      if (units < 0) out.char(DASH);
      out.digits(Math.floor(magnitude / unit));
      let fraction = magnitude % unit, width = scale;
      if (fraction === 0) return;
      while (fraction % 10 === 0) (fraction /= 10, width--);
      out.char(DOT).digits(fraction, width);
    },
    value: (next) => draw(next) / unit,
  };
}

const TRUE = encode("true"), FALSE = encode("false");
function boolean(rate: number): KindRenderer {
  return {
    write: (out, next) => void out.bytes(next() < rate ? TRUE : FALSE),
    value: (next) => next() < rate,
  };
}

export function kindRenderer(shape: AttributeShape): KindRenderer {
  switch (shape.kind) {
    case "given_name": return oneOf(givenNames);
    case "surname": return oneOf(surnames);
    case "city": return oneOf(places.map((p) => p[0]));
    case "state": return oneOf(places.map((p) => p[1]));
    case "enum": return oneOf(shape.values!);
    case "email": return email;
    case "phone": return phone;
    case "street_address": return streetAddress;
    case "postal_code": return postalCode;
    case "date": return date;
    case "timestamp": return timestamp;
    case "id": return id(shape.prefix ?? "");
    case "integer": return number(shape.min ?? 0, shape.max ?? 1000, 0);
    case "decimal": return number(shape.min ?? 0, shape.max ?? 1000, shape.scale ?? 2);
    case "boolean": return boolean(shape.trueRate ?? 0.5);
  }
}
