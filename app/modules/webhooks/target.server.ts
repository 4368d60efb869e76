import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { env } from "~/utils/env.server";

/**
 * Where webhooks may go. In production only https and only public addresses: a private, loopback
 * or link-local address (the cloud metadata service, the database) is refused when the endpoint is
 * registered and again at every delivery, after DNS resolution, so a name that later resolves
 * inward is refused too. Outside production, http to this machine is allowed for local receivers.
 */

/** Production refuses internal addresses unless WEBHOOKS_ALLOW_PRIVATE=true (a receiver inside the team's network). */
export const strictTargets = () => env().NODE_ENV === "production" && env().WEBHOOKS_ALLOW_PRIVATE !== "true";

const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  internal.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  internal.addSubnet(network, prefix, "ipv6");

/** A private, loopback, link-local or otherwise non-public address (IPv4-mapped IPv6 included). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return internal.check(mapped[1], "ipv4");
  const family = isIP(address);
  if (family === 4) return internal.check(address, "ipv4");
  if (family === 6) return internal.check(address, "ipv6");
  return false;
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, "").toLowerCase();
const localNames = new Set(["localhost", "127.0.0.1", "::1"]);

/** Why an endpoint address is refused, or null when it may be used. */
export function endpointUrlRefusal(value: string, production: boolean): string | null {
  const url = new URL(value);
  const host = bare(url.hostname);
  if (production) {
    if (url.protocol !== "https:") return "Use an https:// address: events carry your programs' data.";
    if (host === "localhost" || host.endsWith(".localhost") || isInternalAddress(host)) return "Use a public address: private, loopback and link-local addresses are refused.";
    return null;
  }
  if (url.protocol === "http:" && !localNames.has(host)) return "Use an https:// address (plain http is allowed only to localhost, for local testing).";
  return null;
}

/** A DNS lookup for http.request that refuses names resolving to an internal address (production). */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    const done = callback as (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
    if (error) return done(error, "", 0);
    const inward = addresses.find((a) => isInternalAddress(a.address));
    if (inward) return done(Object.assign(new Error(`${hostname} resolves to an internal address (${inward.address}); refused`), { code: "EINTERNAL" }), "", 0);
    if ((options as { all?: boolean }).all) return done(null, addresses);
    return done(null, addresses[0].address, addresses[0].family);
  });
};
