import type { JSONSchemaType } from 'ajv';
import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { judgedItself, isDocDbEngine } from '../src/analysis/db-cluster.js';
import type { AnyResource } from '../src/graph/types.js';

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
      description: 'Also require a proxy in front of standalone RDS read replicas (replicate_source_db set). By default they are not applicable: the proxy that matters fronts the writer, whose failover it hides.',
    },
  },
  required: ['checkReadReplicas'],
};

const messages = {
  fronted: '{{name}} is behind RDS Proxy {{proxies}}; tier {{tier}} requires a proxy',
  noProxy:
    '{{name}} has no RDS Proxy in front of it: on failover every client must notice the DNS change and reconnect, and connection storms hit the new writer; tier {{tier}} requires an RDS Proxy',
  cannotTell: '{{name}}: cannot tell whether an RDS Proxy fronts it (tier {{tier}} requires one): {{reason}}',
  memberWithoutCluster: "{{name}} is an Aurora cluster member: a proxy fronts its cluster, which cannot be judged (tier {{tier}} requires a proxy): {{reason}}",
};
type MessageId = keyof typeof messages;

/** Proxies whose targets could not be resolved: any of them may front this database. */
function floatingProxies(ctx: RuleContext<Options, MessageId>): AnyResource[] {
  return ctx.graph.ofKind('db.proxy').filter((p) => p.unresolved.some((u) => u.edge === 'fronts') && ctx.graph.outgoing(p.id, 'fronts').length === 0) as AnyResource[];
}

export default defineRule({
  id: 'db-proxy',
  meta: {
    title: 'Critical databases are reached through RDS Proxy',
    severity: { default: 'medium', critical: 'medium', high: 'low', medium: 'low' },
    requirements: ['DB-PROXY'],
    rationale:
      'DB-PROXY requires an RDS Proxy in front of critical databases. The proxy keeps client connections open across a failover and routes them to the new writer, ' +
      'instead of every client waiting for the DNS record of the cluster endpoint to change and reconnecting at once (the RDS Proxy guide: it connects to a standby DB instance while preserving application connections). ' +
      'Aurora instances are fronted through their cluster and judged there. Amazon DocumentDB clusters and instances are not applicable: RDS Proxy does not support DocumentDB.',
    remediation: {
      terraform: 'aws_db_proxy (engine_family, auth, role_arn, vpc_subnet_ids) + aws_db_proxy_default_target_group + aws_db_proxy_target { db_proxy_name, target_group_name, db_cluster_identifier = aws_rds_cluster.<name>.id }; point applications at aws_db_proxy.<name>.endpoint.',
      cloudformation: 'AWS::RDS::DBProxy + AWS::RDS::DBProxyTargetGroup { DBProxyName: !Ref Proxy, TargetGroupName: default, DBClusterIdentifiers: [!Ref Cluster] }',
      console: 'RDS console → Proxies → Create proxy → Target group: the cluster or instance.',
      cli: 'aws rds create-db-proxy --db-proxy-name <name> --engine-family <MYSQL|POSTGRESQL> --auth ... --role-arn <role> --vpc-subnet-ids <subnets>; aws rds register-db-proxy-targets --db-proxy-name <name> --db-cluster-identifiers <cluster>',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html',
    tags: ['resilience', 'database'],
  },
  options,
  appliesTo: ['db.cluster', 'db.instance'],
  check(resource, ctx) {
    if (!ctx.tier.requirements.db.proxy) return;
    const r = resource as AnyResource;
    // RDS Proxy fronts RDS and Aurora MySQL / PostgreSQL / SQL Server only: DocumentDB cannot have one.
    if ((r.kind === 'db.cluster' || r.kind === 'db.instance') && isDocDbEngine(r.props.engine)) return;
    const { db, orphan } = judgedItself(r, ctx.graph, ctx.options.checkReadReplicas);
    if (orphan) ctx.unknown('memberWithoutCluster', { reason: orphan.reason }, { prop: orphan.prop, evidence: { expected: { proxy: true }, actual: { cluster: null } } });
    if (!db) return;
    const expected = { proxy: true };
    const proxies = ctx.graph.sources(r, 'fronts', 'db.proxy').sort((a, b) => a.address.localeCompare(b.address));
    if (proxies.length > 0) {
      const edge = ctx.graph.incoming(r.id, 'fronts')[0];
      ctx.pass('fronted', { proxies: proxies.map((p) => p.address) }, { ...(edge?.location ? { location: edge.location } : {}), evidence: { expected, actual: { proxies: proxies.map((p) => p.address) } } });
      return;
    }
    // Live: the proxies of its account and Region could not be read; IaC: a proxy target that did not resolve.
    const gap = r.unresolved.find((u) => u.edge === 'fronts');
    const floating = floatingProxies(ctx);
    if (gap) ctx.unknown('cannotTell', { reason: gap.reason }, { evidence: { expected, actual: gap.reason } });
    else if (floating.length > 0) {
      const p = floating[0];
      const why = p.unresolved.find((u) => u.edge === 'fronts')!;
      ctx.unknown('cannotTell', { reason: `proxy ${p.address} has a target that could not be resolved (${why.attribute}: ${why.reason}); it may be this database` }, { evidence: { expected, actual: { proxies: [], unresolved: floating.map((f) => f.address) } } });
    } else ctx.fail('noProxy', {}, { evidence: { expected, actual: { proxies: [] } } });
  },
});
