/**
 * What the address the sandbox listens on means for a client: the host to put in the printed URL (a wildcard
 * address such as 0.0.0.0 is where a server listens, not where a client can connect), and whether anyone beyond
 * this machine can reach the sandbox's token and data.
 */
import { isIPv4, isIPv6 } from "node:net";
import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback: only this machine can connect. */
export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.split(".")[0] === "127";
  return compressedIPv6(address) === "::1";
}

/** The canonical form of an IPv6 address (as the WHATWG URL parser writes it), or undefined for anything else. */
function compressedIPv6(address: string): string | undefined {
  if (!isIPv6(address) || address.includes("%")) return undefined; // a zone id (fe80::1%eth0) is link-local
  return new URL(`http://[${address}]`).hostname.slice(1, -1);
}

const isWildcard = (address: string) => address === "0.0.0.0" || compressedIPv6(address) === "::";

/**
 * The host a client should use to reach a server bound to `address`: the address itself, or for a wildcard
 * address the first external IPv4 address of this machine (an IPv6 one without a zone for `::` when there is no
 * IPv4), else loopback. IPv6 hosts come bracketed, ready for a URL.
 */
export function reachableHost(address: string, interfaces: () => Interfaces = networkInterfaces): string {
  const bracket = (ip: string) => (ip.includes(":") ? `[${ip.replace("%", "%25")}]` : ip);
  if (!isWildcard(address)) return bracket(address);
  const external = Object.values(listed(interfaces)).flatMap((list) => list ?? []).filter((info) => !info.internal);
  const v4 = external.find((info) => info.family === "IPv4");
  if (v4) return v4.address;
  // Link-local IPv6 (fe80::/10) needs a zone id, which a URL cannot carry portably.
  const v6 = address !== "0.0.0.0" && external.find((info) => info.family === "IPv6" && !/^fe[89ab]/i.test(info.address));
  if (v6) return bracket(v6.address);
  return address === "0.0.0.0" ? "127.0.0.1" : "[::1]";
}

/** The warning to show when the sandbox listens beyond loopback, or undefined when it does not. */
export function exposureWarning(address: string, port: number): string | undefined {
  if (isLoopbackAddress(address)) return undefined;
  const where = isWildcard(address) ? `every network interface (${address})` : address;
  return `the sandbox listens on ${where} port ${port}: anyone who can reach this machine can connect, and its ` +
    `token and data travel unencrypted over plain HTTP. Listen on 127.0.0.1 (the default) unless that is what you want.`;
}

/** The interfaces, or none where the system will not list them (some containers refuse). */
function listed(interfaces: () => Interfaces): Interfaces {
  try {
    return interfaces();
  } catch {
    return {};
  }
}
