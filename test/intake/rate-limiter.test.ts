import { describe, expect, test } from 'vitest';
import { clientKey, RateLimiter } from '../../scripts/adapters/http/rate-limiter.ts';

describe('rate limiter', () => {
  test('allows a burst, then says how long to wait; the allowance refills over time', () => {
    let now = 0;
    const limiter = new RateLimiter({ count: 3, perMs: 60_000 }, { now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take('b')).toEqual({ ok: true });
    now += 20_000;
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a').ok).toBe(false);
  });

  test('memory stays bounded however many clients there are', () => {
    const limiter = new RateLimiter({ count: 1, perMs: 1_000 }, { maxClients: 100 });
    for (let i = 0; i < 10_000; i += 1) limiter.take(`client-${i}`);
    expect(limiter.take('client-9999').ok).toBe(false);
  });

  test.each([
    [{ socketAddress: '203.0.113.9', forwardedFor: null, trustProxy: false }, '203.0.113.9'],
    [{ socketAddress: '::ffff:203.0.113.9', forwardedFor: null, trustProxy: false }, '203.0.113.9'],
    [{ socketAddress: '10.0.0.1', forwardedFor: '198.51.100.7, 203.0.113.9', trustProxy: true }, '203.0.113.9'],
    [{ socketAddress: '10.0.0.1', forwardedFor: '198.51.100.7', trustProxy: false }, '10.0.0.1'],
    [{ socketAddress: '2001:db8:1:2:aaaa::1', forwardedFor: null, trustProxy: false }, '2001:db8:1:2::/64'],
    [{ socketAddress: '2001:0db8::1', forwardedFor: null, trustProxy: false }, '2001:db8:0:0::/64'],
    [{ socketAddress: '::1', forwardedFor: null, trustProxy: false }, '0:0:0:0::/64'],
  ])('client key of %o is %s', (input, key) => {
    expect(clientKey(input)).toBe(key);
  });
});
