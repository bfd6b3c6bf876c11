/**
 * `AWS::Lambda::Function` `Environment.Variables` → `connects-to` edges to
 * the databases and caches its variables name (`DB_HOST: !GetAtt
 * Db.Endpoint.Address`, `!Sub "postgresql://${Db.Endpoint.Address}:5432/app"`,
 * `REDIS_HOST: !GetAtt Sessions.PrimaryEndPoint.Address`), at the variable's
 * key in the template.
 */
import { Unknown } from '../../../graph/values.js';
import type { SourceValue } from '../../common/coerce.js';
import { variableReferences } from '../../common/data-references.js';
import { linkDataReference, linkUnreadable, type DataLinkHost } from './data-links.js';
import type { TaskDefinitionBuilder } from './ecs-task-definition.js';

export function lambdaEnvironment(b: TaskDefinitionBuilder, host: DataLinkHost): void {
  const env = b.get('Environment');
  if (env instanceof Unknown) {
    linkUnreadable(b, host, 'Environment', env);
    return;
  }
  const read = variableReferences(b.get('Environment.Variables') as SourceValue | undefined, 'Environment.Variables');
  if (read instanceof Unknown) {
    linkUnreadable(b, host, 'Environment.Variables', read);
    return;
  }
  for (const r of read) linkDataReference(b, host, r, b.locAt(['Environment', 'Variables', r.variable as string]));
}
