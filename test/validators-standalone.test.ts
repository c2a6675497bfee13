/**
 * Strict mode's validators (generated/validators.js) carry their own runtime helpers (scripts/validator-runtime.mjs)
 * instead of importing Ajv's and ajv-formats' CommonJS files, so the client needs openapi-fetch alone at run time.
 */
import { build } from "esbuild";
import { join } from "node:path";
import * as validators from "../generated/validators.js";

const root = join(__dirname, "..");

it("CommonJS in every bundle: the client's runtime, strict mode included, imports openapi-fetch and nothing else", async () => {
  const result = await build({
    entryPoints: [join(root, "src/index.ts")],
    bundle: true, write: false, metafile: true, format: "esm", platform: "neutral", packages: "external", logLevel: "silent",
  });
  const external = Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
  expect([...new Set(external)]).toEqual(["openapi-fetch"]);
}, 60_000);

const profile = (created_at: string) => validators.getProfile({ id: "cl-1", created_at });

it.each([
  "2025-04-25T20:30:00Z", "2025-04-25t20:30:00.123+02:00", "2025-04-25 20:30:00z", "2024-02-29T00:00:00Z",
  "2000-02-29T00:00:00-23:59", "2016-12-31T23:59:60Z", "2016-12-31T15:59:60-08:00",
])("date-time: %s is an RFC 3339 date-time", (value) => {
  expect(profile(value)).toBe(true);
});

it.each([
  "25 April 2025", "yesterday", "2025-04-25", "2025-04-25T20:30:00", "2025-04-25T20:30Z", "2023-02-29T00:00:00Z",
  "1900-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-13-01T00:00:00Z", "2025-00-10T00:00:00Z", "2025-04-25T24:00:00Z",
  "2025-04-25T20:60:00Z", "2016-12-31T22:59:60Z", "2025-04-25T20:30:00+24:00", "2025-04-25T20:30:00+0200",
  "2025-04-25T20:30:00Z\n", "٢٠٢٥-04-25T20:30:00Z",
])("date-time: %j is refused", (value) => {
  expect(profile(value)).toBe(false);
  expect(validators.getProfile.errors?.[0]?.instancePath).toBe("/created_at");
});

it("minLength counts characters, not UTF-16 units: an empty id is refused, a one-emoji id is not", () => {
  expect(validators.getProfile({ id: "" })).toBe(false);
  expect(validators.getProfile({ id: "😀" })).toBe(true);
});
