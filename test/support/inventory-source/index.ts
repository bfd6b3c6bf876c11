/**
 * A test-only input format, to show that a new format is one folder: a
 * plain-text inventory of RDS instances (`*.dbs`), one per line,
 *
 *   # resilint:ignore db-multi-az reason="batch only"
 *   orders engine=postgres multi_az=true
 *
 * It uses only src/sources/common and the graph types, as a real source would.
 */
import type { AnyResource, InputError, InlineSuppression } from '../../../src/graph/types.js';
import { Unknown } from '../../../src/graph/values.js';
import { readTextFileSync } from '../../../src/sources/common/read.js';
import { parseIgnoreComment } from '../../../src/sources/common/suppressions.js';
import { relativePath } from '../../../src/sources/discover.js';
import { emptyOutput, type Source } from '../../../src/sources/types.js';

const LINE = /^([A-Za-z][\w-]*)((?:\s+[a-z_]+=\S+)*)\s*$/;

export const inventorySource: Source = {
  name: 'inventory',
  reads: 'database inventory (.dbs)',
  accepts: (file) => file.endsWith('.dbs'),
  async scan(ctx) {
    const out = emptyOutput('inventory');
    for (const abs of ctx.files) {
      const file = relativePath(ctx.root, abs);
      const read = readTextFileSync(abs, file, ctx.limits.maxFileBytes);
      if ('error' in read) {
        out.errors.push(read.error);
        continue;
      }
      out.files.push(file);
      let pending: InlineSuppression[] = [];
      read.text.split(/\r?\n/).forEach((text, i) => {
        const line = i + 1;
        const trimmed = text.trim();
        if (trimmed === '') return;
        if (trimmed.startsWith('#')) {
          const s = parseIgnoreComment(trimmed, { file, line, column: text.indexOf('#') + 1 });
          if (s && 'error' in s) out.errors.push({ file, line, column: 1, kind: 'suppression', message: s.error });
          else if (s) pending.push(s);
          return;
        }
        const m = LINE.exec(trimmed);
        if (!m) {
          out.errors.push(lineError(file, line, text.search(/\S/) + 1, 'expected `<name> key=value …`'));
          pending = [];
          return;
        }
        const fields = Object.fromEntries([...m[2].matchAll(/([a-z_]+)=(\S+)/g)].map(([, k, v]) => [k, v]));
        const multiAz = fields.multi_az === 'true' ? true : fields.multi_az === 'false' ? false : new Unknown(`${file}:${line}: multi_az is ${fields.multi_az === undefined ? 'not given' : `'${fields.multi_az}'`}`);
        out.resources.push(dbInstance(m[1], fields, multiAz, { file, line, column: text.search(/\S/) + 1 }, pending));
        pending = [];
      });
    }
    return out;
  },
};

function lineError(file: string, line: number, column: number, why: string): InputError {
  return { file, line, column, kind: 'parse', message: why };
}

function dbInstance(name: string, fields: Record<string, string>, multiAz: boolean | Unknown, location: { file: string; line: number; column: number }, suppressions: InlineSuppression[]): AnyResource {
  const address = `inventory.${name}`;
  const resource: AnyResource = {
    id: `${location.file}#${address}`,
    kind: 'db.instance',
    type: 'inventory_db',
    address,
    name,
    props: {
      identifier: name,
      engine: fields.engine,
      instanceClass: undefined,
      multiAz,
      availabilityZone: undefined,
      backupRetentionDays: undefined,
      deletionProtection: undefined,
      clusterIdentifier: undefined,
      replicateSourceDb: undefined,
    },
    propOrigins: { multiAz: { attribute: 'multi_az', location } },
    attributes: { ...fields },
    tags: {},
    provenance: { source: 'inventory', location },
    unresolved: [],
  } as AnyResource;
  if (suppressions.length) resource.inlineSuppressions = suppressions;
  return resource;
}
