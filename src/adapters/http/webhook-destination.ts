// Where CRM webhooks may go. Managers type the URLs, but the engine posts to them from inside the
// network: a URL naming a loopback, private or link-local address (the cloud metadata service at
// 169.254.169.254, the database, the PBX's ARI) would let a manager reach, and by the errors shown
// to them probe, what only the engine host can. Such destinations are refused when a campaign's
// settings are saved (by the URL's form, no DNS) and again at each send (every address the name
// resolves to, in the lookup the connection itself uses, so a name that changes its answer between
// the check and the connection gains nothing). An operator whose CRM is on their own network lists
// it in webhooks.allowedPrivateDestinations: an address, a network (CIDR) or a host name.

import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** A destination refused because it is internal; the message says why and what allows it. */
export class WebhookDestinationError extends Error {
  override readonly name = 'WebhookDestinationError';
}

const refusalAdvice = 'webhooks go to public addresses only, unless an operator lists the destination in webhooks.allowedPrivateDestinations';

/** Ranges no webhook goes to unless allowed: not on the public internet, or the engine host itself. */
const internalRanges: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // "this host": 0.0.0.0 connects to the engine's own ports
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT, a provider's inside
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, with the cloud metadata service
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, and broadcast
  // IPv4-mapped addresses (::ffff:a.b.c.d) are checked against the IPv4 ranges by BlockList.
  ['::', 96, 'ipv6'], // unspecified, loopback and IPv4-compatible
  // NAT64's well-known prefix (64:ff9b::/96) is judged by the IPv4 address it carries (nat64Ipv4):
  // on an IPv6-only network every public CRM has such an address. The local-use prefix is not.
  ['64:ff9b:1::', 48, 'ipv6'],
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated, still routed by some)
  ['ff00::', 8, 'ipv6'], // multicast
];

const internal = new BlockList();
for (const [network, prefix, family] of internalRanges) internal.addSubnet(network, prefix, family);

/** Names that only mean something inside a network (RFC 6761, 6762, 8375 and common practice). */
const internalSuffixes = ['.localhost', '.local', '.localdomain', '.internal', '.intranet', '.lan', '.home.arpa'];

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** A URL's host as a bare name or address: lower case, no IPv6 brackets, no trailing dot. */
function bareHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

export function isInternalAddress(address: string): boolean {
  const carried = nat64Ipv4(address);
  return carried !== null ? internal.check(carried, 'ipv4') : internal.check(address, familyOf(address));
}

/** The IPv4 address an address of NAT64's well-known prefix carries (its last 32 bits), else null. */
function nat64Ipv4(address: string): string | null {
  if (isIP(address) !== 6) return null;
  const canonical = new URL(`http://[${address}]`).hostname.slice(1, -1); // lower case, zeros compressed
  if (!canonical.startsWith('64:ff9b::')) return null;
  const groups = canonical.slice('64:ff9b::'.length).split(':').filter((group) => group !== '');
  if (groups.length > 2) return null;
  const bits = groups.reduce((value, group) => value * 0x10000 + Number.parseInt(group, 16), 0);
  return [24, 16, 8, 0].map((shift) => Math.floor(bits / 2 ** shift) % 256).join('.');
}

/** A host name that is internal by its form alone: one label, localhost, or an internal suffix. */
export function isInternalName(name: string): boolean {
  const host = bareHost(name);
  return !host.includes('.') || host === 'localhost' || internalSuffixes.some((suffix) => host.endsWith(suffix));
}

/** The destinations webhooks may go to; built once from the configuration. */
export class WebhookDestinations {
  private readonly allowedNetworks = new BlockList();
  private readonly allowedNames = new Set<string>();

  /** `allowed`: addresses, networks (`10.20.0.0/16`) or host names internal destinations may be. */
  constructor(allowed: readonly string[] = []) {
    for (const entry of allowed) this.allow(entry);
  }

  /** Why a webhook URL is refused by its form (an internal address or name), null when it is not. */
  urlRefusal(url: string): string | null {
    let host: string;
    try {
      host = bareHost(new URL(url).hostname);
    } catch {
      return 'not a URL';
    }
    if (this.allowedNames.has(host)) return null;
    if (isIP(host) !== 0) return this.addressAllowed(host) ? null : `${host} is a private, loopback or link-local address: ${refusalAdvice}`;
    return isInternalName(host) ? `${host} is an internal host name: ${refusalAdvice}` : null;
  }

  /** Throws WebhookDestinationError unless `url` may be posted to, judged by its form. */
  assertUrl(url: string): void {
    const refusal = this.urlRefusal(url);
    if (refusal !== null) throw new WebhookDestinationError(`webhook destination refused: ${refusal}`);
  }

  /**
   * A lookup for the connection to a webhook's host: every address the name resolves to is
   * checked, and one internal address refuses the whole name (a name answering with a public and a
   * private address would otherwise reach the private one on a later try). The connection then
   * goes to an address checked here, never to a second answer.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const host = bareHost(hostname);
      const refused = !this.allowedNames.has(host) && addresses.some((entry) => !this.addressAllowed(entry.address));
      if (refused) {
        const refusal = new WebhookDestinationError(`webhook destination refused: ${host} resolves to a private, loopback or link-local address: ${refusalAdvice}`);
        return callback(refusal, '', 0);
      }
      const usable = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
      const [first] = usable;
      if (!first) return callback(Object.assign(new Error(`${host} has no IPv${String(options.family)} address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return callback(null, usable);
      return callback(null, first.address, first.family);
    });
  };

  private addressAllowed(address: string): boolean {
    return !isInternalAddress(address) || this.allowedNetworks.check(address, familyOf(address));
  }

  private allow(entry: string): void {
    const [address = '', prefix] = entry.trim().split('/');
    const family = isIP(address);
    if (family === 0) {
      this.allowedNames.add(bareHost(entry.trim()));
      return;
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) this.allowedNetworks.addAddress(address, type);
    else this.allowedNetworks.addSubnet(address, Number(prefix), type);
  }
}
