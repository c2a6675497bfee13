// Ctrl-C while the OAuth token request hangs: the CLI exits at once with 130. The token request is shared by every
// call waiting for a token, so it is aborted when the last of them stops waiting; before, the abandoned request
// (and its timer, then its retries) kept the process alive for minutes.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleCli } from "./cli-harness.js";
import { startHostileServer, type HostileServer } from "./support/hostile-server.js";

let server: HostileServer;
let dir: string;
let cli: string;
beforeAll(async () => {
  server = await startHostileServer();
  dir = await mkdtemp(join(tmpdir(), "token-hang-"));
  cli = await bundleCli(dir);
}, 60_000);
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const oauthEnv = () => ({ AMPERITY_TENANT: "acme", AMPERITY_BASE_URL: server.baseUrl, AMPERITY_CLIENT_ID: "client-1", AMPERITY_CLIENT_SECRET: "hang-secret-0c4d" });

describe("Ctrl-C while the token request hangs", () => {
  it("exits 130 at once: the token request is aborted, no socket or timer keeps the process alive", async () => {
    // Never answers: only the client's abort (or its 30 s timeout, then retries) ends the request.
    server.handle(() => undefined);
    const child = spawn(process.execPath, [cli, "indexes"], { env: { PATH: process.env["PATH"], ...oauthEnv() }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = once(child, "close");
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const sentAt = Date.now();
    child.kill("SIGINT");
    // A bound, so a process that lingers fails here rather than at the test's timeout.
    const lingering = setTimeout(() => child.kill("SIGKILL"), 10_000);
    const [code, signal] = (await closed) as [number | null, NodeJS.Signals | null];
    clearTimeout(lingering);
    const elapsed = Date.now() - sentAt;
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(elapsed).toBeLessThan(2000);
    expect(stderr).toBe("amperity-profiles: interrupted by SIGINT\n");
  }, 30_000);
});
