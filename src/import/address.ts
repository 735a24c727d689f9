/**
 * Which network addresses an import may connect to. In production only public unicast addresses are
 * allowed: a feed URL is typed by an organizer, so without this check the bot could be made to read
 * its own host (127.0.0.1, ::1), the local network (10/8, 192.168/16, fc00::/7), a cloud metadata
 * service (169.254.169.254) or anything behind a NAT64 or 6to4 gateway. The ranges are ipaddr.js's
 * tables of special-purpose registries (IANA's IPv4 and IPv6 special-purpose address registries);
 * anything it does not name is ordinary unicast. An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is
 * judged as the IPv4 address it is.
 */
import ipaddr from 'ipaddr.js';

export type AddressVerdict = { allowed: true; range: 'unicast' } | { allowed: false; range: string };

/** IPv6 global unicast (2000::/3); everything outside it is unassigned or special. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** The range an address belongs to ("loopback", "private", "linkLocal", "carrierGradeNat", …) and whether an import may connect to it. */
export function classifyAddress(text: string): AddressVerdict {
  // A zone index (fe80::1%eth0) names a local interface: never public.
  if (!ipaddr.isValid(text) || text.includes('%')) return { allowed: false, range: 'invalid' };
  let addr = ipaddr.parse(text);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  const range = addr.range();
  if (range !== 'unicast') return { allowed: false, range };
  if (addr.kind() === 'ipv6' && !addr.match(GLOBAL_UNICAST_V6)) return { allowed: false, range: 'unassigned' };
  return { allowed: true, range: 'unicast' };
}

export function isPublicAddress(text: string): boolean {
  return classifyAddress(text).allowed;
}
