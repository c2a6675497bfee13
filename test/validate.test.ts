import { ResponseValidationError } from "../src/index.js";
import { caught, clientWith, json, page, scripted } from "./client-harness.js";

describe("strict mode (validateResponses)", () => {
  it("passes bodies that match the spec, both profile shapes included (DOC-07)", async () => {
    const seedShape = { id: "cl-abc123", name: "Loyalty Members", created_at: "2025-04-25T20:30:00Z", updated_at: "2025-04-25T20:30:00Z" };
    const s = scripted(json(200, { data: [seedShape, page(["b"]).data[0]], next_token: "T", total: 3 }), json(200, { id: "idx-1", name: "Unified" }));
    const amperity = clientWith(s, { validateResponses: true });
    expect((await amperity.profiles.list("idx-1")).data).toHaveLength(2);
    expect((await amperity.indexes.get("idx-1")).name).toBe("Unified");
  });

  it.each([
    ["a profile without id", { data: [{ name: "x" }] }, "/data/0"],
    ["a string total", { data: [], total: "3" }, "/total"],
    ["a malformed timestamp", { data: [{ id: "a", created_at: "yesterday" }] }, "/data/0/created_at"],
    ["a missing data", { next_token: "T" }, ""],
  ])("throws ResponseValidationError with the JSON pointer of the first violation: %s", async (_, body, pointer) => {
    const s = scripted(json(200, body));
    const error = await caught(clientWith(s, { validateResponses: true }).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ pointer, operation: "listProfiles" });
    expect(s.requests).toHaveLength(1);
  });

  it("validates each operation against its own schema", async () => {
    const s = scripted(json(200, { id: "idx-1" }), json(200, { data: [{ id: "i" }] }), json(200, { index_id: "idx-1" }));
    const amperity = clientWith(s, { validateResponses: true });
    expect(await caught(amperity.indexes.get("idx-1"))).toMatchObject({ operation: "getIndex", pointer: "" });
    expect(await caught(amperity.indexes.list())).toMatchObject({ operation: "listIndexes", pointer: "/data/0" });
    expect(await caught(amperity.profiles.get("idx-1", "p"))).toMatchObject({ operation: "getProfile", pointer: "" });
  });

  it("is off by default: a body that does not match the schema but has the envelope is returned as it came", async () => {
    const s = scripted(json(200, { data: [{ name: "no id" }], total: 3 }));
    expect(await clientWith(s).profiles.list("idx-1")).toEqual({ data: [{ name: "no id" }], total: 3 });
  });
});
