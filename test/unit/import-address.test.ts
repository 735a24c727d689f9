import { classifyAddress, isPublicAddress } from '../../src/import/address';
import { checkFetchUrl } from '../../src/import/fetch';

describe('which addresses an import may connect to (production rule)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456:789a::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::', '6to4'],
    ['::ffff:7f00:1', 'loopback'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'discard'],
  ])('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, range });
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700:4700::1111', '2a00:1450:4001:82a::200e', '::ffff:93.184.216.34'])(
    'allows public %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('refuses what is not an address, and a link-local address with an interface', () => {
    expect(classifyAddress('example.org').allowed).toBe(false);
    expect(classifyAddress('fe80::1%eth0').allowed).toBe(false);
    expect(classifyAddress('').allowed).toBe(false);
  });
});

describe('which URLs an import may fetch', () => {
  it('reads webcal:// as https://, keeps http(s)', () => {
    const webcal = checkFetchUrl('webcal://calendar.example.org/feed.ics?x=1');
    expect(webcal.ok && webcal.url.href).toBe('https://calendar.example.org/feed.ics?x=1');
    const http = checkFetchUrl('http://example.org/e/1');
    expect(http.ok && http.url.protocol).toBe('http:');
  });

  it.each([['file:///etc/passwd'], ['ftp://example.org/x.ics'], ['gopher://example.org'], ['javascript:alert(1)'], ['data:text/calendar,BEGIN']])(
    'refuses the scheme of %s',
    (input) => {
      expect(checkFetchUrl(input)).toEqual({ ok: false, kind: 'unsupported_scheme' });
    },
  );

  it('refuses credentials in the URL and text that is no URL', () => {
    expect(checkFetchUrl('https://user:pass@example.org/')).toEqual({ ok: false, kind: 'bad_url' });
    expect(checkFetchUrl('not a link')).toEqual({ ok: false, kind: 'bad_url' });
  });

  it('resolves a relative redirect against the page it came from', () => {
    const next = checkFetchUrl('/feed.ics', 'https://example.org/calendar/');
    expect(next.ok && next.url.href).toBe('https://example.org/feed.ics');
  });
});
