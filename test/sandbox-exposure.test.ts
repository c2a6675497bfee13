/**
 * A sandbox listening beyond loopback exposes its token and data to the network: the user is warned, and the URL
 * it prints is one a client can connect to (never the wildcard 0.0.0.0). The URL choice is tested as a pure
 * function over made-up interfaces; the one server here binds 0.0.0.0 briefly and is reached only on 127.0.0.1.
 */
import { PassThrough } from "node:stream";
import type { NetworkInterfaceInfo } from "node:os";
import { run } from "../src/cli/program.js";
import { exposureWarning, isLoopbackAddress, reachableHost, type Interfaces } from "../src/sandbox/listen-address.js";

const nic = (address: string, family: "IPv4" | "IPv6", internal = false) =>
  ({ address, family, internal, netmask: "", mac: "00:00:00:00:00:00", cidr: null, ...(family === "IPv6" && { scopeid: 0 }) }) as NetworkInterfaceInfo;
const machine: Interfaces = {
  lo: [nic("127.0.0.1", "IPv4", true), nic("::1", "IPv6", true)],
  eth0: [nic("fe80::1c2d:3eff:fe4f:5a6b", "IPv6"), nic("2001:db8::7", "IPv6"), nic("192.0.2.10", "IPv4")],
};

describe("network exposure: the printed url is reachable and a non-loopback host is warned about", () => {
  test.each([
    ["0.0.0.0", machine, "192.0.2.10"],
    ["::", machine, "192.0.2.10"],
    ["0:0:0:0:0:0:0:0", machine, "192.0.2.10"],
    ["::", { eth0: [nic("fe80::1", "IPv6"), nic("2001:db8::7", "IPv6")] }, "[2001:db8::7]"],
    ["0.0.0.0", { eth0: [nic("2001:db8::7", "IPv6")] }, "127.0.0.1"],
    ["0.0.0.0", { lo: [nic("127.0.0.1", "IPv4", true)] }, "127.0.0.1"],
    ["::", { eth0: [nic("fe80::1", "IPv6")] }, "[::1]"],
    ["127.0.0.1", machine, "127.0.0.1"],
    ["::1", machine, "[::1]"],
    ["192.0.2.10", machine, "192.0.2.10"],
  ])("listening on %s, a client connects to the host in the url", (address, interfaces, host) => {
    expect(reachableHost(address, () => interfaces)).toBe(host);
  });

  test("a system that refuses to list its interfaces falls back to loopback", () => {
    const refuse = () => {
      throw new Error("uv_interface_addresses returned Unknown system error 97");
    };
    expect(reachableHost("0.0.0.0", refuse)).toBe("127.0.0.1");
  });

  test.each(["127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"])("%s is loopback: no warning", (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
    expect(exposureWarning(address, 8080)).toBeUndefined();
  });

  test.each(["0.0.0.0", "::", "192.0.2.10", "::ffff:192.0.2.10", "2001:db8::7", "fe80::1%eth0"])("%s is reachable from the network: a warning", (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
    expect(exposureWarning(address, 8080)).toMatch(/port 8080: anyone who can reach this machine can connect.*token and data/);
  });

  test("`sandbox --host 0.0.0.0` warns on stderr and prints a url that is not the wildcard", async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const errors: Buffer[] = [];
    stderr.on("data", (chunk: Buffer) => errors.push(chunk));
    const controller = new AbortController();
    const line = new Promise<string>((resolve) => stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())));
    const exit = run(["sandbox", "--host", "0.0.0.0", "--profiles", "1"], { env: {}, stdout, stderr, signal: controller.signal });
    try {
      const ready = JSON.parse(await line) as { url: string; token: string; tenant: string };
      const url = new URL(ready.url);
      expect(url.hostname).not.toBe("0.0.0.0");
      expect(url.hostname).toBe(reachableHost("0.0.0.0"));
      expect(Buffer.concat(errors).toString()).toContain(
        `amperity-profiles: warning: the sandbox listens on every network interface (0.0.0.0) port ${url.port}: anyone`,
      );
      // Only loopback traffic: the server is reached on 127.0.0.1, whatever host the url names.
      const res = await fetch(`http://127.0.0.1:${url.port}/api/indexes`, {
        headers: { authorization: `Bearer ${ready.token}`, "amperity-tenant": ready.tenant, "api-version": "2025-07-31" },
      });
      expect(res.status).toBe(200);
    } finally {
      controller.abort();
    }
    expect(await exit).toBe(0);
  });

  test("the default host gives no warning", async () => {
    const { startSandbox } = await import("../src/sandbox/index.js");
    const sandbox = await startSandbox({ profiles: 0 });
    await sandbox.close();
    expect(sandbox.warnings).toEqual([]);
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
  });
});
