import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import type { Resource, TableReplica } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';

interface Options {
  countOtherRegions: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    countOtherRegions: {
      type: 'boolean',
      default: false,
      description:
        'When a DR Region is set, also accept a replica in any other Region than the table\'s. Off by default: the DR runbooks fail over to the DR Region, where a replica elsewhere does not help.',
    },
  },
  required: ['countOtherRegions'],
};

const messages = {
  replica: '{{name}} ({{region}}) has a global table replica in {{replicaRegion}} ({{declaredBy}}); tier {{tier}} requires one in {{wanted}}',
  isDrCopy: '{{name}} is in the DR Region {{drRegion}} and is replicated from {{others}}: it is the DR copy',
  noReplica: '{{name}} ({{region}}) has no global table replica in {{wanted}}: {{detail}}; losing its Region loses the table until a restore elsewhere (tier {{tier}} requires one)',
  cannotTell: '{{name}}: cannot tell whether it has a global table replica in {{wanted}} (tier {{tier}} requires one): {{reason}}',
};

const UNKNOWN_REGION = 'its Region is not known offline (no provider region, no --region)';

export default defineRule({
  id: 'dynamodb-global-replica',
  meta: {
    title: 'Critical DynamoDB tables have a global table replica in the DR Region',
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['DDB-GLOBAL', 'T-DR'],
    rationale:
      'DDB-GLOBAL requires the DynamoDB tables of critical workloads to be global tables with a replica in the DR Region (policy drRegion or tiers.<tier>.region.drRegion; unset, any other Region counts). ' +
      'A table lives in one Region: when that Region is lost, the data is reachable again only after a restore from a backup copied elsewhere, far beyond the Region RTO and RPO of T-DR, while a replica already holds the data and takes writes at once.',
    remediation: {
      terraform: 'aws_dynamodb_table: replica { region_name = "<dr-region>" } (needs stream_enabled = true, stream_view_type = "NEW_AND_OLD_IMAGES"), or an aws_dynamodb_table_replica with provider = aws.dr and global_table_arn = aws_dynamodb_table.<name>.arn.',
      cloudformation: 'Use AWS::DynamoDB::GlobalTable instead of AWS::DynamoDB::Table, with Replicas: [{ Region: !Ref AWS::Region }, { Region: <dr-region> }] and StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }.',
      console: 'DynamoDB console → Tables → select the table → Global tables → Create replica → choose the DR Region.',
      cli: 'aws dynamodb update-table --table-name <table> --replica-updates \'[{"Create":{"RegionName":"<dr-region>"}}]\'',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html',
    tags: ['resilience', 'database', 'disaster-recovery'],
  },
  options,
  appliesTo: ['db.table'],
  check(resource, ctx) {
    if (!ctx.tier.requirements.table?.globalReplica) return;
    const r = resource as Resource<'db.table'>;
    const drRegion = ctx.tier.requirements.region?.drRegion;
    const wanted = drRegion ? (ctx.options.countOtherRegions ? `${drRegion} (or any other Region)` : drRegion) : 'another Region';
    const own = r.provenance.region;
    const list = r.props.replicas;
    const expected = { replicaRegion: drRegion ?? 'other' };
    if (isUnknown(list)) {
      ctx.unknown('cannotTell', { wanted, reason: list.reason }, { prop: 'replicas', evidence: { expected, actual: list } });
      return;
    }
    const replicas: TableReplica[] = list ?? [];
    const includesOwn = r.props.replicasIncludeOwn === true;
    const known = replicas.filter((x): x is TableReplica & { region: string } => typeof x.region === 'string');
    const actual = { region: own ?? null, replicas: replicas.map((x) => (typeof x.region === 'string' ? x.region : null)) };
    const at = { prop: 'replicas', evidence: { expected, actual } };
    const region = own ?? 'Region unknown';
    // With the table's own Region among the list, a copy elsewhere needs two distinct Regions.
    const distinct = new Set(known.map((x) => x.region));
    const elsewhere = (x: { region: string }) => (includesOwn ? distinct.size >= 2 : own === undefined || x.region !== own);
    const good = known.filter((x) => elsewhere(x) && (!drRegion || x.region === drRegion || ctx.options.countOtherRegions));
    if (good.length > 0) {
      const hit = good.find((x) => x.region === drRegion) ?? good[0];
      ctx.pass('replica', { region, replicaRegion: hit.region, declaredBy: hit.declaredBy ?? 'global table', wanted }, at);
      return;
    }
    if (drRegion && own === drRegion && !includesOwn) {
      const others = known.filter((x) => x.region !== drRegion);
      if (others.length > 0) {
        ctx.pass('isDrCopy', { drRegion, others: [...new Set(others.map((x) => x.region))].join(', ') }, at);
        return;
      }
    }
    const doubts: string[] = [];
    for (const x of replicas) if (isUnknown(x.region)) doubts.push(`${x.declaredBy ?? 'a replica'}: ${x.region.reason}`);
    if (!drRegion && own === undefined && includesOwn && known.length > 0) doubts.push(`${r.address}: ${UNKNOWN_REGION}`);
    if (doubts.length > 0) {
      ctx.unknown('cannotTell', { wanted, reason: doubts.join('; ') }, at);
      return;
    }
    const detail = known.length === 0 || (includesOwn && distinct.size < 2) ? 'it is not a global table (no replica in another Region)' : `its replicas are in ${[...distinct].join(', ')}`;
    ctx.fail('noReplica', { region, wanted, detail }, at);
  },
});
