/**
 * The requirement catalogue as data: every requirement ID of
 * docs/requirements.md with its section and a short title. Rule metadata
 * cites these IDs, rule pages and the HTML traceability table show their
 * titles, and test/policy/catalogue.test.ts checks this list against
 * docs/requirements.md both ways (an ID added to one must be added to the other).
 */
export interface Requirement {
  /** `DB-MULTIAZ`; a section heading is a requirement of its own (`DB`). */
  id: string;
  /** The section it belongs to (`DB`). */
  section: string;
  /** Its first clause in docs/requirements.md. */
  title: string;
  /**
   * Why no rule checks this ID. Absent means some rule must cite it in its
   * metadata (test/policy/catalogue.test.ts fails otherwise, and when a
   * rule cites an ID that still says why none does).
   */
  notChecked?: NotChecked;
  /** Parts of a checked requirement that no rule checks, each with why (DB-GLOBAL's replication lag). */
  partlyNotChecked?: string[];
}

/**
 * `heading`: a section or table heading, its items are the checks;
 * `live-metric`: only a runtime measurement shows it, never configuration;
 * `not-a-check`: it says how resilint works (tier mapping), not what to check;
 * `not-built`: checkable from configuration, no rule does it yet.
 */
export type NotCheckedKind = 'heading' | 'live-metric' | 'not-a-check' | 'not-built';

export interface NotChecked {
  kind: NotCheckedKind;
  reason: string;
}

const heading = (what: string): NotChecked => ({ kind: 'heading', reason: `section heading: ${what}` });

export const REQUIREMENTS: readonly Requirement[] = [
  { id: 'T', section: 'T', title: 'Business tiers', notChecked: heading("the tier table; its numbers are the policy's tier settings every rule reads") },
  { id: 'T-CRIT', section: 'T', title: 'critical tier: 99.99 % availability' },
  { id: 'T-HIGH', section: 'T', title: 'high tier: 99.95 % availability' },
  { id: 'T-MED', section: 'T', title: 'medium tier: 99.9 % availability' },
  { id: "T-MAP", section: "T", title: "a resource's tier comes, in this order, from", notChecked: { kind: 'not-a-check', reason: 'how every result gets its tier (src/policy/tiers.ts); each result says where its tier came from' } },
  { id: 'T-DR', section: 'T', title: 'region-level disaster recovery (Tokyo `ap-northeast-1` primary, full active' },
  { id: 'ECS', section: 'ECS', title: 'containers (ECS on Fargate, ~20 services)', notChecked: heading('the ECS-* requirements below') },
  { id: 'ECS-MIN', section: 'ECS', title: 'minimum running tasks per tier' },
  { id: 'ECS-AZ', section: 'ECS', title: 'critical and high services spread over ≥ 2 AZs, with at least 1 task in every AZ they …' },
  { id: 'ECS-SPREAD', section: 'ECS', title: 'services on the EC2 launch type need an AZ spread placement strategy (`spread` on …' },
  { id: 'ECS-SPOT', section: 'ECS', title: 'Fargate Spot capacity only for non-critical services' },
  { id: 'ECS-HEALTH', section: 'ECS', title: 'a health check (container health check or load balancer target group health check) on …' },
  { id: 'ECS-DEPLOY', section: 'ECS', title: 'deployment circuit breaker with rollback enabled on critical/high services (automatic …', partlyNotChecked: ['rollback within 30 s of a failed deployment: a deployment-time measurement, configuration cannot show it'] },
  { id: 'ECS-SCALE', section: 'ECS', title: 'auto scaling configured for critical services (CPU 50 %, memory 70 % targets in the …' },
  { id: 'ECS-CLUSTER', section: 'ECS', title: 'production clusters in ≥ 2 AZs (Tokyo 1a/1c' },
  { id: 'DB', section: 'DB', title: 'Aurora / RDS (~20 clusters)', notChecked: heading('the DB-* and DDB-* requirements below') },
  { id: 'DB-MULTIAZ', section: 'DB', title: 'every critical/high database is Multi-AZ' },
  { id: 'DB-REPLICAS', section: 'DB', title: 'Aurora read replicas' },
  { id: 'DB-BACKUP', section: 'DB', title: 'automated backup retention' },
  { id: 'DB-PITR', section: 'DB', title: 'point-in-time recovery available (automated backups on) for critical' },
  { id: 'DB-GLOBAL', section: 'DB', title: 'the critical order database is an Aurora Global Database with a secondary in the DR …', partlyNotChecked: ['replication lag < 1 s (max 5 s): live metric (AuroraGlobalDBReplicationLag), configuration cannot show it'] },
  { id: 'DB-DELETE', section: 'DB', title: 'deletion protection on production databases' },
  { id: 'DB-SERVERLESS', section: 'DB', title: 'Aurora Serverless v2 capacity' },
  { id: 'DB-PROXY', section: 'DB', title: 'RDS Proxy in front of critical databases (transparent failover)' },
  { id: 'DDB-PITR', section: 'DDB', title: 'DynamoDB tables of critical and high workloads have point-in-time recovery on' },
  { id: 'DDB-GLOBAL', section: 'DDB', title: 'critical DynamoDB tables are global tables with a replica in the DR region' },
  { id: 'DDB-DELETE', section: 'DDB', title: 'deletion protection on DynamoDB tables of critical and high workloads' },
  { id: 'DB-SNAPSHOT', section: 'DB', title: 'monthly manual snapshots in addition to automated backups' },
  { id: 'EFS', section: 'EFS', title: 'file systems (Amazon EFS)', notChecked: heading('the EFS-* requirements below') },
  { id: 'EFS-ONEZONE', section: 'EFS', title: 'no EFS One Zone storage for critical and high workloads' },
  { id: 'EFS-MOUNT', section: 'EFS', title: 'a file system has a mount target in every AZ the workloads that mount it run in' },
  { id: 'EFS-BACKUP', section: 'EFS', title: 'automatic backups' },
  { id: 'NET', section: 'NET', title: 'network', notChecked: heading('the NET-* requirements below') },
  { id: 'NET-NAT', section: 'NET', title: 'one NAT gateway per AZ' },
  { id: 'NET-IGW', section: 'NET', title: 'a single VPN connection or tunnel is a SPOF' },
  { id: 'NET-VPN', section: 'NET', title: 'a single VPN connection or tunnel is a SPOF' },
  { id: 'NET-TGW', section: 'NET', title: 'every VPC attached to the Transit Gateway in 2 AZs' },
  { id: 'NET-LB', section: 'NET', title: 'load balancers span ≥ 2 AZs, cross-zone load balancing on' },
  { id: 'NET-DNS', section: 'NET', title: 'Route 53 health checks every 30 s, failover after 3 failures', partlyNotChecked: ['Resolver inbound/outbound endpoints (2 each): Route 53 Resolver endpoints are not read yet'] },
  { id: 'COMPUTE', section: 'COMPUTE', title: 'EC2 instances, Auto Scaling groups, Lambda', notChecked: heading('the COMPUTE-* requirements below') },
  { id: 'COMPUTE-INSTANCE', section: 'COMPUTE', title: 'a critical or high workload is not served by standalone EC2 instances' },
  { id: 'COMPUTE-ASG', section: 'COMPUTE', title: 'critical and high Auto Scaling groups span ≥ 2 AZs' },
  { id: 'COMPUTE-LAMBDA', section: 'COMPUTE', title: 'critical and high Lambda functions attached to a VPC run in subnets of ≥ 2 AZs' },
  { id: 'SEARCH', section: 'SEARCH', title: 'OpenSearch domains', notChecked: heading('the SEARCH-* requirements below') },
  { id: 'SEARCH-AZ', section: 'SEARCH', title: 'critical and high OpenSearch (and Elasticsearch) domains keep their data nodes in ≥ 2 AZs …' },
  { id: 'SEARCH-MASTER', section: 'SEARCH', title: 'critical domains use ≥ 3 dedicated master nodes …' },
  { id: 'STREAM', section: 'STREAM', title: 'Amazon MSK clusters', notChecked: heading('the STREAM-* requirements below') },
  { id: 'STREAM-AZ', section: 'STREAM', title: 'critical and high MSK clusters spread their brokers over ≥ 2 AZs …' },
  { id: 'STREAM-RF', section: 'STREAM', title: "the cluster configuration's default replication factor and min.insync.replicas …" },
  { id: 'CACHE', section: 'CACHE', title: 'caches: ElastiCache, MemoryDB', notChecked: heading('the CACHE-* requirements below') },
  { id: 'CACHE-MULTIAZ', section: 'CACHE', title: 'automatic failover and Multi-AZ on the caches of critical and high workloads' },
  { id: 'CACHE-NODES', section: 'CACHE', title: 'every cache shard keeps ≥ 2 nodes over ≥ 2 AZs for critical and high workloads' },
  { id: 'CACHE-SPOF', section: 'CACHE', title: 'a single-node cache (or a shard without a replica) is a SPOF' },
  { id: 'CACHE-SNAPSHOT', section: 'CACHE', title: 'automatic cache snapshots kept per tier (critical 7 days, high 1 day)' },
  { id: 'SPOF', section: 'SPOF', title: 'single points of failure' },
  { id: 'SPOF-DEP', section: 'SPOF', title: 'a service is only as available as what it depends on' },
  { id: 'DR', section: 'DR', title: 'disaster recovery strategies (for RTO/RPO estimation)' },
  { id: 'ORG', section: 'ORG', title: 'the example organisation', notChecked: { kind: 'not-a-check', reason: 'describes the example organisation (fixtures/technova), whose resources the other requirements check' } },
];

/** The catalogue entry of an ID; undefined for an ID the catalogue does not have (a plugin's own). */
export function requirement(id: string): Requirement | undefined {
  return REQUIREMENTS.find((r) => r.id === id);
}
