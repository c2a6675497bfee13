// A 2xx body that is JSON but not the envelope: `{"data":"abc"}` once made items() yield "a", "b", "c" (and the
// CLI write three profiles), an object or null gave a bare TypeError, and `next_token: 42` was blamed on the user
// and checkpointed. Every mode checks the envelope before the page reaches anyone.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ResponseShapeError, ResponseValidationError } from "../src/index.js";
import { runCli } from "./cli-harness.js";
import { TOKEN, caught, clientWith, json, page, scripted } from "./client-harness.js";

const bad: [string, unknown, string][] = [
  ["data as a string", { data: "abc" }, "/data"],
  ["data as an object", { data: { id: "a" } }, "/data"],
  ["data null", { data: null }, "/data"],
  ["data missing", { next_token: "t" }, "/data"],
  ["a profile that is a string", { data: [{ id: "a" }, "b"] }, "/data/1"],
  ["a profile that is null", { data: [null] }, "/data/0"],
  ["a profile that is an array", { data: [[]] }, "/data/0"],
  ["next_token as a number", { data: [], next_token: 42 }, "/next_token"],
  ["next_token as an object", { data: [], next_token: { t: 1 } }, "/next_token"],
  ["next_token as a boolean", { data: [], next_token: true }, "/next_token"],
  ["total negative", { data: [], total: -1 }, "/total"],
  ["total fractional", { data: [], total: 1.5 }, "/total"],
  ["total as a string", { data: [], total: "3" }, "/total"],
  ["total null", { data: [], total: null }, "/total"],
  ["a body that is an array", [{ id: "a" }], ""],
  ["a body that is a string", "abc", ""],
  ["a body that is null", null, ""],
];

describe("hostile envelopes are a ResponseShapeError in default mode", () => {
  it.each(bad)("%s", async (_what, body, pointer) => {
    const s = scripted(json(200, body));
    const error = await caught(clientWith(s).profiles.list("idx-1"));
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect(error).toMatchObject({ operation: "listProfiles", pointer });
    // Not retried: the same server would say the same.
    expect(s.requests).toHaveLength(1);
  });

  it("items() yields nothing from {\"data\":\"abc\"}", async () => {
    const yielded: unknown[] = [];
    const error = await caught(
      (async () => {
        for await (const item of clientWith(scripted(json(200, { data: "abc" }))).profiles.items("idx-1")) yielded.push(item);
      })(),
    );
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect(yielded).toEqual([]);
  });

  it("checks the indexes list and the single-object operations too", async () => {
    const amperity = clientWith(scripted(json(200, { data: 1 }), json(200, []), json(200, "x")));
    expect(await caught(amperity.indexes.list())).toMatchObject({ name: "ResponseShapeError", operation: "listIndexes", pointer: "/data" });
    expect(await caught(amperity.indexes.get("idx-1"))).toMatchObject({ name: "ResponseShapeError", operation: "getIndex", pointer: "" });
    expect(await caught(amperity.profiles.get("idx-1", "p-1"))).toMatchObject({ name: "ResponseShapeError", operation: "getProfile" });
  });

  it("never quotes the offending value (it may be anything the server chose)", async () => {
    const error = await caught(clientWith(scripted(json(200, { data: [], next_token: { secret: TOKEN } }))).profiles.list("idx-1"));
    expect(error.message).toBe('The listProfiles response is not usable: "/next_token" must be a string or null, got an object');
  });

  it("accepts every legitimate envelope: next_token absent, null, empty or a string; total 0 or more", async () => {
    const bodies = [page(["a"]), page(["a"], null), page(["a"], ""), page(["a"], "t", { total: 0 }), page([], "t", { total: 7 })];
    const amperity = clientWith(scripted(...bodies.map((b) => json(200, b))));
    for (const body of bodies) expect(await amperity.profiles.list("idx-1")).toEqual(body);
  });

  it("strict mode stays the full schema check, reported as ResponseValidationError", async () => {
    const amperity = clientWith(scripted(json(200, { data: "abc" })), { validateResponses: true });
    expect(await caught(amperity.profiles.list("idx-1"))).toBeInstanceOf(ResponseValidationError);
  });
});

describe("the export stops before writing anything, with exit 1 (not the user's fault)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "hostile-envelope-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: TOKEN };

  it.each([
    ["data as a string", { data: "abc" }],
    ["data as an object", { data: { id: "a" } }],
    ["data missing", {}],
    ["next_token as a number", { data: [{ id: "a", index_id: "i" }], next_token: 42 }],
  ])("%s on the first page: no bytes on stdout or at --out", async (_what, body) => {
    const fetch = async () => Response.json(body);
    const toStdout = await runCli(["export", "idx-1", "--no-progress"], { env, client: { fetch } });
    expect(toStdout).toMatchObject({ code: 1, stdout: "" });
    expect(toStdout.stderr).toMatch(/^amperity-profiles: The listProfiles response is not usable: "\/(data|next_token)" must be/);
    expect(toStdout.stderr.trimEnd().split("\n")).toHaveLength(1);
    const toFile = await runCli(["export", "idx-1", "--out", join(dir, "p.ndjson"), "--no-progress"], { env, client: { fetch } });
    expect(toFile.code).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it("next_token: 42 on a later page: exit 1, and the checkpoint of the last good page resumes to the end", async () => {
    const good = [{ data: [{ id: "a", index_id: "i" }], next_token: "p2" }, { data: [{ id: "b", index_id: "i" }] }];
    const hostile = async (request: Request) => Response.json(new URL(request.url).searchParams.get("next_token") ? { data: [{ id: "b", index_id: "i" }], next_token: 42 } : good[0]);
    const out = join(dir, "p.ndjson");
    const failed = await runCli(["export", "idx-1", "--out", out, "--no-progress"], { env, client: { fetch: hostile } });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/"\/next_token" must be a string or null, got a number/);
    // The checkpoint holds the first page's cursor: its own reader accepts it, and nothing of page 2 was written.
    expect(JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8"))).toMatchObject({ next_token: "p2", count: 1 });
    const fixed = async (request: Request) => Response.json(new URL(request.url).searchParams.get("next_token") ? good[1] : good[0]);
    const resumed = await runCli(["export", "idx-1", "--out", out, "--no-progress", "--resume"], { env, client: { fetch: fixed } });
    expect(resumed.code).toBe(0);
    expect((await readFile(out, "utf8")).trimEnd().split("\n").map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(["a", "b"]);
  });
});
