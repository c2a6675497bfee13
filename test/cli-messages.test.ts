/** The CLI's wording: counts with the right number and separators. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./cli-harness.js";
import { countOf, durationText } from "../src/cli/messages.js";

describe("countOf (singular/plural and thousands separators)", () => {
  it.each([
    [0, "0 profiles"],
    [1, "1 profile"],
    [2, "2 profiles"],
    [96_000, "96,000 profiles"],
  ])("%d → %s", (n, text) => {
    expect(countOf(n, "profile")).toBe(text);
  });
  it("takes an irregular plural", () => {
    expect(countOf(1, "index", "indexes")).toBe("1 index");
    expect(countOf(3, "index", "indexes")).toBe("3 indexes");
  });
});

describe("messages name what the user set", () => {
  const base = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-12345678" };
  const noRequest = async () => {
    throw new Error("no request may be sent");
  };

  it("clear-text token: AMPERITY_BASE_URL=http://example.com/api is refused, the CLI passing the client no fetch of its own", async () => {
    // The client allows http: to any host when its caller supplies fetch (a Workers service binding), so the CLI
    // is run as users run it, without the harness's fetch; the global one is replaced so nothing could leave.
    const global = jest.spyOn(globalThis, "fetch").mockImplementation(noRequest);
    try {
      const result = await runCli(["indexes"], { env: { ...base, AMPERITY_BASE_URL: "http://example.com/api" } });
      expect(result.stderr).toBe("amperity-profiles: AMPERITY_BASE_URL must use https: (http: only for a loopback host); the token would travel in clear text\n");
      expect(result.code).toBe(2);
      expect(global).not.toHaveBeenCalled();
    } finally {
      global.mockRestore();
    }
  });

  it.each([
    [
      { ...base, AMPERITY_BASE_URL: "https://user:pw@example.com/api" },
      "AMPERITY_BASE_URL must not carry credentials, a query or a fragment",
    ],
    [{ ...base, AMPERITY_TENANT: "evil.com/" }, expect.stringMatching(/^AMPERITY_TENANT must be a DNS label \(/)],
    [{ ...base, AMPERITY_TOKEN: "Bearer tok-12345678" }, 'AMPERITY_TOKEN starts with "Bearer ": set the token alone, without the prefix (the client adds it)'],
    [{ ...base, AMPERITY_TOKEN: "tok\u00e9-12345678" }, expect.stringMatching(/^AMPERITY_TOKEN contains characters that are not allowed in a bearer token/)],
  ])("%j → usage error", async (env, message) => {
    const result = await runCli(["indexes"], { env, client: { fetch: noRequest } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const line = result.stderr.replace(/^amperity-profiles: /, "").replace(/\n$/, "");
    expect(line).toEqual(message);
  });

  it("names --token-file when the token came from it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cli-messages-"));
    try {
      const file = join(dir, "token");
      await writeFile(file, "Bearer tok-12345678\n", { mode: 0o600 });
      const result = await runCli(["indexes", "--token-file", file], { env: { AMPERITY_TENANT: "acme" }, client: { fetch: noRequest } });
      expect(result.stderr).toBe(`amperity-profiles: the token in --token-file ${file} starts with "Bearer ": set the token alone, without the prefix (the client adds it)\n`);
      expect(result.code).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("AMPERITY_REGION is case-insensitive", async () => {
    const seen: string[] = [];
    const fetch = async (input: RequestInfo | URL) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return Response.json({ data: [] });
    };
    const result = await runCli(["indexes", "--json"], { env: { ...base, AMPERITY_REGION: "AWS-APSE2" }, client: { fetch } });
    expect(result.code).toBe(0);
    expect(seen[0]).toMatch(/^https:\/\/app-aws-apse2\.amperity\.com\/api\/indexes/);
  });
});

describe("rate limiting that tells the user when", () => {
  it.each([
    [45_000, "45 s"],
    [300_000, "5 min"],
    [5_400_000, "90 min"],
    [9_000_000, "2 h 30 min"],
  ])("durationText(%d) = %s", (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });

  it("a 429 whose Retry-After exceeds the retry cap says how long to wait, and that --resume continues", async () => {
    // The first page arrives, the second is refused for 5 minutes: beyond the client's 20 s cap on a wait.
    const server = createServer((request, response) => {
      if (!request.url!.includes("next_token")) {
        response.writeHead(200, { "content-type": "application/json" });
        return void response.end(JSON.stringify({ data: [{ id: "cl-1", index_id: "idx-1", attributes: {} }], next_token: "t2" }));
      }
      response.writeHead(429, { "content-type": "application/json", "retry-after": "300" });
      response.end(JSON.stringify({ message: "slow down" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const dir = await mkdtemp(join(tmpdir(), "cli-429-"));
    try {
      const env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-12345678", AMPERITY_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api` };
      const toFile = await runCli(["export", "idx-1", "--out", join(dir, "p.ndjson"), "--no-progress"], { env });
      expect(toFile.code).toBe(1);
      expect(toFile.stderr).toBe(
        "the server asked to wait 5 min: run the same command with --resume after that to continue\n" +
          "amperity-profiles: API error 429: slow down; the server asked to wait 5 min before the next request\n",
      );
      const toStdout = await runCli(["export", "idx-1", "--no-progress"], { env });
      expect(toStdout.stderr).toBe("amperity-profiles: API error 429: slow down; the server asked to wait 5 min before the next request\n");
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("no ETA before the first page", () => {
  it("the bar with a total shows no ETA until a rate is known", async () => {
    const { createProgress } = await import("../src/cli/progress.js");
    const { PassThrough } = await import("node:stream");
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    let clock = 0;
    const progress = await createProgress({ stream, mode: "bar", total: 2000, now: () => clock });
    expect(text).toMatch(/0\/2,000 profiles \| 0\/s/);
    expect(text).not.toMatch(/ETA/);
    clock = 1000;
    progress.update(1000);
    progress.stop();
    expect(text).toMatch(/ETA 1s/);
  });
});
