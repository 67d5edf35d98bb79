/**
 * The client's address for the per-address limits (failed join codes). Behind a reverse proxy every connection
 * comes from the proxy, so `GRADFLOW_TRUST_PROXY` names the proxies whose `X-Forwarded-For` is believed: when the
 * peer is one of them, the address is the right-most `X-Forwarded-For` entry that is not a trusted proxy itself.
 * A header from any other peer is ignored (a student cannot pick the address their failures count against).
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** What the per-address limits call the peer when the socket has no address (already closed). */
const UNKNOWN = 'unknown';

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * Parses `GRADFLOW_TRUST_PROXY`: comma-separated addresses and subnets (`127.0.0.1`, `10.0.0.0/8`, `::1`,
 * `fd00::/8`). Returns the entries, or a message naming the first bad one.
 */
export function parseTrustedProxies(value: string): { ok: true; entries: string[] } | { ok: false; message: string } {
  const entries = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (entries.length === 0) return { ok: false, message: 'list the proxies’ addresses or subnets, comma-separated' };
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (family === 0 || !prefixOk || extra !== undefined) {
      return { ok: false, message: `"${entry}" is not an IP address or subnet (like 127.0.0.1, 10.0.0.0/8 or ::1)` };
    }
  }
  return { ok: true, entries };
}

/**
 * A reader of the client's address. Without trusted proxies it is the socket's peer; with them, see the module
 * comment. `entries` must have passed {@link parseTrustedProxies}.
 */
export function clientAddressReader(entries: readonly string[] | undefined): (req: IncomingMessage) => string {
  const peer = (req: IncomingMessage) => normalise(req.socket.remoteAddress ?? UNKNOWN);
  if (!entries || entries.length === 0) return peer;
  const trusted = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) trusted.addAddress(address, type);
    else trusted.addSubnet(address, Number(bits), type);
  }
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (req) => {
    let address = peer(req);
    if (!isTrusted(address)) return address;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => normalise(s.trim()));
    // Right to left: each trusted proxy vouches for the entry it appended, up to the first address that is not a proxy.
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] ?? '';
      if (isIP(hop) === 0) return address;
      address = hop;
      if (!isTrusted(hop)) return hop;
    }
    return address;
  };
}
