/**
 * The client factory's savings (src/sources/aws/clients.ts) change nothing
 * that is sent: one client per scope object and family, and configuration
 * providers lent from a family's first client to the next. An HTTP handler
 * that records each request stands in for the network.
 */
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DescribeAvailabilityZonesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CallStats, ClientFactory, type ClientScope } from '../../src/sources/aws/clients.js';
import { RateLimiters } from '../../src/sources/aws/rate-limit.js';

interface Sent {
  hostname: string;
  authorization: string;
}

function recordingHandler(sent: Sent[]) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    handle: async (req: { hostname: string; headers: Record<string, string> }) => {
      sent.push({ hostname: req.hostname, authorization: req.headers.authorization ?? '' });
      const body = '<DescribeAvailabilityZonesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><availabilityZoneInfo/></DescribeAvailabilityZonesResponse>';
      return { response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(body)]) } };
    },
  };
}

const creds = (id: string) => ({ accessKeyId: id, secretAccessKey: 'secret' });

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['AWS_USE_DUALSTACK_ENDPOINT', 'AWS_USE_FIPS_ENDPOINT']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('ClientFactory client reuse', () => {
  it('the same scope object and family give one client; another family, scope object or changed scope a new one', () => {
    const factory = new ClientFactory({ limiters: new RateLimiters(), stats: new CallStats(), requestHandler: recordingHandler([]) });
    const scope: ClientScope = { accountId: '111111111111', region: 'eu-west-1', credentials: creds('AKIDONE') };
    const ec2 = factory.client('ec2', scope);
    expect(factory.client('ec2', scope)).toBe(ec2);
    expect(factory.client('rds', scope)).not.toBe(ec2);
    expect(factory.client('ec2', { ...scope })).not.toBe(ec2);
    scope.credentials = creds('AKIDTWO');
    const renewed = factory.client('ec2', scope);
    expect(renewed).not.toBe(ec2);
    expect(factory.client('ec2', scope)).toBe(renewed);
  });

  it('a shared client signs with its scope and counts every call, as separate clients did', async () => {
    const sent: Sent[] = [];
    const stats = new CallStats();
    const factory = new ClientFactory({ limiters: new RateLimiters(), stats, requestHandler: recordingHandler(sent) });
    const a: ClientScope = { accountId: '111111111111', region: 'eu-west-1', credentials: creds('AKIDAAAA') };
    const b: ClientScope = { accountId: '222222222222', region: 'ap-northeast-1', credentials: creds('AKIDBBBB') };
    await factory.client('ec2', a).send(new DescribeAvailabilityZonesCommand({}));
    await factory.client('ec2', b).send(new DescribeAvailabilityZonesCommand({}));
    await factory.client('ec2', a).send(new DescribeAvailabilityZonesCommand({}));
    expect(sent.map((s) => s.hostname)).toEqual(['ec2.eu-west-1.amazonaws.com', 'ec2.ap-northeast-1.amazonaws.com', 'ec2.eu-west-1.amazonaws.com']);
    expect(sent.map((s) => /Credential=([^/]+)\/\d+\/([^/]+)\//.exec(s.authorization)?.slice(1))).toEqual([
      ['AKIDAAAA', 'eu-west-1'],
      ['AKIDBBBB', 'ap-northeast-1'],
      ['AKIDAAAA', 'eu-west-1'],
    ]);
    expect(stats.toJSON().byAction['ec2:DescribeAvailabilityZones']).toEqual({ calls: 3, attempts: 3, failures: 0 });
    expect(Object.fromEntries(stats.attemptsByScope)).toEqual({ '111111111111|eu-west-1': 2, '222222222222|ap-northeast-1': 1 });
  });

  it('lent providers resolve what the SDK resolves on its own: environment settings reach every client, per-Region FIPS stays per Region', async () => {
    process.env.AWS_USE_DUALSTACK_ENDPOINT = 'true';
    const sent: Sent[] = [];
    const handler = recordingHandler(sent);
    const factory = new ClientFactory({ limiters: new RateLimiters(), stats: new CallStats(), requestHandler: handler });
    // A FIPS pseudo-Region first: what its first client says must not reach the clients of ordinary Regions.
    const regions = ['fips-us-east-1', 'eu-west-1', 'us-east-1'];
    for (const [i, region] of regions.entries()) {
      await factory.client('ec2', { accountId: `11111111111${i}`, region, credentials: creds('AKIDSAME') }).send(new DescribeAvailabilityZonesCommand({}));
    }
    // The same calls through plain SDK clients, each resolving its own configuration.
    const plain: Sent[] = [];
    for (const region of regions) {
      await new EC2Client({ region, credentials: creds('AKIDSAME'), requestHandler: recordingHandler(plain) }).send(new DescribeAvailabilityZonesCommand({}));
    }
    expect(sent.map((s) => s.hostname)).toEqual(plain.map((s) => s.hostname));
    expect(sent.map((s) => s.hostname)).toEqual(['ec2-fips.us-east-1.api.aws', 'ec2.eu-west-1.api.aws', 'ec2.us-east-1.api.aws']);
  });

  it("the caller's explicit settings win over lent providers", async () => {
    process.env.AWS_USE_DUALSTACK_ENDPOINT = 'true';
    const sent: Sent[] = [];
    const factory = new ClientFactory({ limiters: new RateLimiters(), stats: new CallStats(), requestHandler: recordingHandler(sent), clientConfig: { useDualstackEndpoint: false } });
    for (const region of ['eu-west-1', 'eu-west-2']) {
      await factory.client('ec2', { accountId: '111111111111', region, credentials: creds('AKIDSAME') }).send(new DescribeAvailabilityZonesCommand({}));
    }
    expect(sent.map((s) => s.hostname)).toEqual(['ec2.eu-west-1.amazonaws.com', 'ec2.eu-west-2.amazonaws.com']);
  });
});
