/**
 * Pieces of the live source that need no AWS: credential refresh (injected
 * clock), rate limiting, error classification, progress rendering.
 */
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { CredentialCache, type TemporaryCredentials } from '../../src/sources/aws/credentials.js';
import { classifyError } from '../../src/sources/aws/errors.js';
import { createProgressRenderer } from '../../src/sources/aws/progress.js';
import { RateLimiters, TokenBucket } from '../../src/sources/aws/rate-limit.js';
import { ReadOnlyViolation } from '../../src/sources/aws/clients.js';
import { OrgScanError, scanOrganization } from '../../src/sources/aws/index.js';

describe('CredentialCache', () => {
  const fake = (now: () => number, ttlMs: number) => {
    const calls: string[] = [];
    const assume = async (id: string): Promise<TemporaryCredentials> => {
      calls.push(id);
      await new Promise((r) => setTimeout(r, 5));
      return { accessKeyId: `key-${id}-${calls.length}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(now() + ttlMs) };
    };
    return { calls, assume };
  };

  it('shares one AssumeRole between concurrent callers and reuses it while valid', async () => {
    let t = 1_000_000;
    const { calls, assume } = fake(() => t, 60 * 60_000);
    const cache = new CredentialCache(assume, { now: () => t });
    const [a, b] = await Promise.all([cache.get('111'), cache.get('111')]);
    expect(a).toBe(b);
    t += 50 * 60_000; // 10 minutes left
    expect(await cache.get('111')).toBe(a);
    expect(calls).toEqual(['111']);
  });

  it('assumes again once less than the margin (5 minutes) is left', async () => {
    let t = 0;
    const { calls, assume } = fake(() => t, 15 * 60_000);
    const cache = new CredentialCache(assume, { now: () => t });
    const first = await cache.get('222');
    t += 10 * 60_000 + 1; // 4:59 left
    const second = await cache.get('222');
    expect(second).not.toBe(first);
    expect(calls).toEqual(['222', '222']);
    expect(cache.assumed.get('222')).toBe(2);
    // The SDK calls the provider; it gets the refreshed credentials.
    expect(await cache.provider('222')()).toBe(second);
  });

  it('honours a custom margin and never refreshes credentials without expiry', async () => {
    let t = 0;
    const { calls, assume } = fake(() => t, 15 * 60_000);
    const cache = new CredentialCache(assume, { now: () => t, refreshMarginMs: 14 * 60_000 });
    await cache.get('333');
    t += 61_000;
    await cache.get('333');
    expect(calls).toHaveLength(2);
    const noExpiry = new CredentialCache(async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }), { now: () => t });
    const c = await noExpiry.get('444');
    t += 10 * 3600_000;
    expect(await noExpiry.get('444')).toBe(c);
  });

  it('remembers a denied AssumeRole (one call per account, whatever the Regions)', async () => {
    let n = 0;
    const cache = new CredentialCache(async () => {
      n++;
      throw Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' });
    });
    await expect(cache.get('555')).rejects.toThrow(/not authorized/);
    await expect(cache.get('555')).rejects.toThrow(/not authorized/);
    expect(n).toBe(1);
  });
});

describe('rate limits', () => {
  // Fake clock: the bucket reads Date.now and waits with setTimeout, both driven by vitest here.
  it('lets a burst through at once, then keeps to the sustained rate, first come first served', async () => {
    vi.useFakeTimers();
    try {
      const b = new TokenBucket({ perSecond: 50, burst: 5 });
      const order: number[] = [];
      const all = Promise.all(Array.from({ length: 15 }, (_, i) => b.acquire().then(() => order.push(i))));
      await vi.advanceTimersByTimeAsync(0);
      expect(order).toEqual([0, 1, 2, 3, 4]); // the burst
      await vi.advanceTimersByTimeAsync(110); // 50/s: 5 more tokens in 100 ms
      expect(order.length).toBe(10);
      await vi.advanceTimersByTimeAsync(110);
      await all;
      expect(order).toEqual([...Array(15).keys()]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps one bucket per family and scope', async () => {
    vi.useFakeTimers();
    try {
      const limiters = new RateLimiters({ ecs: { perSecond: 1, burst: 1 } });
      let done = 0;
      for (const [family, scope] of [['ecs', '111|ap-northeast-1'], ['ecs', '222|ap-northeast-1'], ['rds', '111|ap-northeast-1']] as const) {
        void limiters.acquire(family, scope).then(() => done++);
      }
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(3); // three buckets, none waits for another
      let again = false;
      void limiters.acquire('ecs', '111|ap-northeast-1').then(() => (again = true));
      await vi.advanceTimersByTimeAsync(500);
      expect(again).toBe(false); // the same bucket is empty until its next token at 1/s
      await vi.advanceTimersByTimeAsync(600);
      expect(again).toBe(true);
      expect(() => new TokenBucket({ perSecond: 0, burst: 1 })).toThrow();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('classifyError', () => {
  const err = (name: string, message = 'x', extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

  it('tells Region-wide failures from single-API ones', () => {
    expect(classifyError(err('TimeoutError'))).toMatchObject({ code: 'TimeoutError', scope: 'region' });
    expect(classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ code: 'ECONNREFUSED', scope: 'region' });
    expect(classifyError(err('UnrecognizedClientException'))).toMatchObject({ scope: 'region' });
    expect(classifyError(err('AuthFailure'))).toMatchObject({ scope: 'region' });
    expect(classifyError(err('AccessDeniedException', 'not authorized'))).toEqual({ code: 'AccessDeniedException', message: 'not authorized', scope: 'call' });
    expect(classifyError(err('UnauthorizedOperation'))).toMatchObject({ scope: 'call' });
    expect(classifyError(err('ThrottlingException'))).toMatchObject({ scope: 'call' });
    expect(classifyError(err('UnknownError', 'UnknownError', { $metadata: { httpStatusCode: 502 } }))).toMatchObject({ code: 'UnknownError', message: 'UnknownError (HTTP 502)' });
  });

  it('never turns a read-only violation into a coverage gap', () => {
    expect(() => classifyError(new ReadOnlyViolation('ecs:CreateCluster'))).toThrow(ReadOnlyViolation);
  });
});

describe('progress rendering', () => {
  const sink = () => {
    let text = '';
    const stream = new Writable({
      write(chunk, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    });
    return { stream, text: () => text };
  };

  it('writes plain periodic lines when the stream is not a terminal', () => {
    const s = sink();
    let t = 0;
    const r = createProgressRenderer({ stream: s.stream, isTTY: false, intervalMs: 10_000, now: () => t });
    r.update({ done: 0, total: 124, errors: 0 });
    r.update({ done: 1, total: 124, current: 'technova-sales-prod-app', errors: 0 }); // too soon: skipped
    t = 10_000;
    r.update({ done: 30, total: 124, current: 'technova-mfg-dev-db', errors: 2 });
    r.stop();
    expect(s.text().split('\n').filter(Boolean)).toEqual([
      'resilint: accounts 0/124 (0%), 0 errors',
      'resilint: accounts 30/124 (24%), 2 errors, current technova-mfg-dev-db',
      'resilint: accounts 30/124 (24%), 2 errors — done',
    ]);
  });

  it('draws a cli-progress bar on a terminal', () => {
    const s = sink();
    const r = createProgressRenderer({ stream: s.stream, isTTY: true });
    r.update({ done: 0, total: 4, errors: 0, current: 'a' });
    r.update({ done: 4, total: 4, errors: 1, current: 'd' });
    r.stop();
    expect(s.text()).toMatch(/accounts .*4\/4 \| errors 1/);
  });
});

describe('request errors (the CLI exits 2), before any AWS call', () => {
  it('refuses an empty Region list, a Config scan without aggregator, and role parameters AWS would refuse for every account', async () => {
    await expect(scanOrganization({ regions: [] })).rejects.toMatchObject({ name: 'OrgScanError', code: 'usage' });
    await expect(scanOrganization({ regions: ['ap-northeast-1'], source: 'config' })).rejects.toThrow(/--config-aggregator/);
    await expect(scanOrganization({ regions: ['ap-northeast-1'], sessionName: 'x' })).rejects.toBeInstanceOf(OrgScanError);
    await expect(scanOrganization({ regions: ['ap-northeast-1'], durationSeconds: 60 })).rejects.toThrow(/900–43200/);
  });
});
