import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressReader, parseTrustedProxies } from './client-address';

/** A request as the reader sees it: the socket's peer and the headers. */
function request(peer: string | undefined, forwardedFor?: string | string[]): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('clientAddressReader', () => {
  it('without trusted proxies is the peer, whatever X-Forwarded-For says', () => {
    const read = clientAddressReader(undefined);
    expect(read(request('192.0.2.7', '203.0.113.5'))).toBe('192.0.2.7');
    expect(read(request('::ffff:192.0.2.7'))).toBe('192.0.2.7');
    expect(read(request(undefined))).toBe('unknown');
  });

  it('behind a trusted proxy is the address the proxy appended', () => {
    const read = clientAddressReader(['127.0.0.1']);
    expect(read(request('127.0.0.1', '203.0.113.5'))).toBe('203.0.113.5');
    expect(read(request('::ffff:127.0.0.1', '203.0.113.5'))).toBe('203.0.113.5');
    // What a student put in the header themself stays to the left of what the proxy appended.
    expect(read(request('127.0.0.1', '198.51.100.1, 203.0.113.5'))).toBe('203.0.113.5');
    // A proxy that sent no header: the proxy is the client.
    expect(read(request('127.0.0.1'))).toBe('127.0.0.1');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const read = clientAddressReader(['127.0.0.1']);
    expect(read(request('192.0.2.7', '203.0.113.5'))).toBe('192.0.2.7');
  });

  it('walks through a chain of trusted proxies (subnets, IPv6) to the first address that is not one', () => {
    const read = clientAddressReader(['10.0.0.0/8', '::1']);
    expect(read(request('::1', '198.51.100.1, 203.0.113.5, 10.1.2.3'))).toBe('203.0.113.5');
    expect(read(request('10.9.9.9', ['198.51.100.1', '203.0.113.5, 10.1.2.3']))).toBe('203.0.113.5');
    // Only proxies in the chain: the left-most of them.
    expect(read(request('10.9.9.9', '10.0.0.2, 10.1.2.3'))).toBe('10.0.0.2');
    // Garbage to the left of a proxy's entry: the last address a trusted proxy vouched for.
    expect(read(request('10.9.9.9', 'not-an-address, 10.1.2.3'))).toBe('10.1.2.3');
    expect(read(request('10.9.9.9', '2001:db8::5'))).toBe('2001:db8::5');
  });
});

describe('parseTrustedProxies', () => {
  it('accepts addresses and subnets of both families and names the first bad entry', () => {
    expect(parseTrustedProxies('127.0.0.1,10.0.0.0/8, fd00::/8')).toEqual({ ok: true, entries: ['127.0.0.1', '10.0.0.0/8', 'fd00::/8'] });
    expect(parseTrustedProxies('fd00::/129')).toMatchObject({ ok: false, message: expect.stringContaining('"fd00::/129"') });
    expect(parseTrustedProxies('10.0.0.0/x')).toMatchObject({ ok: false, message: expect.stringContaining('"10.0.0.0/x"') });
    expect(parseTrustedProxies('localhost')).toMatchObject({ ok: false, message: expect.stringContaining('"localhost"') });
  });
});
