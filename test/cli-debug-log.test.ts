// AMPERITY_LOG=debug (issue 22): the CLI maps it onto the client's logger, one stderr line per attempt, through the
// CLI's public client API; a value it does not know is a usage error before any request.
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { countingFetch, runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let profileId: string;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 3 });
  const listed = await runCli(["export", sandbox.indexes[0]!, "--no-progress", "--max-items", "1"], { env: sandboxEnv(sandbox) });
  profileId = JSON.parse(listed.stdout.split("\n")[0]!).id;
}, 30_000);
afterAll(() => sandbox.close());

describe("AMPERITY_LOG", () => {
  it("=debug prints each attempt on stderr, never the token, and leaves stdout to the data", async () => {
    const result = await runCli(["get", sandbox.indexes[0]!, profileId], { env: { ...sandboxEnv(sandbox), AMPERITY_LOG: "debug" } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).id).toBe(profileId);
    const url = `${sandbox.url}/indexes/${sandbox.indexes[0]}/profiles/${profileId}`;
    const lines = result.stderr.trimEnd().split("\n").map((line) => line.replace(/ in [\d.]+ ms \(/, " in N ms ("));
    expect(lines[0]).toBe(`debug: getProfile GET ${url} (attempt 1)`);
    expect(lines[1]).toMatch(/^debug: getProfile 200 in N ms \(attempt 1(, request id [\w-]+)?\)$/);
    expect(lines).toHaveLength(2);
    expect(result.stderr).not.toContain(sandbox.token);
  });

  it("unset or off prints nothing", async () => {
    for (const value of [undefined, "off", ""]) {
      const result = await runCli(["get", sandbox.indexes[0]!, profileId], { env: { ...sandboxEnv(sandbox), AMPERITY_LOG: value } });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    }
  });

  it("refuses a value it does not know, naming the variable, before any request is sent", async () => {
    const sent = countingFetch();
    const result = await runCli(["get", sandbox.indexes[0]!, profileId], { env: { ...sandboxEnv(sandbox), AMPERITY_LOG: "verbose" }, client: { fetch: sent.fetch } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('amperity-profiles: AMPERITY_LOG must be debug (each request on stderr) or off, got "verbose"\n');
    expect(sent.requests).toBe(0);
  });
});
