// The checker that every other contract test relies on must itself be able to fail: each check is fed a response
// that breaks exactly one rule of the spec, taken from the spec's own examples.
import { checkResponse, findOperation, type RawResponse } from "./support/conformance.js";
import { allOperations, examples, operations } from "./support/spec.js";

const json = { "content-type": "application/json" };
const firstPage = examples("listProfiles", 200)["FirstPage"];

function ok(overrides: Partial<RawResponse> = {}): RawResponse {
  return {
    method: "GET",
    path: "/indexes/idx-xyz789/profiles",
    status: 200,
    headers: new Headers(json),
    body: JSON.stringify(firstPage),
    ...overrides,
  };
}

const checks = (res: RawResponse) => checkResponse(res).map((v) => v.check);

describe("the conformance checker", () => {
  test("finds every operation of the spec by method and path", () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(["getIndex", "getProfile", "listIndexes", "listProfiles"]);
    expect(allOperations.map((o) => o.operationId)).toContain("createAccessToken");
    expect(findOperation("POST", "/v0/oauth2/token")?.operationId).toBe("createAccessToken");
    expect(findOperation("GET", "/v0/oauth2/token")).toBeUndefined();
    expect(findOperation("GET", "/indexes/a%2Fb/profiles/p")?.operationId).toBe("getProfile");
    expect(findOperation("POST", "/indexes")).toBeUndefined();
  });

  test("accepts the spec's own example", () => {
    expect(checkResponse(ok())).toEqual([]);
  });

  test("status_code_conformance: flags an undeclared status", () => {
    expect(checks(ok({ status: 418 }))).toEqual(["status_code_conformance"]);
    expect(checks(ok({ path: "/indexes", status: 404 }))).toEqual(["status_code_conformance"]);
  });

  test("content_type_conformance: flags a media type the response does not declare", () => {
    expect(checks(ok({ headers: new Headers({ "content-type": "text/html" }) }))).toEqual(["content_type_conformance"]);
  });

  test("response_schema_conformance: flags a body that breaks the schema, with its location", () => {
    const body = JSON.stringify({ ...(firstPage as object), total: -1 });
    const [violation] = checkResponse(ok({ body }));
    expect(violation?.check).toBe("response_schema_conformance");
    expect(violation?.message).toContain("body/total");
    expect(checks(ok({ body: "{" }))).toEqual(["response_schema_conformance"]);
    expect(checks(ok({ status: 404, body: JSON.stringify({ message: "no status" }) }))).toEqual(["response_schema_conformance"]);
  });
});
