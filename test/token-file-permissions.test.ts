/**
 * A token file that group or others can read: the CLI warns once on stderr, as ssh and kubectl do, and names
 * the file (never the token); a file only its owner can read gets no warning.
 */
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let dir: string;
const token = "tok-PERMISSIONS-7c1d";
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 5, token });
  dir = await mkdtemp(join(tmpdir(), "token-file-permissions-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

it.each([
  ["0644", true],
  ["0640", true],
  ["0604", true],
  ["0600", false],
  ["0400", false],
])("a token file with mode %s: warned %s", async (octal, warned) => {
  const mode = parseInt(octal, 8);
  const file = join(dir, `token-${mode.toString(8)}`);
  await writeFile(file, `${token}\n`);
  await chmod(file, mode);
  const { AMPERITY_TOKEN: _token, ...env } = sandboxEnv(sandbox);
  const result = await runCli(["export", sandbox.indexes[0]!, "--token-file", file, "--no-progress"], { env });
  expect(result.code).toBe(0);
  const warnings = result.stderr.split("\n").filter((line) => line.includes("readable by group or others"));
  expect(warnings).toEqual(warned ? [`warning: the token file ${file} is readable by group or others (mode ${octal}); restrict it with chmod 600`] : []);
  expect(result.stdout + result.stderr).not.toContain(token);
});

it("a client secret file that others can read is warned about the same way, without the secret", async () => {
  const secret = "secret-PERMISSIONS-91f2";
  const oauth = await startSandbox({ profiles: 5, clientId: "perm-client", clientSecret: secret });
  try {
    const file = join(dir, "client-secret");
    await writeFile(file, `${secret}\n`);
    await chmod(file, 0o644);
    const env = { AMPERITY_TENANT: oauth.tenant, AMPERITY_BASE_URL: oauth.url, AMPERITY_CLIENT_ID: "perm-client" };
    const result = await runCli(["export", oauth.indexes[0]!, "--client-secret-file", file, "--no-progress"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`warning: the client secret file ${file} is readable by group or others (mode 0644); restrict it with chmod 600`);
    expect(result.stdout + result.stderr).not.toContain(secret);
  } finally {
    await oauth.close();
  }
});
