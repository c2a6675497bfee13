import { CommanderError, InvalidArgumentError } from "commander";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { collectFilter, integerAtLeast, numberWithin } from "../src/cli/args.js";
import { retryLine } from "../src/cli/connect.js";
import { connectionFromEnv, retryFromEnv } from "../src/cli/env.js";
import { exitCodeFor, handleError, InterruptedError, reasonFor, UsageError } from "../src/cli/handle-error.js";
import { createProgress, formatDuration, progressLine } from "../src/cli/progress.js";
import { indexTable } from "../src/cli/commands/indexes.js";
import { ApiError, ConfigError, NetworkError, NotFoundError, TimeoutError, createAmperityClient } from "../src/index.js";
import { CsvColumnError } from "../src/export/csv.js";
import { CheckpointError } from "../src/export/checkpoint.js";

describe("option parsers", () => {
  it("integerAtLeast accepts decimal integers only", () => {
    expect(integerAtLeast(1)("25")).toBe(25);
    for (const bad of ["0", "-1", "2.5", "1e3", "0x10", "", "ten"]) {
      expect(() => integerAtLeast(1)(bad)).toThrow(InvalidArgumentError);
    }
    expect(integerAtLeast(0)("0")).toBe(0);
  });

  it("numberWithin checks the range", () => {
    expect(numberWithin(0, 1)("0.3")).toBe(0.3);
    expect(() => numberWithin(0, 1)("1.5")).toThrow(InvalidArgumentError);
    expect(() => numberWithin(0, 1)("")).toThrow(InvalidArgumentError);
  });

  it("collectFilter builds {attr: value} from repeated attr=value (DOC-24)", () => {
    const one = collectFilter("state=NY");
    expect(collectFilter("email=a=b@example.com", one)).toEqual({ state: "NY", email: "a=b@example.com" });
    expect(collectFilter("city=")).toEqual({ city: "" });
  });

  it.each(["state", "=NY", "bad name=x", "1st=x", "state[x]=y"])("collectFilter rejects %p", (text) => {
    expect(() => collectFilter(text)).toThrow(InvalidArgumentError);
  });

  it("collectFilter rejects the same attribute twice", () => {
    expect(() => collectFilter("state=CA", { state: "NY" })).toThrow(/given twice/);
  });
});

describe("connectionFromEnv", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cli-env-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads tenant, token, region and base URL", async () => {
    const env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: " t0k ", AMPERITY_REGION: "azure", AMPERITY_BASE_URL: "http://127.0.0.1:1/api" };
    expect(await connectionFromEnv(env)).toEqual({ tenant: "acme", token: "t0k", region: "azure", baseUrl: "http://127.0.0.1:1/api" });
  });

  it("needs a tenant and a token", async () => {
    await expect(connectionFromEnv({ AMPERITY_TOKEN: "t" })).rejects.toThrow(/AMPERITY_TENANT is not set/);
    await expect(connectionFromEnv({ AMPERITY_TENANT: "acme" })).rejects.toThrow(/no token/);
    await expect(connectionFromEnv({ AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "  " })).rejects.toThrow(UsageError);
  });

  it("reads the token from AMPERITY_TOKEN_FILE or --token-file, trimming the newline", async () => {
    const file = join(dir, "token");
    await writeFile(file, "from-file\n");
    expect((await connectionFromEnv({ AMPERITY_TENANT: "a", AMPERITY_TOKEN_FILE: file })).token).toBe("from-file");
    // The flag is the most explicit choice and wins over both variables.
    const env = { AMPERITY_TENANT: "a", AMPERITY_TOKEN: "env", AMPERITY_TOKEN_FILE: "/nonexistent" };
    expect((await connectionFromEnv(env, { tokenFile: file })).token).toBe("from-file");
  });

  it("refuses an ambiguous, missing or empty token source without echoing any token", async () => {
    const both = connectionFromEnv({ AMPERITY_TENANT: "a", AMPERITY_TOKEN: "secret-1", AMPERITY_TOKEN_FILE: "/x" });
    await expect(both).rejects.toThrow(/only one of/);
    await expect(both).rejects.not.toThrow(/secret-1/);
    await expect(connectionFromEnv({ AMPERITY_TENANT: "a" }, { tokenFile: join(dir, "none") })).rejects.toThrow(/none \(--token-file\) does not exist/);
    await writeFile(join(dir, "empty"), "\n");
    await expect(connectionFromEnv({ AMPERITY_TENANT: "a" }, { tokenFile: join(dir, "empty") })).rejects.toThrow(/is empty/);
  });

  it("refuses an unknown region", async () => {
    await expect(connectionFromEnv({ AMPERITY_TENANT: "a", AMPERITY_TOKEN: "t", AMPERITY_REGION: "gcp" })).rejects.toThrow(
      /AMPERITY_REGION must be one of aws, azure, aws-apse2/,
    );
  });

  it("retryFromEnv combines --max-attempts and AMPERITY_RETRY_BASE_MS", () => {
    expect(retryFromEnv({}, undefined)).toEqual({});
    expect(retryFromEnv({ AMPERITY_RETRY_BASE_MS: "5" }, 9)).toEqual({ maxAttempts: 9, baseDelayMs: 5 });
    expect(() => retryFromEnv({ AMPERITY_RETRY_BASE_MS: "fast" }, undefined)).toThrow(UsageError);
  });
});

describe("handle-error: exit codes from one place", () => {
  const api = new ApiError({ status: 404, message: "Index not found.", body: {}, attempts: 1, requestId: "req-1" });
  it.each([
    [new UsageError("x"), 2],
    [new ConfigError("bad tenant"), 2],
    [new CheckpointError("other export"), 2],
    [new CommanderError(1, "commander.invalidArgument", "bad"), 2],
    [new CommanderError(0, "commander.helpDisplayed", "help"), 0],
    [api, 1],
    [new NetworkError("The request failed: ECONNRESET (attempt 4)", 4), 1],
    [new TimeoutError(30000, 4), 1],
    [new CsvColumnError("x"), 1],
    [new Error("anything else"), 1],
    [new InterruptedError("interrupted by SIGINT"), 130],
  ])("%p → %p", (error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });

  it("says what failed in one line", () => {
    expect(reasonFor(api)).toBe("API error 404: Index not found. (request_id req-1)");
    const retried = new ApiError({ status: 503, message: "Unavailable", body: {}, attempts: 4 });
    expect(reasonFor(retried)).toBe("API error 503 after 4 attempts: Unavailable");
  });

  it("regression: the line repeated the operation and status every client error's message starts with", async () => {
    const fail = (reply: Response) =>
      createAmperityClient({ tenant: "acme", token: "tok-12345678", retry: { maxAttempts: 2, baseDelayMs: 0 }, fetch: async () => reply.clone() })
        .profiles.get("idx-1", "cl-1")
        .catch((error: unknown) => error);
    const notFound = await fail(new Response(JSON.stringify({ message: "Profile not found.", request_id: "req-9" }), { status: 404 }));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(reasonFor(notFound)).toBe("API error 404: Profile not found. (request_id req-9)");
    const proxy = await fail(new Response(null, { status: 502, headers: { "x-request-id": "req-p" } }));
    expect(reasonFor(proxy)).toBe("API error 502 after 2 attempts, with an empty body (request_id req-p)");
    const html = await fail(new Response("<h1>Forbidden</h1>", { status: 403 }));
    expect(reasonFor(html)).toBe("API error 403");
  });

  it("prints one line, and the stack only with AMPERITY_DEBUG=1", () => {
    const capture = () => {
      const stream = new PassThrough();
      let text = "";
      stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
      return { stream, text: () => text };
    };
    const quiet = capture();
    expect(handleError(new Error("multi\nline"), quiet.stream, {})).toBe(1);
    expect(quiet.text()).toBe("amperity-profiles: Error: multi line\n");
    const debug = capture();
    handleError(new Error("boom"), debug.stream, { AMPERITY_DEBUG: "1" });
    expect(debug.text()).toMatch(/boom\n.*at /s);
  });
});

describe("progress", () => {
  it("formats durations and plain progress lines", () => {
    expect(formatDuration(3)).toBe("3s");
    expect(formatDuration(125)).toBe("2m05s");
    expect(formatDuration(3723)).toBe("1h02m03s");
    expect(progressLine(12000, 4000)).toBe("12,000 profiles, 4,000/s");
    expect(progressLine(12000, 4000, 100000)).toBe("12,000 of 100,000 profiles (12%), 4,000/s, ETA 22s");
  });

  function recorder() {
    const stream = new PassThrough();
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  }

  it("prints a plain line at most every interval, then a summary", async () => {
    let now = 0;
    const out = recorder();
    const progress = await createProgress({ stream: out.stream, mode: "lines", now: () => now, intervalMs: 2000 });
    now = 1000;
    progress.update(1000);
    now = 2500;
    progress.update(5000);
    now = 3000;
    progress.update(6000);
    progress.note("retrying after HTTP 503 (attempt 1 failed; next in 100 ms)");
    now = 4000;
    progress.finish(8000, "out.csv");
    expect(out.text()).toBe(
      "5,000 profiles, 2,000/s\nretrying after HTTP 503 (attempt 1 failed; next in 100 ms)\nexported 8,000 profiles to out.csv in 4.0 s (2,000/s)\n",
    );
  });

  it("counts only this run's profiles in the rate of a resumed export", async () => {
    let now = 0;
    const out = recorder();
    const progress = await createProgress({ stream: out.stream, mode: "lines", start: 500, now: () => now });
    now = 1000;
    progress.finish(1500, "x");
    expect(out.text()).toBe("exported 1,000 profiles (1,500 in all) to x in 1.0 s (1,000/s)\n");
  });

  it("prints nothing in mode none", async () => {
    const out = recorder();
    const progress = await createProgress({ stream: out.stream, mode: "none" });
    progress.update(10);
    progress.finish(10, "x");
    expect(out.text()).toBe("");
  });
});

describe("small formatters", () => {
  it("retryLine", () => {
    expect(retryLine({ attempt: 2, delayMs: 512.4, reason: "HTTP 429", status: 429 })).toBe(
      "retrying after HTTP 429 (attempt 2 failed; next in 512 ms)",
    );
  });

  it("indexTable aligns columns", () => {
    expect(indexTable([{ id: "idx-1", name: "Customers", updated_at: "2024-01-01T00:00:00Z" }, { id: "idx-22", name: "B" }])).toBe(
      "ID      NAME       UPDATED\nidx-1   Customers  2024-01-01T00:00:00Z\nidx-22  B\n",
    );
  });
});
