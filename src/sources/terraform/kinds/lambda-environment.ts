/**
 * `aws_lambda_function` `environment { variables = { … } }` → `connects-to`
 * edges to the databases and caches its variables name
 * (`DB_HOST = aws_rds_cluster.orders.endpoint`,
 * `"${aws_db_instance.legacy.address}:5432"`, a known endpoint host), at the
 * variable's line. The values themselves are not props: secret-named ones
 * stay masked in the evidence like every other attribute.
 */
import type { SourceLocation } from '../../../graph/types.js';
import { Unknown } from '../../../graph/values.js';
import { isObject, type SourceValue } from '../../common/coerce.js';
import { variableReferences, type DataReference } from '../../common/data-references.js';
import type { NodeBuilder } from '../../common/normalize.js';
import type { NormalizeInput } from '../input.js';
import { linkDataStores, type DataLinkHost } from './data-links.js';

const sameLocation = (a: SourceLocation, b: SourceLocation) => a.file === b.file && a.line === b.line && a.column === b.column;

export function lambdaEnvironment(b: NodeBuilder, ri: NormalizeInput, host: DataLinkHost): void {
  const env = ri.value.environment as SourceValue | undefined;
  if (env === undefined || env === null) return;
  // A block: a one-element list (HCL, plan JSON), an object when written as an attribute.
  const block = Array.isArray(env) ? env[0] : env;
  let references: DataReference[] = [];
  let unreadable: string | undefined;
  if (block instanceof Unknown) unreadable = block.reason;
  else if (isObject(block)) {
    const read = variableReferences(block.variables, 'environment.variables');
    if (read instanceof Unknown) unreadable = read.reason;
    else references = read;
  } else if (block !== undefined && block !== null) unreadable = 'environment is not a block';
  const header = ri.locate();
  const at = (r: DataReference): SourceLocation => {
    // The variable's key; its map, then its block, when the key is not written as such (`variables = local.env`).
    for (const path of [r.path, 'environment.variables', 'environment']) {
      const l = ri.locate(path);
      if (!sameLocation(l, header)) return l;
    }
    return header;
  };
  linkDataStores(b, ri, host, references, { attribute: 'environment', at, unreadable });
}
