/**
 * Which IP addresses a fetch may connect to: public unicast only, unless private
 * addresses are explicitly allowed. Covers IPv4 and IPv6, including IPv4-mapped
 * (::ffff:a.b.c.d) and IPv4-compatible / NAT64 embeddings of forbidden IPv4.
 */
import { BlockList, isIP } from "node:net";

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // unspecified / "this network"
  ["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24], // special / test
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved + broadcast
] as const) {
  blocked.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 128], ["::1", 128], // unspecified, loopback
  ["fe80::", 10], // link-local
  ["fc00::", 7], // unique local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
  ["2001:db8::", 32], // documentation
] as const) {
  blocked.addSubnet(net, bits, "ipv6");
}

/** The IPv4 address embedded in an IPv6 one (mapped ::ffff:0:0/96, compatible ::/96, NAT64 64:ff9b::/96), or null. */
function embeddedV4(ip: string): string | null {
  let canonical: string;
  try {
    canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const m = /^(::ffff:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!m) return null;
  const hi = parseInt(m[2], 16);
  const lo = parseInt(m[3], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True when `ip` is not a public unicast address (or is not an IP at all). */
export function isForbiddenAddress(ip: string): boolean {
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family !== 6) return true;
  const v4 = embeddedV4(bare);
  if (v4 !== null) return blocked.check(v4, "ipv4");
  return blocked.check(bare, "ipv6");
}
