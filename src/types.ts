// Friendly names for the generated types. Everything here is derived from generated/schema.d.ts.
import type { regionHosts } from "../generated/constraints.js";
import type { components, operations, paths } from "../generated/schema.js";

type Schemas = components["schemas"];

export type Profile = Schemas["Profile"];
export type ProfileList = Schemas["ProfileList"];
export type Index = Schemas["Index"];
export type IndexList = Schemas["IndexList"];
export type ApiVersion = Schemas["ApiVersion"];
/** A key of the spec's servers (`x-region`): `"aws"`, `"azure"` or `"aws-apse2"`. */
export type Region = keyof typeof regionHosts;

/** The query of `listProfiles`, wire names kept; the deprecated `api_version` is left out (DOC-18). */
export type ListProfilesQuery = Omit<NonNullable<operations["listProfiles"]["parameters"]["query"]>, "api_version" | "filter"> & {
  /** Exact matches on the index's filter fields, sent as `filter[name]=value` (DOC-24). */
  filter?: Record<string, string>;
};

export type ListIndexesQuery = NonNullable<operations["listIndexes"]["parameters"]["query"]>;

/** An operation without its header parameters: the client injects `amperity-tenant` and `api-version` itself. */
type WithoutHeaders<Op> = Op extends { parameters: infer P }
  ? Omit<Op, "parameters"> & { parameters: Omit<P, "header"> & { header?: never } }
  : Op;

/** The generated `paths` as the raw client sees them: the same, minus the headers it sends on every request. */
export type ClientPaths = {
  [Path in keyof paths]: { [Method in keyof paths[Path]]: Method extends "parameters" ? paths[Path][Method] : WithoutHeaders<paths[Path][Method]> };
};
