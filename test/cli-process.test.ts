/** The built executable as a real process: start-up, the sandbox's lifecycle under signals. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleCli } from "./cli-harness.js";

let dir: string;
let cli: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-process-"));
  cli = await bundleCli(dir);
}, 30_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("exits 2 with usage on stderr when the command is missing an argument", async () => {
  const child = spawn(process.execPath, [cli, "get"], { stdio: ["ignore", "pipe", "pipe"], env: {} });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = await once(child, "close");
  expect(code).toBe(2);
  expect(stderr).toMatch(/missing required argument 'indexId'/);
});

it.each(["SIGTERM", "SIGINT"] as const)("sandbox prints one JSON line, serves, and exits 0 on %s", async (signal) => {
  const child = spawn(process.execPath, [cli, "sandbox", "--profiles", "2"], { stdio: ["ignore", "pipe", "pipe"], env: {} });
  try {
    child.stderr.resume();
    const [chunk] = (await once(child.stdout, "data")) as [Buffer];
    const lines = chunk.toString().split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    const ready = JSON.parse(lines[0]!) as { url: string; tenant: string; token: string; indexes: string[] };
    const response = await fetch(`${ready.url}/indexes`, {
      headers: { authorization: `Bearer ${ready.token}`, "amperity-tenant": ready.tenant, "api-version": "2025-07-31" },
    });
    expect(response.status).toBe(200);
    const closed = once(child, "close");
    child.kill(signal);
    expect((await closed)[0]).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}, 30_000);
