import { JsonWriter, encode } from "./json-writer.js";
import {
  addressUnits, emailDomains, givenNames, loyaltyTiers, places, streets, surnames,
} from "./names.js";
import { createRandom, hex8, mix, permute, unpermute } from "./random.js";
import type { ShapedIndex as SandboxIndex } from "./profile-shape.js";

export { attributeNames, filterFields } from "./attributes.js";

/** The random choices that make up one profile. Both renderings below read these and nothing else. */
interface Draw {
  given: number; surname: number; place: number; streetNumber: number; street: number; unit: number;
  phoneArea: number; phoneLine: number; emailNumber: number; domain: number; zip: number;
  year: number; month: number; day: number; cents: number; tier: number;
}

function draw(index: SandboxIndex, position: number): Draw {
  const next = createRandom(mix(index.key, position));
  const below = (n: number) => Math.floor(next() * n);
  return {
    given: below(givenNames.length), surname: below(surnames.length), place: below(places.length),
    streetNumber: 1 + below(9899), street: below(streets.length),
    unit: next() < 0.15 ? below(addressUnits.length) : -1,
    phoneArea: next() < 0.05 ? -1 : 200 + below(790), phoneLine: below(10000),
    emailNumber: below(1000), domain: below(emailDomains.length), zip: below(100),
    year: 1940 + below(66), month: 1 + below(12), day: 1 + below(28), cents: below(500_000), tier: below(loyaltyTiers.length),
  };
}

const asciiLetters = (text: string) =>
  text.normalize("NFD").replace(/[øØ]/g, "o").replace(/[^A-Za-z]/g, "").toLowerCase();
const givenAscii = givenNames.map(asciiLetters);
const surnameAscii = surnames.map(asciiLetters);
const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** The attribute values of one profile, in {@link attributeNames} order; a pure function of index and position. */
export function profileAttributes(index: SandboxIndex, position: number): string[] {
  const d = draw(index, position);
  const [city, state, zip] = places[d.place]!;
  return [
    givenNames[d.given]!,
    surnames[d.surname]!,
    `${givenAscii[d.given]!}.${surnameAscii[d.surname]!}${d.emailNumber}@${emailDomains[d.domain]!}`,
    d.phoneArea < 0 ? "" : `+1-${d.phoneArea}-555-${pad(d.phoneLine, 4)}`,
    `LY-${pad(position + 1, 7)}`,
    `${d.streetNumber} ${streets[d.street]!}${d.unit < 0 ? "" : addressUnits[d.unit]!}`,
    city,
    state,
    zip + pad(d.zip, 2),
    `${d.year}-${pad(d.month, 2)}-${pad(d.day, 2)}`,
    `${Math.floor(d.cents / 100)}.${pad(d.cents % 100, 2)}`,
    loyaltyTiers[d.tier]!,
  ];
}

/** Profile ids are `cl-` + a keyed permutation of the position: unique in the index, reversible, random-looking. */
export function profileId(index: SandboxIndex, position: number): string {
  return `cl-${hex8(permute(position, index.key))}`;
}

/** The position of a profile id in an index of `count` profiles, or undefined if no such profile exists. */
export function profilePosition(index: SandboxIndex, id: string, count: number): number | undefined {
  if (!/^cl-[0-9a-f]{8}$/.test(id)) return undefined;
  const position = unpermute(Number.parseInt(id.slice(3), 16), index.key);
  return position < count ? position : undefined;
}

// Every vocabulary entry pre-encoded once: whole values as quoted JSON, pieces as escaped JSON without quotes.
const quoted = (list: readonly string[]) => list.map((text) => encode(JSON.stringify(text)));
const inner = (list: readonly string[]) => list.map((text) => encode(JSON.stringify(text).slice(1, -1)));
const givenJson = quoted(givenNames), surnameJson = quoted(surnames), tierJson = quoted(loyaltyTiers);
const cityJson = quoted(places.map((p) => p[0])), stateJson = quoted(places.map((p) => p[1]));
const zipBytes = inner(places.map((p) => p[2])), streetBytes = inner(streets), unitBytes = inner(addressUnits);
const givenEmail = inner(givenAscii), surnameEmail = inner(surnameAscii), domainBytes = inner(emailDomains);
/** Closes the previous string value and opens this attribute's. */
const key = (name: string) => encode(`","${name}":"`);
const [DOT, AT, DASH, SPACE] = [46, 64, 45, 32];
const parts = {
  id: encode('{"id":"cl-'), indexId: encode('","index_id":"'), givenName: encode('","attributes":{"given_name":'),
  surname: encode(',"surname":'), email: encode(',"email":"'), phone: key("phone"), phonePrefix: encode("+1-"),
  phoneMiddle: encode("-555-"), loyalty: key("loyalty_id"), address: key("address"), city: encode('","city":'),
  state: encode(',"state":'), postal: encode(',"postal_code":"'), birthdate: key("birthdate"),
  value: key("lifetime_value"), tier: encode('","loyalty_tier":'), end: encode("}}"),
};

/** Writes one profile as JSON: the same values as {@link profileAttributes}, without building strings. */
export function writeProfile(out: JsonWriter, index: SandboxIndex, position: number): void {
  const d = draw(index, position);
  out.bytes(parts.id).hex8(permute(position, index.key)).bytes(parts.indexId).ascii(index.id);
  out.bytes(parts.givenName).bytes(givenJson[d.given]!).bytes(parts.surname).bytes(surnameJson[d.surname]!);
  out.bytes(parts.email).bytes(givenEmail[d.given]!).char(DOT).bytes(surnameEmail[d.surname]!).digits(d.emailNumber);
  out.char(AT).bytes(domainBytes[d.domain]!).bytes(parts.phone);
  if (d.phoneArea >= 0) out.bytes(parts.phonePrefix).digits(d.phoneArea).bytes(parts.phoneMiddle).digits(d.phoneLine, 4);
  out.bytes(parts.loyalty).ascii("LY-").digits(position + 1, 7);
  out.bytes(parts.address).digits(d.streetNumber).char(SPACE).bytes(streetBytes[d.street]!);
  if (d.unit >= 0) out.bytes(unitBytes[d.unit]!);
  out.bytes(parts.city).bytes(cityJson[d.place]!).bytes(parts.state).bytes(stateJson[d.place]!);
  out.bytes(parts.postal).bytes(zipBytes[d.place]!).digits(d.zip, 2).bytes(parts.birthdate);
  out.digits(d.year).char(DASH).digits(d.month, 2).char(DASH).digits(d.day, 2);
  out.bytes(parts.value).digits(Math.floor(d.cents / 100)).char(DOT).digits(d.cents % 100, 2);
  out.bytes(parts.tier).bytes(tierJson[d.tier]!).bytes(parts.end);
}
