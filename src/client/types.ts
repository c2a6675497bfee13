// Friendly names for the generated types. Everything here is derived from generated/schema.d.ts.
import type { regionHosts } from "../../generated/constraints.js";
import type { components, operations, paths } from "../../generated/schema.js";

type Schemas = components["schemas"];

/**
 * The declared properties of a generated object type, without the `[key: string]: unknown` that the spec's
 * `additionalProperties: true` adds: with it, a misspelt field (`p.atributes`) would compile as `unknown`.
 */
type Declared<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/** A profile's attributes as the spec types them: any names, scalar values. */
export type ProfileAttributes = Schemas["ProfileAttributes"];

/**
 * A customer profile. Without a type argument, `attributes` is optional and holds any names (the spec cannot know
 * an index's attributes). `Profile<MyAttributes>` declares the attribute shape of your index once: `attributes`
 * is then required and typed, e.g. `profile.attributes.email: string`. That is your assertion about the index;
 * strict mode checks responses against the spec, not against `MyAttributes`.
 */
export type Profile<Attributes extends object = never> = Omit<Declared<Schemas["Profile"]>, "attributes"> &
  ([Attributes] extends [never]
    ? {
        /** The index's configured fields (at most 30): any names, scalar values; absent on some documented shapes. */
        attributes?: ProfileAttributes;
      }
    : {
        /** The index's configured fields, in the shape you declared with the type argument. */
        attributes: Attributes;
      });

/** One page of profiles: `data`, the `next_token` of the next page (absent, null or "" on the last) and `total`. */
export type ProfileList<Attributes extends object = never> = Omit<Schemas["ProfileList"], "data"> & {
  /** The profiles of this page, in the server's order; empty on an empty index. */
  data: Profile<Attributes>[];
};
/** A profile index of the tenant. */
export type Index = Declared<Schemas["Index"]>;
/** One page of indexes: `data`, the `next_token` of the next page (absent, null or "" on the last) and `total`. */
export type IndexList = Omit<Schemas["IndexList"], "data"> & {
  /** The indexes of this page. */
  data: Index[];
};
/** An API version the client can ask for (`api-version`). */
export type ApiVersion = Schemas["ApiVersion"];
/** A key of the spec's servers (`x-region`): `"aws"`, `"azure"` or `"aws-apse2"`. */
export type Region = keyof typeof regionHosts;

/** Optional fields that also take `undefined` (for callers compiling with `exactOptionalPropertyTypes`). */
type OrUndefined<T> = { [Key in keyof T]?: T[Key] | undefined };

/**
 * The query of `listProfiles`, wire names kept; the deprecated `api_version` is left out (DOC-18). A field given
 * as `undefined` (or a `next_token` of null or "") is not sent.
 */
export type ListProfilesQuery = OrUndefined<Omit<NonNullable<operations["listProfiles"]["parameters"]["query"]>, "api_version" | "filter">> & {
  /** Exact matches on the index's filter fields, sent as `filter[name]=value` (DOC-24). */
  filter?: Record<string, string> | undefined;
};

/** The query of `listIndexes`, wire names kept. */
export type ListIndexesQuery = OrUndefined<NonNullable<operations["listIndexes"]["parameters"]["query"]>>;

/** An operation without its header parameters: the client injects `amperity-tenant` and `api-version` itself. */
type WithoutHeaders<Op> = Op extends { parameters: infer P }
  ? Omit<Op, "parameters"> & { parameters: Omit<P, "header"> & { header?: never } }
  : Op;

/** The generated `paths` as the raw client sees them: the same, minus the headers it sends on every request. */
export type ClientPaths = {
  [Path in keyof paths]: { [Method in keyof paths[Path]]: Method extends "parameters" ? paths[Path][Method] : WithoutHeaders<paths[Path][Method]> };
};
