/**
 * A DynamoDB table named by a workload's configuration value: its ARN
 * (`arn:aws:dynamodb:eu-west-1:123456789012:table/orders`, or one of its
 * indexes' ARNs, `…:table/orders/index/by-customer`) or the bare table name.
 * A stream ARN (`…/stream/<label>`) is read through an event source mapping,
 * not named for requests: it is not taken. Every source matches the name
 * against the tables it scanned, in the workload's own root module, stack or
 * account × Region; a value matching no table names none (as for hosts).
 */

export interface TableName {
  name: string;
  /** From an ARN; absent for a bare name. */
  region?: string;
  account?: string;
}

/** DynamoDB table names: 3 to 255 of a-z, A-Z, 0-9, `_`, `-`, `.`. */
const NAME = '[A-Za-z0-9_.-]{3,255}';
const BARE = new RegExp(`^${NAME}$`);
const ARN = new RegExp(`^arn:aws[a-z-]*:dynamodb:([a-z0-9-]*):(\\d*):table/(${NAME})(?:/index/[^/]+)?$`);

/** The table a written value may name; undefined when it cannot be a table's name or ARN (a URL, a host, a stream ARN). */
export function tableNameIn(value: string): TableName | undefined {
  const v = value.trim();
  const m = ARN.exec(v);
  if (m) return { name: m[3], ...(m[1] ? { region: m[1] } : {}), ...(m[2] ? { account: m[2] } : {}) };
  if (v.startsWith('arn:')) return undefined;
  return BARE.test(v) ? { name: v } : undefined;
}
