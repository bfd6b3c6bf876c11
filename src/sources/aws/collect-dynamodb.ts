/**
 * DynamoDB tables of one account × Region: ListTables, then per table
 * DescribeTable (key settings, deletion protection, global table replicas),
 * DescribeContinuousBackups (point-in-time recovery) and ListTagsOfResource
 * (the tier tags). None of the three batches several tables.
 *
 * A table whose backups or tags cannot be read is still collected, with the
 * reason under `ContinuousBackupsUnavailable` / `TagsUnavailable`: the
 * normalizer turns it into an unknown PITR / unknown tags (never "off", never
 * "untagged"); the failed call is a coverage gap as every other.
 */
import { DescribeContinuousBackupsCommand, DescribeTableCommand, ListTagsOfResourceCommand, paginateListTables, type Tag } from '@aws-sdk/client-dynamodb';
import { all, plain, type Scope, type Step, type UnitContext } from './collect.js';
import { push, type UnitData } from './unit.js';

export async function collectTables(ctx: UnitContext, unit: UnitData, step: Step, scope: Scope): Promise<void> {
  const ddb = ctx.factory.client('dynamodb', scope);
  const names = await step('dynamodb:ListTables', ['tables'], () => all(paginateListTables({ client: ddb, pageSize: 100 }, {}), (p) => p.TableNames));
  if (!names) return;
  let complete = true;
  for (const name of names) {
    const table = await step('dynamodb:DescribeTable', [], async () => (await ddb.send(new DescribeTableCommand({ TableName: name }))).Table);
    if (!table) {
      // Deleted meanwhile, or the call failed (then a gap says so).
      complete = false;
      continue;
    }
    const data = plain(table);
    const backups = await step('dynamodb:DescribeContinuousBackups', [], async () => (await ddb.send(new DescribeContinuousBackupsCommand({ TableName: name }))).ContinuousBackupsDescription ?? null);
    if (backups === undefined) data.ContinuousBackupsUnavailable = `dynamodb:DescribeContinuousBackups failed in ${ctx.account.id}/${ctx.region}`;
    else if (backups !== null) data.ContinuousBackupsDescription = plain(backups);
    if (table.TableArn) {
      const arn = table.TableArn;
      const tags = await step('dynamodb:ListTagsOfResource', [], async () => {
        const out: Tag[] = [];
        let next: string | undefined;
        do {
          const page = await ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken: next }));
          out.push(...(page.Tags ?? []));
          next = page.NextToken;
        } while (next);
        return out;
      });
      if (tags === undefined) data.TagsUnavailable = `dynamodb:ListTagsOfResource failed in ${ctx.account.id}/${ctx.region}`;
      else data.Tags = plain(tags);
    }
    push(unit, 'tables', data);
  }
  if (!complete && !unit.missing.has('tables')) unit.missing.set('tables', 'some DynamoDB tables could not be described');
}
