/**
 * What a moto test needs to create a Lambda function: a one-file zip (with
 * its CRC, which moto checks) and an execution role (IAM CreateRole as a raw
 * query call: the IAM SDK client is not a dependency), for every moto test
 * that seeds functions.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import { zip as zipArchive } from '../module-servers.js';

/** A one-file zip (index.py), enough for Lambda's CreateFunction. */
export function zip(name: string, text: string): Buffer {
  return zipArchive([{ name, data: text }]);
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
