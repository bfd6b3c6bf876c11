/**
 * What a moto test needs to create a Lambda function: a one-file zip (with
 * its CRC, which moto checks) and an execution role (IAM CreateRole as a raw
 * query call: the IAM SDK client is not a dependency), for every moto test
 * that seeds functions.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import { deflateRawSync } from 'node:zlib';

/** A one-file zip (index.py), enough for Lambda's CreateFunction. */
export function zip(name: string, text: string): Buffer {
  const data = Buffer.from(text);
  const deflated = deflateRawSync(data);
  const crc = crc32(data);
  const nameBuf = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  const localLen = local.length + nameBuf.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBuf.length, 12);
  end.writeUInt32LE(localLen, 16);
  return Buffer.concat([local, nameBuf, deflated, central, nameBuf, end]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** IAM CreateRole as a raw query request (moto reads the account from the access key). */
export async function createRole(endpoint: string, creds: AwsCredentialIdentity, name: string): Promise<string> {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: name,
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  });
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
  };
  if (creds.sessionToken) headers['x-amz-security-token'] = creds.sessionToken;
  const res = await fetch(`${endpoint}/`, { method: 'POST', body, headers: { ...headers, host: 'iam.amazonaws.com' } });
  const text = await res.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!res.ok || !arn) throw new Error(`CreateRole failed: ${res.status} ${text.slice(0, 300)}`);
  return arn;
}
