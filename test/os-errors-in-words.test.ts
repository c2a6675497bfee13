/**
 * Operating-system errors reach the user as what is wrong, with the flag they set and the fix (issue 21), never
 * as a bare ENOENT, ENOSPC or EADDRINUSE: a missing output folder, a full device, a folder they may not write in,
 * a port already in use (a missing --out-dir: export-all-hostile-listing.test.ts).
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:net";
import { inPlainWords } from "../src/cli/os-error-words.js";
import { countingFetch, runCli } from "./cli-harness.js";

const env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-os-errors-1234", AMPERITY_BASE_URL: "http://127.0.0.1:9" };

const errno = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${code}: raw`), { code, ...extra });

it("export --out missing/dir/x.csv: the folder does not exist, and mkdir -p missing/dir, before any request", async () => {
  // Relative, as a user types it; the folder is made up, so nothing is created in the working tree.
  const folder = `missing-${randomBytes(4).toString("hex")}/dir`;
  const counter = countingFetch();
  const result = await runCli(["export", "idx-1", "--out", `${folder}/x.csv`], { env, client: { fetch: counter.fetch } });
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`amperity-profiles: the folder ${folder} does not exist (--out); create it with mkdir -p ${folder}, or give another --out\n`);
  expect(counter.requests).toBe(0);
});

it("export --out /dev/full: no space left on the device holding it (--out), not a bare ENOSPC", async () => {
  const { startSandbox } = await import("../src/sandbox/index.js");
  const sandbox = await startSandbox({ profiles: 50 });
  try {
    const result = await runCli(["export", sandbox.indexes[0]!, "--out", "/dev/full", "--no-progress"], {
      env: { AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token, AMPERITY_BASE_URL: sandbox.url },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "amperity-profiles: no space left on the device holding /dev/full (--out); free some space or pick another --out, then run the command again\n",
    );
  } finally {
    await sandbox.close();
  }
});

it("export --out into a folder this user may not write in: permission denied, naming --out, before any request", async () => {
  // sysfs refuses new files even to root, so this holds whoever runs the test.
  const counter = countingFetch();
  const result = await runCli(["export", "idx-1", "--out", "/sys/x.csv"], { env, client: { fetch: counter.fetch } });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^amperity-profiles: (permission denied writing the output file \/sys\/x\.csv \(--out\); give a folder you can write to|\/sys is on a read-only file system \(--out\))/);
  expect(result.stderr).not.toMatch(/\bE[A-Z]{3,}\b/);
  expect(counter.requests).toBe(0);
});

describe("sandbox --port that is in use", () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => taken.close(resolve)));

  it("says the port is in use and how to pick another, exit 2", async () => {
    const stop = new AbortController();
    const result = await runCli(["sandbox", "--port", String(port)], { signal: stop.signal });
    stop.abort();
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`amperity-profiles: port ${port} is in use; pick another with --port or omit it for a free one\n`);
  });
});

describe("inPlainWords (the one mapping of OS errors)", () => {
  it.each([
    ["EACCES writing", errno("EACCES", { path: "/srv/out/x.csv" }), { setting: "--out", what: "output file", output: true }, "permission denied writing the output file /srv/out/x.csv (--out); give a folder you can write to, or change the permissions of /srv/out"],
    ["EACCES writing a checkpoint mid-export (the error named by export-output)", errno("EACCES", { path: "/srv/out/x.csv", setting: "--out", output: true }), {}, "permission denied writing /srv/out/x.csv (--out); give a folder you can write to, or change the permissions of /srv/out"],
    ["EPERM reading", errno("EPERM", { path: "/run/token" }), { setting: "AMPERITY_TOKEN_FILE", what: "token file" }, "permission denied reading the token file /run/token (AMPERITY_TOKEN_FILE); check its permissions and owner (ls -l /run/token)"],
    ["EDQUOT", errno("EDQUOT", { path: "/home/a/x.csv" }), { setting: "--out" }, "no space left in your disk quota on the device holding /home/a/x.csv (--out); free some space or pick another --out, then run the command again"],
    ["EADDRNOTAVAIL", errno("EADDRNOTAVAIL", { syscall: "listen", address: "10.9.9.9" }), {}, "10.9.9.9 is not an address of this machine; pick another with --host or omit it for 127.0.0.1"],
    ["EACCES on listen", errno("EACCES", { syscall: "listen", port: 80 }), {}, "port 80 needs privileges this user does not have; pick one above 1023 with --port or omit it for a free one"],
    ["a path with a space in the mkdir advice", errno("ENOENT", { path: "my exports/x.csv" }), { setting: "--out", output: true }, "the folder my exports does not exist (--out); create it with mkdir -p 'my exports', or give another --out"],
  ])("%s", (_name, error, subject, words) => {
    expect(inPlainWords(error, subject)).toBe(words);
  });

  it("leaves an error it does not know to its own message", () => {
    expect(inPlainWords(errno("EWHATEVER"))).toBeUndefined();
  });
});
