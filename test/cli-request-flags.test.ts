/** --max-rps and --timeout on every command that calls the API, against real local servers. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

let sandbox: Sandbox;
let silent: Server;
let silentUrl: string;
beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 10 });
  // Accepts requests and never answers: every attempt can only time out.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
  await sandbox.close();
});

const commands = (index: string): string[][] => [
  ["export", index, "--max-items", "1", "--no-progress"],
  ["indexes"],
  ["get", index, "cl-1"],
];

it.each([0, 1, 2])("--timeout MS bounds each attempt (command %d)", async (which) => {
  const env = { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-12345678", AMPERITY_BASE_URL: silentUrl };
  const result = await runCli([...commands("idx-1")[which]!, "--timeout", "40"], { env });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/Request to 127\.0\.0\.1:\d+ timed out after 40 ms \(\d attempts?\)/);
});

it("--max-rps N spaces the requests 1/N s apart", async () => {
  const waits: number[] = [];
  const result = await runCli(["export", sandbox.indexes[0]!, "--limit", "1", "--max-items", "3", "--no-progress", "--max-rps", "4"], {
    env: sandboxEnv(sandbox),
    client: { now: () => 0, sleep: async (ms: number) => void waits.push(ms) },
  });
  expect(result.code).toBe(0);
  expect(waits).toEqual([250, 500]);
});

it.each([
  ["--max-rps", "0", 'expected a number from 0.001 to 1000000, got "0"'],
  ["--timeout", "0", 'expected an integer ≥ 1, got "0"'],
  ["--timeout", "99999999999", 'expected at most 2147483647 ms, got "99999999999"'],
])("%s %s is a usage error", async (flag, value, message) => {
  const result = await runCli(["indexes", flag, value], { env: sandboxEnv(sandbox) });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(message);
});
