import type { JSONSchemaType } from 'ajv';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { judgedItself } from '../src/analysis/db-cluster.js';
import type { AnyResource } from '../src/graph/types.js';
import { isUnknown } from '../src/graph/values.js';

interface Options {
  checkReadReplicas: boolean;
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    checkReadReplicas: {
      type: 'boolean',
      default: false,
      description: 'Also require a DR secondary of standalone RDS read replicas (replicate_source_db set). By default they are not applicable: the secondary belongs to the source database.',
    },
  },
  required: ['checkReadReplicas'],
};

const messages = {
  secondary: '{{name}} ({{region}}) has a secondary in {{drRegion}}: {{secondary}}; tier {{tier}} requires one in {{wanted}}',
  isSecondary: '{{name}} is itself the secondary in the DR Region {{drRegion}} of {{primary}}',
  noSecondary: '{{name}} ({{region}}) has no secondary in {{wanted}}: {{detail}}; losing its Region loses the database until a restore elsewhere (tier {{tier}} requires an Aurora Global Database secondary or a cross-Region read replica)',
  cannotTell: '{{name}}: cannot tell whether it has a secondary in {{wanted}} (tier {{tier}} requires one): {{reason}}',
  memberWithoutCluster: "{{name}} is an Aurora cluster member: the DR secondary is its cluster's, which cannot be judged (tier {{tier}} requires one in {{wanted}}): {{reason}}",
};
type Ctx = RuleContext<Options, keyof typeof messages>;

const UNKNOWN_REGION = 'its Region is not known offline (no provider region, no --region)';

/** Native attributes naming the source of an Aurora cross-Region read replica cluster (not resolved into edges). */
const REPLICATION_SOURCE = ['replication_source_identifier', 'ReplicationSourceIdentifier'];

/** Clusters that replicate from some cluster (Aurora read replica clusters): any of them may be a copy of this one. */
function replicaClusters(r: AnyResource, ctx: Ctx): AnyResource[] {
  return ctx.graph
    .ofKind('db.cluster')
    .filter((c) => c.id !== r.id && REPLICATION_SOURCE.some((a) => c.attributes[a] !== undefined && c.attributes[a] !== null && c.attributes[a] !== ''))
    .map((c) => c as AnyResource);
}

/** The copies of a database in other Regions: its global cluster's other members, or its read replicas. */
function copiesOf(r: AnyResource, ctx: Ctx): { copies: AnyResource[]; via: string; doubt?: { reason: string; prop?: string } } {
  const { graph } = ctx;
  if (r.kind === 'db.cluster') {
    const globals = graph.targets(r, 'member-of', 'db.global-cluster');
    if (isUnknown(globals)) return { copies: [], via: 'Aurora Global Database', doubt: { reason: `its global cluster: ${globals.reason}`, prop: 'globalClusterIdentifier' } };
    if (globals.length === 0) {
      const gid = r.props.globalClusterIdentifier;
      if (isUnknown(gid)) return { copies: [], via: 'Aurora Global Database', doubt: { reason: `Aurora Global Database membership: ${gid.reason}`, prop: 'globalClusterIdentifier' } };
      if (typeof gid === 'string') return { copies: [], via: 'Aurora Global Database', doubt: { reason: `member of global cluster "${gid}", which is not in the scan: its other members are unknown`, prop: 'globalClusterIdentifier' } };
      return { copies: [], via: 'no Aurora Global Database' };
    }
    const peers = new Map<string, AnyResource>();
    for (const g of globals) for (const c of graph.sources(g, 'member-of', 'db.cluster')) if (c.id !== r.id) peers.set(c.id, c as AnyResource);
    return { copies: [...peers.values()].sort((a, b) => a.address.localeCompare(b.address)), via: `Aurora Global Database ${globals[0].address}` };
  }
  const replicas = graph.incoming(r.id, 'replica-of').map((e) => graph.get(e.from)).filter((x): x is AnyResource => x !== undefined);
  return { copies: replicas.sort((a, b) => a.address.localeCompare(b.address)), via: 'read replicas' };
}

export default defineRule({
  id: 'db-global-secondary',
  meta: {
    title: 'Critical databases have a secondary in the DR Region',
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['DB-GLOBAL', 'T-DR'],
    rationale:
      'DB-GLOBAL requires the critical databases to have a secondary in the DR Region (Tokyo → Osaka in the catalogue): an Aurora Global Database secondary cluster, or a cross-Region read replica of an RDS instance. ' +
      'Without one, a Regional outage leaves only backups: a restore in another Region takes hours and loses what was written since the last copy, far beyond the Region RTO/RPO of T-DR. ' +
      'The DR Region is the policy\'s drRegion (top level, or tiers.<tier>.region.drRegion); unset, a secondary in any other Region counts. Replication lag is a live metric and is not checked.',
    remediation: {
      terraform:
        'aws_rds_global_cluster { global_cluster_identifier, source_db_cluster_identifier = aws_rds_cluster.primary.arn } + an aws_rds_cluster in the DR Region (provider = aws.dr) with global_cluster_identifier = aws_rds_global_cluster.<name>.id and at least one aws_rds_cluster_instance; for RDS instances: an aws_db_instance in the DR Region with replicate_source_db = <source ARN>.',
      cloudformation: 'AWS::RDS::GlobalCluster { SourceDBClusterIdentifier: !Ref Primary }, and in a stack in the DR Region an AWS::RDS::DBCluster with GlobalClusterIdentifier and an AWS::RDS::DBInstance in it; for RDS instances: AWS::RDS::DBInstance with SourceDBInstanceIdentifier = the source ARN in the DR Region.',
      console: 'RDS console → Databases → select the Aurora cluster → Actions → Add AWS Region (choose the DR Region); for RDS: Actions → Create read replica, destination Region = the DR Region.',
      cli: 'aws rds create-global-cluster --global-cluster-identifier <g> --source-db-cluster-identifier <primary-arn>; aws rds create-db-cluster --region <dr-region> --db-cluster-identifier <secondary> --global-cluster-identifier <g> --engine <engine>; aws rds create-db-instance --region <dr-region> --db-cluster-identifier <secondary> ...',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html',
    tags: ['resilience', 'database', 'disaster-recovery'],
  },
  options,
  appliesTo: ['db.cluster', 'db.instance'],
  check(resource, ctx) {
    if (!ctx.tier.requirements.db.globalSecondary) return;
    const r = resource as AnyResource;
    const drRegion = ctx.tier.requirements.region?.drRegion;
    const wanted = drRegion ?? 'another Region';
    const { db, orphan } = judgedItself(r, ctx.graph, ctx.options.checkReadReplicas);
    if (orphan) ctx.unknown('memberWithoutCluster', { reason: orphan.reason, wanted }, { prop: orphan.prop, evidence: { expected: { drRegion: drRegion ?? null }, actual: { cluster: null } } });
    if (!db) return;
    const region = r.provenance.region;
    const expected = { secondaryRegion: drRegion ?? 'other' };
    const { copies, via, doubt } = copiesOf(r, ctx);
    const inDr = (x: AnyResource) => x.provenance.region !== undefined && (drRegion ? x.provenance.region === drRegion : region !== undefined && x.provenance.region !== region);
    const found = copies.filter(inDr);
    const actual = { region: region ?? null, copies: copies.map((c) => ({ address: c.address, region: c.provenance.region ?? null })) };
    if (found.length > 0) {
      ctx.pass('secondary', { region: region ?? 'Region unknown', drRegion: found[0].provenance.region, secondary: `${found[0].address} (${via})`, wanted }, { evidence: { expected, actual } });
      return;
    }
    // A cluster in the DR Region whose global cluster has a member elsewhere is the secondary: nothing more is needed of it.
    if (drRegion && region === drRegion && r.kind === 'db.cluster') {
      const primary = copies.find((c) => c.provenance.region !== undefined && c.provenance.region !== drRegion);
      if (primary) {
        ctx.pass('isSecondary', { drRegion, primary: primary.address }, { evidence: { expected, actual } });
        return;
      }
    }
    const doubts: string[] = [];
    if (doubt) doubts.push(doubt.reason);
    const unplaced = copies.filter((c) => c.provenance.region === undefined);
    if (unplaced.length > 0) doubts.push(`${unplaced.map((c) => c.address).join(', ')}: ${UNKNOWN_REGION}`);
    if (!drRegion && region === undefined && copies.length > 0) doubts.push(`${r.address}: ${UNKNOWN_REGION}, so whether its copies are elsewhere cannot be told`);
    const gap = r.unresolved.find((u) => u.edge === 'replica-of' || u.edge === 'member-of');
    if (gap) doubts.push(gap.reason);
    if (r.kind === 'db.cluster') {
      const replicas = replicaClusters(r, ctx);
      if (replicas.length > 0) doubts.push(`${replicas.map((c) => c.address).join(', ')} replicate(s) from a cluster (replication source identifier, an Aurora cross-Region read replica), which may be this one`);
    }
    if (doubts.length > 0) {
      ctx.unknown('cannotTell', { reason: doubts.join('; '), wanted }, { ...(doubt?.prop ? { prop: doubt.prop } : {}), evidence: { expected, actual } });
      return;
    }
    const detail =
      copies.length === 0
        ? r.kind === 'db.cluster'
          ? 'it is not a member of an Aurora Global Database'
          : 'it has no read replica'
        : `its copies (${via}) are in ${[...new Set(copies.map((c) => c.provenance.region))].join(', ')}`;
    ctx.fail('noSecondary', { region: region ?? 'Region unknown', wanted, detail }, { ...(r.kind === 'db.cluster' ? { prop: 'globalClusterIdentifier' } : {}), evidence: { expected, actual } });
  },
});
