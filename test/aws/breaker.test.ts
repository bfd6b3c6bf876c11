/**
 * Region circuit breakers (src/sources/aws/breaker.ts): counting only, no
 * clock — and the client factory's use of them, with an HTTP handler that
 * fails on demand instead of a network (no wall-clock timeout involved).
 */
import { describe, expect, it } from 'vitest';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CircuitOpenError, RegionBreakers, type BreakerEvent } from '../../src/sources/aws/breaker.js';
import { CallStats, ClientFactory } from '../../src/sources/aws/clients.js';
import { classifyError } from '../../src/sources/aws/errors.js';
import { RateLimiters } from '../../src/sources/aws/rate-limit.js';

const R = 'eu-west-1';

describe('RegionBreakers', () => {
  it('opens an account × Region after N consecutive timeouts, not before', () => {
    const events: BreakerEvent[] = [];
    const b = new RegionBreakers(3, (e) => events.push(e));
    b.timedOut('111111111111', R);
    b.timedOut('111111111111', R);
    expect(b.openReason('111111111111', R)).toBeUndefined();
    b.timedOut('111111111111', R);
    expect(b.openReason('111111111111', R)?.level).toBe('account-region');
    expect(() => b.check('111111111111', R)).toThrow(CircuitOpenError);
    // Other accounts and other Regions of the same account are untouched.
    expect(b.openReason('222222222222', R)).toBeUndefined();
    expect(b.openReason('111111111111', 'eu-west-2')).toBeUndefined();
    expect(events).toEqual([{ level: 'account-region', accountId: '111111111111', region: R }]);
  });

  it('an answer in between resets the count: the timeouts must be consecutive', () => {
    const b = new RegionBreakers(3);
    b.timedOut('111111111111', R);
    b.timedOut('111111111111', R);
    b.answered('111111111111', R);
    b.timedOut('111111111111', R);
    b.timedOut('111111111111', R);
    expect(b.openReason('111111111111', R)).toBeUndefined();
  });

  it('opens the Region once N of its account × Regions opened with no answer from it in between', () => {
    const b = new RegionBreakers(2);
    for (let i = 0; i < 2; i++) b.timedOut('111111111111', R);
    expect(b.regionsOpen).toEqual([]);
    for (let i = 0; i < 2; i++) b.timedOut('222222222222', R);
    expect(b.regionsOpen).toEqual([R]);
    const why = b.openReason('333333333333', R);
    expect(why?.level).toBe('region');
    expect(why?.reason).toContain('did not answer in 2 accounts');
  });

  it('one account that does not answer does not close the Region while others answer', () => {
    const b = new RegionBreakers(2);
    b.timedOut('111111111111', R);
    b.timedOut('111111111111', R);
    b.answered('222222222222', R);
    b.timedOut('333333333333', R);
    b.timedOut('333333333333', R);
    expect(b.regionsOpen).toEqual([]);
    expect(b.openReason('222222222222', R)).toBeUndefined();
    expect(b.openReason('333333333333', R)?.level).toBe('account-region');
  });

  it('Infinity disables it; less than 1 is refused', () => {
    const b = new RegionBreakers(Infinity);
    for (let i = 0; i < 100; i++) b.timedOut('111111111111', R);
    expect(b.openReason('111111111111', R)).toBeUndefined();
    expect(() => new RegionBreakers(0)).toThrow(RangeError);
  });

  it('a short-circuited call is a Region-level gap, never retried', () => {
    const c = classifyError(new CircuitOpenError('111111111111', R, 'region', 'eu-west-1 did not answer'));
    expect(c).toMatchObject({ code: 'CircuitOpen', scope: 'region' });
  });
});

/** An HTTP handler that times out (the error NodeHttpHandler raises) or answers from a script. */
function scriptedHandler(timesOut: (host: string) => boolean) {
  let sent = 0;
  return {
    get sent() {
      return sent;
    },
    handler: {
      metadata: { handlerProtocol: 'http/1.1' },
      async handle(request: { hostname: string }) {
        sent++;
        if (timesOut(request.hostname)) throw Object.assign(new Error('socket timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' });
        const body = request.hostname.startsWith('sts')
          ? '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111111111111</Account></GetCallerIdentityResult></GetCallerIdentityResponse>'
          : '<DescribeVpcsResponse><vpcSet/></DescribeVpcsResponse>';
        const { Readable } = await import('node:stream');
        return { response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(body)]) } };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    },
  };
}

describe('the client factory with breakers', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
  const factory = (h: ReturnType<typeof scriptedHandler>, breakers: RegionBreakers, stats = new CallStats()) =>
    new ClientFactory({ limiters: new RateLimiters(), stats, maxAttempts: 5, requestHandler: h.handler, breakers });

  it('stops retrying into an account × Region once its breaker opens, and sends nothing more there', async () => {
    const h = scriptedHandler((host) => host.includes(R));
    const stats = new CallStats();
    const f = factory(h, new RegionBreakers(2), stats);
    const ec2 = f.client('ec2', { accountId: '111111111111', region: R, credentials });
    // Attempt 1 and 2 time out (the SDK retries a timeout), attempt 3 meets the open breaker.
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: 'CircuitOpen' });
    expect(h.sent).toBe(2);
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(h.sent).toBe(2);
    expect(stats.shortCircuited).toBe(2);
    expect(stats.unsent).toBe(1);
    expect(stats.attempts).toBe(2);
    // The first call retried once before the breaker stopped it; the second was never sent.
    expect(stats.retries).toBe(1);
    // Another Region of the same account is still asked.
    const other = f.client('ec2', { accountId: '111111111111', region: 'eu-west-2', credentials });
    await expect(other.send(new DescribeVpcsCommand({}))).resolves.toBeDefined();
  }, 30_000);

  it('never short-circuits the caller-side STS calls', async () => {
    const breakers = new RegionBreakers(1);
    breakers.timedOut('111111111111', R);
    breakers.timedOut('222222222222', R);
    expect(breakers.regionsOpen).toEqual([R]);
    const h = scriptedHandler(() => false);
    const sts = factory(h, breakers).client('sts', { accountId: '111111111111', region: R, credentials });
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '111111111111' });
  });
});
