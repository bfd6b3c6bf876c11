import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { pad } from '../../bench/synthetic-org.js';

/**
 * The org benchmark's padding must change only the bytes read: every AWS
 * protocol the scanner uses (EC2 query XML, JSON 1.0, REST-JSON, REST-XML)
 * deserializes a padded answer to exactly what it gives for the plain one.
 */
const ANSWERS: Record<string, { type: string; body: string }> = {
  ec2: {
    type: 'text/xml',
    body: '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><subnetSet><item><subnetId>subnet-0a1b2c3d</subnetId><availabilityZone>ap-northeast-1a</availabilityZone><vpcId>vpc-01234567</vpcId></item></subnetSet></DescribeSubnetsResponse>',
  },
  dynamodb: { type: 'application/x-amz-json-1.0', body: '{"Table":{"TableName":"orders","TableStatus":"ACTIVE","ItemCount":3}}' },
  lambda: { type: 'application/json', body: '{"Functions":[{"FunctionName":"webhook","Runtime":"nodejs20.x","VpcConfig":{"SubnetIds":["subnet-0a1b2c3d"]}}]}' },
  route53: {
    type: 'text/xml',
    body: '<?xml version="1.0"?>\n<ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZones><HostedZone><Id>/hostedzone/Z1</Id><Name>example.com.</Name><CallerReference>c</CallerReference><Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>4</ResourceRecordSetCount></HostedZone></HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>',
  },
};

let server: Server;
let endpoint = '';
let padBytes = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const service = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
      const answer = ANSWERS[service];
      const body = pad(answer.body, padBytes);
      res.writeHead(200, { 'content-type': answer.type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

async function call(): Promise<unknown[]> {
  const config = { endpoint, region: 'ap-northeast-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const answers = await Promise.all([
    new EC2Client(config).send(new DescribeSubnetsCommand({})),
    new DynamoDBClient(config).send(new DescribeTableCommand({ TableName: 'orders' })),
    new LambdaClient(config).send(new ListFunctionsCommand({})),
    new Route53Client(config).send(new ListHostedZonesCommand({})),
  ]);
  return answers.map(({ $metadata: _, ...rest }) => rest);
}

describe('synthetic org padding', () => {
  it('adds the bytes asked for, to JSON objects and XML documents alike, and leaves an empty body alone', () => {
    for (const { body } of Object.values(ANSWERS)) expect(pad(body, 4096).length - body.length).toBeGreaterThanOrEqual(4096);
    expect(JSON.parse(pad('{}', 3))).toEqual({ ResilintBenchPadding: 'xxx' });
    expect(pad('', 4096)).toBe('');
    expect(pad('{"a":1}', 0)).toBe('{"a":1}');
  });

  it('deserializes to the same output as the unpadded answer in every protocol', async () => {
    padBytes = 0;
    const plain = await call();
    expect(plain[0]).toMatchObject({ Subnets: [{ SubnetId: 'subnet-0a1b2c3d', AvailabilityZone: 'ap-northeast-1a' }] });
    expect(plain[3]).toMatchObject({ HostedZones: [{ Id: '/hostedzone/Z1', Name: 'example.com.' }] });
    padBytes = 64 * 1024;
    expect(await call()).toEqual(plain);
  });
});
