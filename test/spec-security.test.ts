// How the spec lets a generated client set the tenant and the version once (DOC-31, DOC-32), why the version in
// the query is no alternative (DOC-33), and how a response's cursor goes straight back (DOC-34).
import { Ajv2020 } from "ajv/dist/2020.js";
import { deref, operations, parameters, spec, type Json } from "./support/spec.js";

const apiOperations = operations.filter((o) => o.id !== "createAccessToken");
const schemes = spec.components.securitySchemes;
const requirementsOf = (op: Json): Json[] => op.security ?? spec.security;

/** The header is a scheme of every requirement of every API operation, and an optional parameter with `schema`. */
function expectSetOnce(scheme: string, header: string, schema: string) {
  expect(schemes[scheme]).toMatchObject({ type: "apiKey", in: "header", name: header });
  for (const { id, op } of apiOperations) {
    const requirements = requirementsOf(op);
    expect(requirements.length).toBeGreaterThan(0);
    for (const requirement of requirements) expect(Object.keys(requirement)).toContain(scheme);
    // Optional as a parameter, so that generators do not ask for it per call; the parameter carries its schema.
    const parameter = parameters(id).find((p) => p.name === header);
    expect(parameter).toMatchObject({ in: "header", required: false, schema: { $ref: `#/components/schemas/${schema}` } });
  }
}

describe("what a client sets once", () => {
  it("DOC-31: amperity-tenant is an apiKey header scheme beside the token on every API operation", () => {
    expectSetOnce("amperityTenant", "amperity-tenant", "TenantId");
    // The token endpoint has no security requirement to carry it, and names the tenant its own way (DOC-27).
    const token = operations.find((o) => o.id === "createAccessToken")!;
    expect(token.op.security).toEqual([]);
    expect(parameters("createAccessToken").find((p) => p.in === "header")).toMatchObject({ name: "X-Amperity-Tenant", required: true });
  });

  it("DOC-32: api-version is an apiKey header scheme too, its parameter an enum of the supported versions without a default", () => {
    expectSetOnce("apiVersion", "api-version", "ApiVersion");
    expect(spec.components.schemas.ApiVersion).toMatchObject({ type: "string", enum: ["2025-07-31"] });
    expect(spec.components.schemas.ApiVersion.default).toBeUndefined();
  });
});

describe("the version in the query and the cursor", () => {
  const ajv = new Ajv2020({ allowUnionTypes: true });

  it("DOC-33: no security requirement takes the version from the query; api_version stays optional and deprecated", () => {
    for (const { op } of apiOperations) {
      for (const requirement of requirementsOf(op)) {
        for (const name of Object.keys(requirement)) expect(schemes[name].in).not.toBe("query");
      }
    }
    const query = parameters("listProfiles").find((p) => p.name === "api_version");
    expect(query).toMatchObject({ in: "query", required: false, deprecated: true, schema: { $ref: "#/components/schemas/ApiVersion" } });
    expect(query.description).toContain("DOC-33");
  });

  it("DOC-34: a request's next_token accepts what a response's holds: null, or a non-empty string", () => {
    const request = ajv.compile(spec.components.schemas.NextToken);
    const response = deref(spec.components.schemas.ProfileList.properties.next_token);
    expect(response.type).toEqual(["string", "null"]);
    expect([null, "ABCd1fghIJk2l3M"].map((token) => request(token))).toEqual([true, true]);
    // The empty string of a last page is still never sent (DOC-17).
    expect(request("")).toBe(false);
  });
});
