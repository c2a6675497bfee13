/**
 * gzip and Parquet through the CLI against a sandbox: what the files hold, the refusals (each a usage error before
 * any request), and a resume after a failure part way giving the same bytes as an uninterrupted export.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { gzipLevel } from "../src/export/gzip-sink.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { countingFetch, runCli, runCliBytes, sandboxEnv, type RunOptions } from "./cli-harness.js";

let sandbox: Sandbox;
let index: string;
let dir: string;
const sent = countingFetch();

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 250 });
  index = sandbox.indexes[0]!;
  dir = await mkdtemp(join(tmpdir(), "export-gzip-parquet-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const exportTo = (args: string[], options: RunOptions = {}) =>
  runCli(["export", index, "--limit", "100", "--no-progress", ...args], { env: sandboxEnv(sandbox), client: { fetch: sent.fetch }, ...options });

describe("gzip", () => {
  it("--out FILE.ndjson.gz: one gzip member per page, decompressing to exactly the uncompressed export", async () => {
    expect((await exportTo(["--out", join(dir, "plain.ndjson")])).code).toBe(0);
    expect((await exportTo(["--out", join(dir, "members.ndjson.gz")])).code).toBe(0);
    const plain = await readFile(join(dir, "plain.ndjson"), "utf8");
    const gzipped = await readFile(join(dir, "members.ndjson.gz"));
    expect(gunzipSync(gzipped).toString()).toBe(plain);
    const lines = plain.split(/(?<=\n)/);
    const pages = [lines.slice(0, 100), lines.slice(100, 200), lines.slice(200)].map((page) => gzipSync(page.join(""), { level: gzipLevel }));
    expect(gzipped.equals(Buffer.concat(pages))).toBe(true);
  });

  it("--compress gzip works with any name and any text format, and into a pipe on stdout", async () => {
    expect((await exportTo(["--out", join(dir, "plain.csv")])).code).toBe(0);
    expect((await exportTo(["--out", join(dir, "named.csv"), "--compress", "gzip"])).code).toBe(0);
    expect(gunzipSync(await readFile(join(dir, "named.csv"))).equals(await readFile(join(dir, "plain.csv")))).toBe(true);
    const piped = await runCliBytes(["export", index, "--limit", "100", "--no-progress", "--compress", "gzip"], { env: sandboxEnv(sandbox) });
    expect(piped.code).toBe(0);
    expect(gunzipSync(piped.stdout).toString()).toBe(await readFile(join(dir, "plain.ndjson"), "utf8"));
  });
});

it.each([
  ["gzip on a terminal stdout", ["--compress", "gzip"], { stdoutIsTTY: true }, "compressed data not written to a terminal: redirect stdout (> FILE.gz, | gunzip) or give --out FILE.gz"],
  ["Parquet on stdout", ["--format", "parquet"], {}, "--format parquet needs --out FILE, a regular file (not stdout): a Parquet file ends with a footer, so it is not a stream"],
  ["Parquet to a device", ["--out", "/dev/null", "--format", "parquet"], {}, "--format parquet needs --out FILE, a regular file (/dev/null is a character device): a Parquet file ends with a footer, so it is not a stream"],
  ["Parquet gzipped", ["--out", "FILE.parquet.gz"], {}, "--format parquet is not gzipped (--compress gzip or a .gz name): Parquet compresses its pages itself (Snappy, or --parquet-codec gzip)"],
  ["--row-group-size without Parquet", ["--out", "FILE.csv", "--row-group-size", "10"], {}, "--row-group-size applies to --format parquet only"],
  ["--parquet-codec without Parquet", ["--out", "FILE.csv", "--parquet-codec", "gzip"], {}, "--parquet-codec applies to --format parquet only"],
] as const)("%s is a usage error naming the flag, before any request; nothing is written", async (_what, args, options, message) => {
  sent.requests = 0;
  const before = await readdir(dir);
  const result = await exportTo(args.map((arg) => (arg.startsWith("FILE") ? join(dir, arg) : arg)), options);
  expect({ code: result.code, stderr: result.stderr, stdout: result.stdout }).toEqual({ code: 2, stderr: `amperity-profiles: ${message}\n`, stdout: "" });
  expect(sent.requests).toBe(0);
  expect(await readdir(dir)).toEqual(before);
});

it.each([
  ["gzip", "resumed.ndjson.gz", [], 150],
  ["Parquet, row groups of 100 profiles over pages of 50", "resumed.parquet", ["--row-group-size", "100"], 100],
  ["Parquet with GZIP pages", "resumed-gzip.parquet", ["--row-group-size", "100", "--parquet-codec", "gzip"], 100],
])("%s: an export that failed part way and was resumed is byte-identical to an uninterrupted one", async (_what, name, extra, kept) => {
  const args = ["--limit", "50", ...extra];
  const whole = join(dir, `whole-${name}`);
  expect((await exportTo(["--out", whole, ...args])).code).toBe(0);
  const out = join(dir, name);
  // The fourth request fails for good, while page 3 is written: gzip has checkpointed every page written (150
  // profiles), Parquet only its first row group (page 3 began the second).
  let calls = 0;
  const failing: typeof fetch = (input, init) => (++calls === 4 ? Promise.resolve(new Response("", { status: 503 })) : fetch(input, init));
  const failed = await exportTo(["--out", out, "--max-attempts", "1", ...args], { client: { fetch: failing } });
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(/run the same command with --resume to continue it/);
  const resumed = await exportTo(["--out", out, "--resume", ...args]);
  expect({ code: resumed.code, stderr: resumed.stderr }).toEqual({ code: 0, stderr: `resuming: ${kept} profiles already in ${out}.part\n` });
  expect((await readFile(out)).equals(await readFile(whole))).toBe(true);
});
