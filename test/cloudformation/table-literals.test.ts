import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCloudFormation } from '../../src/sources/cloudformation/index.js';

// A function that names its tables by literal TableName or ARN, as templates do when the table lives in another
// stack of the same scan (or was written before the table got a !Ref): the scanned table of that name, not a guess.
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: checkout-orders
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - { AttributeName: pk, AttributeType: S }
      KeySchema:
        - { AttributeName: pk, KeyType: HASH }
  SessionsTable:
    Type: AWS::Serverless::SimpleTable
    Properties:
      TableName: checkout-sessions
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Environment:
        Variables:
          ORDERS: checkout-orders
          ORDERS_ARN: arn:aws:dynamodb:eu-west-1:123456789012:table/checkout-orders/index/by-customer
          ORDERS_ELSEWHERE: arn:aws:dynamodb:us-east-1:123456789012:table/checkout-orders
          SESSIONS: !Ref SessionsTable
          NOT_A_TABLE: checkout-nothing
          QUEUE_URL: https://sqs.eu-west-1.amazonaws.com/123456789012/checkout-orders
`;

describe('CloudFormation: a literal table name or ARN in a workload environment', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'resilint-table-literals-'));
    await writeFile(join(dir, 'app.yaml'), TEMPLATE);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('connects to the scanned table of that name, at the variable; another Region\'s ARN, a name of no table and a URL name none', async () => {
    const out = await scanCloudFormation({ root: dir, files: [join(dir, 'app.yaml')], region: 'eu-west-1' });
    expect(out.errors).toEqual([]);
    const edges = out.edges
      .filter((e) => e.kind === 'connects-to')
      .map((e) => `${e.to.split('/').pop()} ${String(e.data?.variable)} @ ${e.location?.line}`)
      .sort();
    expect(edges).toEqual(['OrdersTable ORDERS @ 25', 'OrdersTable ORDERS_ARN @ 26', 'SessionsTable SESSIONS @ 28']);
  });

  it('without a known Region the ARN of any Region names the table of that name (it cannot be told apart)', async () => {
    const out = await scanCloudFormation({ root: dir, files: [join(dir, 'app.yaml')] });
    const vars = out.edges.filter((e) => e.kind === 'connects-to' && e.to.endsWith('/OrdersTable')).map((e) => String(e.data?.variable));
    expect(vars.sort()).toEqual(['ORDERS', 'ORDERS_ARN', 'ORDERS_ELSEWHERE']);
  });
});
