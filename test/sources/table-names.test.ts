import { describe, expect, it } from 'vitest';
import { tableNameIn } from '../../src/sources/common/table-names.js';

describe('tableNameIn', () => {
  it('reads a table ARN (any partition), an index ARN, a bare name', () => {
    expect(tableNameIn('arn:aws:dynamodb:eu-west-1:111122223333:table/checkout-orders')).toEqual({ name: 'checkout-orders', region: 'eu-west-1', account: '111122223333' });
    expect(tableNameIn('arn:aws-cn:dynamodb:cn-north-1:111122223333:table/Orders.v2')).toEqual({ name: 'Orders.v2', region: 'cn-north-1', account: '111122223333' });
    expect(tableNameIn('arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/by-customer')).toEqual({ name: 'orders', region: 'us-east-1', account: '111122223333' });
    expect(tableNameIn(' checkout_orders ')).toEqual({ name: 'checkout_orders' });
  });

  it('takes no stream ARN, other service ARN, URL, host, too short or too odd a name', () => {
    expect(tableNameIn('arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026-01-01T00:00:00.000')).toBeUndefined();
    expect(tableNameIn('arn:aws:sqs:eu-west-1:111122223333:checkout-jobs')).toBeUndefined();
    expect(tableNameIn('https://sqs.eu-west-1.amazonaws.com/111122223333/checkout-jobs')).toBeUndefined();
    expect(tableNameIn('db.example.com:5432')).toBeUndefined();
    expect(tableNameIn('ab')).toBeUndefined();
    expect(tableNameIn('orders table')).toBeUndefined();
  });
});
