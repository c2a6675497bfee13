// The spec's decisions about the documentation's inconsistencies (openapi/inconsistencies.yaml), held against
// the bundled spec and the validators generated from it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as validators from "../generated/validators.js";
import { deref, operation, operations, parameters, root, spec } from "./support/spec.js";

const examples = spec.components.examples;
/** The Profile API's own operations; the token endpoint (createAccessToken) has its own host and header (DOC-27/28). */
const apiOperations = operations.filter((o) => o.id !== "createAccessToken");
const schemas = spec.components.schemas;

describe("the documentation's 200 example", () => {
  const seedText = readFileSync(join(root, "test", "fixtures", "seed-200-example.txt"), "utf8");

  it("DOC-01: the seed's example is not JSON, the spec's repaired example is, with the same items", () => {
    expect(() => JSON.parse(seedText)).toThrow(SyntaxError);
    // The minimal repair: the two missing commas and the trailing comma.
    const repaired = JSON.parse(seedText.replace(/Z"\n(\s+"updated_at")/g, 'Z",\n$1').replace(/},\n(\s*)]/, "}\n$1]"));
    const first = examples.ProfileListFirstPage.value;
    expect(first.data).toEqual(repaired.data);
    expect(first.next_token).toBe(repaired.next_token);
    expect(validators.listProfiles(first)).toBe(true);
  });

  it("DOC-02: total is consistent with the data across the first and last page", () => {
    const first = examples.ProfileListFirstPage.value;
    const last = examples.ProfileListLastPage.value;
    expect(first.next_token).toBeTruthy();
    expect(first.total).toBeGreaterThan(first.data.length);
    expect(last.next_token ?? "").toBe("");
    expect(first.total).toBe(first.data.length + last.data.length);
    expect(last.total).toBe(first.total);
  });

  it("DOC-19: total is an optional, non-negative integer of the envelope", () => {
    expect(schemas.ProfileList.required).toEqual(["data"]);
    expect(deref(schemas.ProfileList.properties.total)).toMatchObject({ type: "integer", minimum: 0 });
    expect(validators.listProfiles({ data: [] })).toBe(true);
    expect(validators.listProfiles({ data: [], total: -1 })).toBe(false);
  });
});

describe("what listProfiles returns", () => {
  const body = deref(operation("listProfiles").responses["200"]).content["application/json"].schema;

  it("DOC-04: profiles, not profile indexes — indexes are a separate schema", () => {
    expect(body.$ref).toBe("#/components/schemas/ProfileList");
    expect(schemas.ProfileList.properties.data.items.$ref).toBe("#/components/schemas/Profile");
    const indexBody = deref(operation("getIndex").responses["200"]).content["application/json"].schema;
    expect(indexBody.$ref).toBe("#/components/schemas/Index");
  });

  it("DOC-05: updated_at belongs to each profile, not to the envelope", () => {
    expect(Object.keys(schemas.ProfileList.properties).sort()).toEqual(["data", "next_token", "total"]);
    expect(schemas.Profile.properties.updated_at).toBeDefined();
  });

  it("DOC-06: timestamps are response fields in date-time format, with no request parameter derived from them", () => {
    for (const field of ["created_at", "updated_at"]) {
      expect(deref(schemas.Profile.properties[field])).toMatchObject({ type: "string", format: "date-time" });
    }
    const names = operations.flatMap((o) => o.op.parameters.map((p: unknown) => deref(p).name));
    expect(names).not.toContain("created_at");
    expect(names).not.toContain("updated_at");
    expect(validators.getProfile({ id: "cl-1", created_at: "25 April 2025" })).toBe(false);
  });

  it("DOC-07: both the seed's item shape and the later profile shape validate; id is required", () => {
    expect(validators.getProfile(examples.ProfileListFirstPage.value.data[0])).toBe(true);
    expect(validators.getProfile(examples.Profile.value)).toBe(true);
    expect(validators.getProfile({ index_id: "idx-1", attributes: {} })).toBe(false);
    expect(validators.getProfile({ id: "cl-1", attributes: { nested: { no: 1 } } })).toBe(false);
  });

  it("DOC-03: nothing outside the register speaks of campaigns", () => {
    const { info, ...rest } = spec;
    const { ["x-doc-inconsistencies"]: _register, ...infoRest } = info;
    expect(JSON.stringify({ infoRest, rest })).not.toMatch(/campaign/i);
  });
});

describe("parameters, headers, servers and auth", () => {
  it("DOC-14: three servers, paths start at /indexes, the Azure host has a working tenant variable", () => {
    expect(spec.servers.map((s: { url: string }) => s.url)).toEqual([
      "https://app.amperity.com/api",
      "https://{tenant}.amperity.com/api",
      "https://app-aws-apse2.amperity.com/api",
    ]);
    expect(spec.servers.map((s: { "x-region": string }) => s["x-region"])).toEqual(["aws", "azure", "aws-apse2"]);
    expect(spec.servers[1].variables.tenant.default).toMatch(/^[a-z]/);
    expect(apiOperations.every((o) => o.path.startsWith("/indexes"))).toBe(true);
    // Declared on every API operation; the security requirement makes it mandatory (DOC-31).
    for (const { id } of apiOperations) expect(parameters(id).find((p) => p.name === "amperity-tenant")).toMatchObject({ in: "header" });
  });

  it("DOC-15: limit is an integer of at least 1 with the server's default of 25 and no maximum", () => {
    for (const id of ["listProfiles", "listIndexes"]) {
      const limit = parameters(id).find((p) => p.name === "limit");
      expect(limit).toMatchObject({ required: false, schema: { type: "integer", minimum: 1, default: 25 } });
      expect(limit.schema.maximum).toBeUndefined();
    }
  });

  it("DOC-17: next_token is never empty in a request, and may be absent, null or empty in a response", () => {
    const token = parameters("listProfiles").find((p) => p.name === "next_token");
    // A string is never empty; null is the "no token" of DOC-34.
    expect(deref(token.schema)).toMatchObject({ type: ["string", "null"], minLength: 1 });
    for (const end of [{}, { next_token: null }, { next_token: "" }]) {
      expect(validators.listProfiles({ data: [], ...end })).toBe(true);
    }
  });

  it("DOC-18: the api-version header is on every operation, without a default; the api_version query is optional and deprecated", () => {
    // Mandatory through the security requirement (DOC-32), declared on every operation for its schema.
    for (const { id } of apiOperations) {
      const header = parameters(id).find((p) => p.name === "api-version");
      expect(header).toMatchObject({ in: "header" });
      expect(deref(header.schema).default).toBeUndefined();
    }
    const query = parameters("listProfiles").find((p) => p.name === "api_version");
    expect(query).toMatchObject({ in: "query", required: false, deprecated: true });
  });

  it("DOC-20: path parameters have distinct names, indexId and profileId", () => {
    const names = parameters("getProfile").filter((p) => p.in === "path").map((p) => p.name);
    expect(names).toEqual(["indexId", "profileId"]);
    expect(Object.keys(spec.paths)).toContain("/indexes/{indexId}/profiles/{profileId}");
  });

  it("DOC-21: every operation needs a bearer JWT", () => {
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    // Either scheme: an OAuth access token is sent as the same bearer header; the tenant and version sit beside it.
    expect(spec.security.map((r: object) => Object.keys(r).sort())).toEqual([
      ["amperityTenant", "apiVersion", "bearerAuth"],
      ["amperityTenant", "apiVersion", "oauth2"],
    ]);
  });

  it("DOC-24: filter is a deepObject of string values with validated names", () => {
    const filter = parameters("listProfiles").find((p) => p.name === "filter");
    expect(filter).toMatchObject({ in: "query", style: "deepObject", explode: true });
    const fields = deref(filter.schema);
    expect(fields.additionalProperties).toEqual({ type: "string" });
    const names = new RegExp(fields.propertyNames.pattern);
    expect(["first_name", "loyalty_id", "_x"].every((n) => names.test(n))).toBe(true);
    expect(["first name", "a]b", "", "1st", "é"].some((n) => names.test(n))).toBe(false);
  });
});

describe("errors", () => {
  const statuses = ["400", "401", "403", "404", "429", "500", "503"];

  it("DOC-22: every operation declares the documented error statuses with the Error body and a valid example", () => {
    for (const { id, op } of apiOperations) {
      const expected = id === "listIndexes" ? statuses.filter((s) => s !== "404") : statuses;
      expect(Object.keys(op.responses).filter((s) => s !== "200")).toEqual(expected);
      for (const status of expected) {
        const media = deref(op.responses[status]).content["application/json"];
        expect(media.schema.$ref).toBe("#/components/schemas/Error");
        for (const example of Object.values(media.examples) as unknown[]) {
          const value = deref(example).value;
          expect(validators.errorBody(value)).toBe(true);
          expect(String(value.status)).toBe(status);
        }
      }
    }
  });

  it("DOC-25: better than the vendor's spec — 3.1, 503s, bearerFormat, Retry-After, no defaulted required header", () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(spec.servers[1].url).toContain("{tenant}");
    expect(Object.keys(spec.servers[1].variables)).toEqual(["tenant"]);
    for (const { op } of operations) {
      expect(op.responses["503"]).toBeDefined();
      expect(deref(op.responses["429"]).headers["Retry-After"]).toBeDefined();
    }
  });

  it("DOC-23: an unsupported version is a 400 Bad Request in this spec (the version is an enum)", () => {
    const header = parameters("listProfiles").find((p) => p.name === "api-version");
    expect(deref(header.schema).enum).toEqual(["2025-07-31"]);
    expect(deref(operation("listProfiles").responses["400"]).description).toMatch(/unsupported API version/);
  });
});

describe("the token endpoint", () => {
  const token = operation("createAccessToken");

  it("DOC-27: createAccessToken names the tenant in X-Amperity-Tenant, the API operations in amperity-tenant", () => {
    const headers = parameters("createAccessToken").filter((p) => p.in === "header");
    expect(headers.map((p) => [p.name, p.required])).toEqual([["X-Amperity-Tenant", true]]);
    for (const { id } of apiOperations) expect(parameters(id).map((p) => p.name)).not.toContain("X-Amperity-Tenant");
  });

  it("DOC-28: the token endpoint is POST /v0/oauth2/token on the tenant's own host, with no bearer token", () => {
    expect(spec.paths["/v0/oauth2/token"].post.operationId).toBe("createAccessToken");
    expect(token.servers.map((s: { url: string }) => s.url)).toEqual(["https://{tenant}.amperity.com/api"]);
    expect(token.security).toEqual([]);
    expect(parameters("createAccessToken").map((p) => p.name)).not.toContain("api-version");
    const flow = spec.components.securitySchemes.oauth2.flows.clientCredentials;
    expect(flow.tokenUrl).toBe(token.servers[0].url.replace("{tenant}", token.servers[0].variables.tenant.default) + "/v0/oauth2/token");
    const body = token.requestBody.content["application/x-www-form-urlencoded"];
    expect(deref(body.schema)).toMatchObject({ required: ["grant_type", "client_id", "client_secret"], additionalProperties: false });
    expect(deref(body.schema).properties.grant_type.enum).toEqual(["client_credentials"]);
  });

  it("DOC-29: expires_in is an optional integer; access_token and token_type are required", () => {
    expect(validators.createAccessToken(examples.AccessToken.value)).toBe(true);
    expect(examples.AccessToken.value.expires_in).toBe(3600);
    expect(validators.createAccessToken({ access_token: "t", token_type: "bearer" })).toBe(true);
    expect(validators.createAccessToken({ access_token: "t", token_type: "Bearer", expires_in: 1.5 })).toBe(false);
    expect(validators.createAccessToken({ access_token: "t", token_type: "MAC" })).toBe(false);
    expect(validators.createAccessToken({ token_type: "Bearer", expires_in: 60 })).toBe(false);
  });

  it("DOC-30: the token endpoint declares 400, 401, 429, 500 and 503 with the API's Error body", () => {
    expect(Object.keys(token.responses)).toEqual(["200", "400", "401", "429", "500", "503"]);
    for (const status of ["400", "401", "429", "500", "503"]) {
      expect(deref(token.responses[status]).content["application/json"].schema.$ref).toBe("#/components/schemas/Error");
    }
  });
});

describe("examples", () => {
  it("every example of every operation validates against its schema", () => {
    let checked = 0;
    for (const { id, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        const media = deref(response).content["application/json"];
        const validate = status === "200" ? (validators as Record<string, (v: unknown) => boolean>)[id]! : validators.errorBody;
        for (const example of Object.values(media.examples)) {
          expect(validate(deref(example).value)).toBe(true);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });
});
