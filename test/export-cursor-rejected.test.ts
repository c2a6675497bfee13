/**
 * Advice that loops: when the server no longer accepts the checkpoint's cursor (400 "not a token this server
 * issued", as after a sandbox restart), the export must not advise --resume again, but say the cursor is no longer
 * accepted and how to start over. --resume is only suggested where a resume can succeed.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-cursor-rejected-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = { profiles: 200, token: "tok-restart", seed: "restart" };
const exportTo = (sandbox: Sandbox, out: string, extra: string[], fetchImpl: typeof fetch = fetch) =>
  runCli(["export", sandbox.indexes[0]!, "--out", out, "--limit", "50", "--no-progress", ...extra], {
    env: sandboxEnv(sandbox),
    client: { fetch: fetchImpl },
  });

it("a cursor the restarted server rejects: no --resume advice, a way to start over", async () => {
  const out = join(dir, "restart.ndjson");
  const first = await startSandbox(options);
  const port = Number(new URL(first.url).port);
  let calls = 0;
  const failing: typeof fetch = (input, init) => (++calls === 3 ? Promise.resolve(new Response("", { status: 503 })) : fetch(input, init));
  const interrupted = await exportTo(first, out, ["--max-attempts", "1"], failing);
  await first.close();
  // A transient failure: resuming can succeed, so it is suggested.
  expect(interrupted.code).toBe(1);
  expect(interrupted.stderr).toMatch(/run the same command with --resume/);

  // The same sandbox restarted on the same port: same data and URL, but a new secret for its cursors.
  const second = await startSandbox({ ...options, port });
  try {
    const resumed = await exportTo(second, out, ["--resume"]);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(/API error 400/);
    expect(resumed.stderr).toMatch(/the checkpoint's cursor is no longer accepted by the server/);
    expect(resumed.stderr).toMatch(/run the same command without --resume to start over/);
    expect(resumed.stderr).not.toMatch(/run the same command with --resume/);
    // Kept (nothing lost), and starting over as advised completes.
    await readFile(`${out}.part`);
    const again = await exportTo(second, out, []);
    expect(again.code).toBe(0);
    expect((await readFile(out, "utf8")).trimEnd().split("\n")).toHaveLength(200);
  } finally {
    await second.close();
  }
});
