/**
 * The shapes a sandbox serves unless told otherwise, index by index in turn: `customers` (twelve strings, the
 * sandbox's first shape, its bytes unchanged), then shapes with what real indexes hold beside strings: integers,
 * decimals, booleans, nulls, absent keys, empty strings, non-ASCII names and values, up to the 30 fields an index
 * may have. `loyalty` has as many attributes as `customers`, so the two compare in benchmarks.
 */
import { attributeNames, filterFields, profileAttributes, writeProfile } from "./profiles.js";
import type { ProfileShape } from "./profile-shape.js";
import type { ProfileShapeSpec } from "./shape.js";

export const customers: ProfileShape = {
  name: "customers",
  attributes: attributeNames,
  filterFields,
  values: profileAttributes,
  write: writeProfile,
};

const tiers = ["Bronze", "Silver", "Gold", "Platinum"];

const loyalty: ProfileShapeSpec = {
  name: "loyalty",
  attributes: [
    { name: "member_id", kind: "id", prefix: "M-", filter: true },
    { name: "given_name", kind: "given_name", filter: true },
    { name: "surname", kind: "surname", filter: true },
    { name: "email", kind: "email", filter: true, null: 0.02, empty: 0.03 },
    { name: "phone", kind: "phone", null: 0.05, empty: 0.05 },
    { name: "birthdate", kind: "date", null: 0.1 },
    { name: "city", kind: "city", filter: true },
    { name: "points", kind: "integer", min: 0, max: 250_000 },
    { name: "lifetime_value", kind: "decimal", min: 0, max: 25_000, scale: 2 },
    { name: "opted_in", kind: "boolean", trueRate: 0.7, absent: 0.1 },
    { name: "tier", kind: "enum", values: tiers, filter: true },
    { name: "préférence_contact", kind: "enum", values: ["e-mail", "SMS", "téléphone", "courrier", "なし"], null: 0.2 },
  ],
};

const wide: ProfileShapeSpec = {
  name: "wide",
  attributes: [
    { name: "customer_id", kind: "id", prefix: "C-", filter: true },
    { name: "given_name", kind: "given_name", filter: true },
    { name: "surname", kind: "surname", filter: true },
    { name: "email", kind: "email", filter: true, empty: 0.02 },
    { name: "phone", kind: "phone", null: 0.1, empty: 0.05 },
    { name: "street_address", kind: "street_address" },
    { name: "city", kind: "city", filter: true },
    { name: "state", kind: "state", filter: true },
    { name: "postal_code", kind: "postal_code" },
    { name: "country", kind: "enum", values: ["US", "CA", "MX"], absent: 0.05 },
    { name: "birthdate", kind: "date", null: 0.2 },
    { name: "first_seen", kind: "timestamp" },
    { name: "last_seen", kind: "timestamp", null: 0.05 },
    { name: "orders", kind: "integer", min: 0, max: 500 },
    { name: "returns", kind: "integer", min: 0, max: 50, null: 0.3 },
    { name: "lifetime_value", kind: "decimal", min: -500, max: 50_000 },
    { name: "average_order", kind: "decimal", min: 0, max: 2000 },
    { name: "discount_rate", kind: "decimal", min: 0, max: 1, scale: 4 },
    { name: "credit_score", kind: "integer", min: 300, max: 850, absent: 0.4 },
    { name: "email_opt_in", kind: "boolean" },
    { name: "sms_opt_in", kind: "boolean", trueRate: 0.3, null: 0.1 },
    { name: "is_employee", kind: "boolean", trueRate: 0.02, absent: 0.5 },
    { name: "tier", kind: "enum", values: tiers, filter: true },
    { name: "store_id", kind: "integer", min: 1, max: 999 },
    { name: "preferred_channel", kind: "enum", values: ["email", "sms", "push", "mail"], empty: 0.1 },
    { name: "Kundennummer", kind: "id", prefix: "K-" },
    { name: "顧客ランク", kind: "enum", values: ["松", "竹", "梅"] },
    { name: "città_preferita", kind: "city", null: 0.25 },
    { name: "household_size", kind: "integer", min: 1, max: 9, null: 0.15 },
    { name: "segment", kind: "enum", values: ["new", "active", "lapsed", "won-back"], filter: true },
  ],
};

/** Mostly missing values: an attribute null on a whole first page still gets its values later. */
const sparse: ProfileShapeSpec = {
  name: "sparse",
  attributes: [
    { name: "record_id", kind: "id", prefix: "R-", filter: true },
    { name: "email", kind: "email", filter: true, null: 0.3, empty: 0.1 },
    { name: "middle_name", kind: "given_name", null: 0.85 },
    { name: "nickname", kind: "given_name", absent: 0.5, empty: 0.2 },
    { name: "referral_count", kind: "integer", min: 1, max: 20, null: 0.97 },
    { name: "vip", kind: "boolean", null: 0.9 },
    { name: "last_complaint", kind: "timestamp", null: 0.95 },
    { name: "coupon_value", kind: "decimal", min: 5, max: 50, scale: 2, null: 0.95 },
    { name: "notes", kind: "enum", values: [" ", "n/a", "—", "\"quoted\", with a comma", "line\nbreak"], null: 0.4, empty: 0.4 },
  ],
};

export const builtinShapeSpecs: readonly ProfileShapeSpec[] = [loyalty, wide, sparse];

