/**
 * Deterministic generator of a `terraform show -json` plan for the sources
 * benchmark.
 *
 * `generate(dir, { resources })` writes `<dir>/plan.json`: a creation plan
 * (format_version 1.2, Terraform 1.11.4, AWS provider 5.x schemas) of about
 * `resources` managed resource instances, shaped like
 * fixtures/technova/plan/plan.json (a real plan; attribute sets, computed
 * attributes and sensitivity masks per resource type are taken from it):
 *
 *   root module        a shared ECS task execution role and its policy attachment;
 *                      one `module "<dept>_<env>"` call per workload (source ./modules/workload)
 *   module.<workload>  VPC, subnets (for_each over AZs), IGW, NAT gateways (one shared
 *                      `[0]` or one per AZ), route tables and associations, security
 *                      groups, ECS cluster, services with log groups, IAM roles, task
 *                      definitions, scalable targets and policies (for_each over
 *                      var.services), services pinned to one subnet, queues, alarms
 *   module.<workload>.module.aurora["<name>"]   ./modules/aurora: cluster + count instances
 *   module.<workload>.module.db["<name>"]       ./modules/rds-instance: subnet group,
 *                                               parameter group, aws_db_instance
 *
 * Every instance is in `planned_values` (values without the attributes known
 * only after apply) and in `resource_changes` (actions ["create"],
 * `after_unknown` marking those attributes, `after_sensitive`); the
 * `configuration` section holds each module's resources with their
 * expressions' `references`, `for_each_expression` / `count_expression`,
 * module calls with their arguments, variables and outputs. Each workload
 * also deletes one queue (a `delete` change, in `prior_state`, not in
 * `planned_values`). The file is pretty-printed (2 spaces) like the fixture,
 * so locations have useful line numbers.
 *
 * The same options give byte-identical output. Defects occur at realistic
 * rates: a shared NAT gateway, `min_capacity = 1`, services pinned to one
 * subnet, Aurora members in one AZ or placed by RDS (unknown), short or
 * absent backup retention, single-AZ instances.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AZS, DEPARTMENTS, ENVIRONMENTS, IMAGE_TAGS, prepareDir, SERVICE_WORDS, TIERS } from './generate-cloudformation.js';
import { Rng } from '../test/support/random.js';

export interface GenerateOptions {
  /** Target number of planned managed resource instances (default 1000). */
  resources?: number;
  /** Number of workload module calls (default resources / 200). */
  workloads?: number;
  /** PRNG seed; defaults to one derived from the sizes. */
  seed?: number;
}

export interface PlanStats {
  dir: string;
  /** Absolute path of plan.json. */
  file: string;
  workloads: number;
  /** Managed resource instances in planned_values. */
  resources: number;
  /** Entries in resource_changes (creates and deletes). */
  resourceChanges: number;
  deletes: number;
  /** Module instances in planned_values (workloads and their nested modules). */
  moduleInstances: number;
  bytes: number;
}

const TERRAFORM_VERSION = '1.11.4';
const PROVIDER = 'registry.terraform.io/hashicorp/aws';
const DEFAULT_TAGS = { 'managed-by': 'terraform', owner: 'platform' };

// ---------------------------------------------------------------------------
// Planned values: attributes, unknowns, sensitivity
// ---------------------------------------------------------------------------

/** Marks an attribute known only after apply: left out of `values`, `true` in `after_unknown`. */
class Unknown {}
const U = new Unknown();

type PV = string | number | boolean | null | Unknown | PV[] | { [key: string]: PV };
type Obj = { [key: string]: PV };

interface TypeSchema {
  schema: number;
  /** Optional attributes with the value the provider plans when they are not set. */
  defaults: Obj;
  /** Attributes the provider computes: always unknown in a creation plan. */
  computed: string[];
  /** Collections that are unknown but appear (empty) in the sensitivity masks, as Terraform writes them. */
  maskExtra?: Obj;
  /** Attributes whose value is sensitive. */
  sensitive?: string[];
}

const ROUTE_FIELDS = [
  'carrier_gateway_id', 'cidr_block', 'core_network_arn', 'destination_prefix_list_id', 'egress_only_gateway_id', 'gateway_id',
  'ipv6_cidr_block', 'local_gateway_id', 'network_interface_id', 'transit_gateway_id', 'vpc_endpoint_id', 'vpc_peering_connection_id',
];

/** Per resource type, from fixtures/technova/plan/plan.json (AWS provider 5.100). */
const SCHEMAS: Record<string, TypeSchema> = {
  aws_vpc: {
    schema: 1,
    defaults: {
      assign_generated_ipv6_cidr_block: null, enable_dns_hostnames: true, enable_dns_support: true, instance_tenancy: 'default',
      ipv4_ipam_pool_id: null, ipv4_netmask_length: null, ipv6_ipam_pool_id: null, ipv6_netmask_length: null,
    },
    computed: [
      'arn', 'default_network_acl_id', 'default_route_table_id', 'default_security_group_id', 'dhcp_options_id', 'enable_network_address_usage_metrics',
      'id', 'ipv6_association_id', 'ipv6_cidr_block', 'ipv6_cidr_block_network_border_group', 'main_route_table_id', 'owner_id',
    ],
  },
  aws_subnet: {
    schema: 1,
    defaults: {
      assign_ipv6_address_on_creation: false, customer_owned_ipv4_pool: null, enable_dns64: false, enable_lni_at_device_index: null,
      enable_resource_name_dns_a_record_on_launch: false, enable_resource_name_dns_aaaa_record_on_launch: false, ipv6_cidr_block: null,
      ipv6_native: false, map_customer_owned_ip_on_launch: null, map_public_ip_on_launch: false, outpost_arn: null, timeouts: null,
    },
    computed: ['arn', 'availability_zone_id', 'id', 'ipv6_cidr_block_association_id', 'owner_id', 'private_dns_hostname_type_on_launch'],
  },
  aws_internet_gateway: { schema: 0, defaults: { timeouts: null }, computed: ['arn', 'id', 'owner_id'] },
  aws_eip: {
    schema: 0,
    defaults: { address: null, associate_with_private_ip: null, customer_owned_ipv4_pool: null, domain: 'vpc', timeouts: null },
    computed: [
      'allocation_id', 'arn', 'association_id', 'carrier_ip', 'customer_owned_ip', 'id', 'instance', 'ipam_pool_id', 'network_border_group',
      'network_interface', 'private_dns', 'private_ip', 'ptr_record', 'public_dns', 'public_ip', 'public_ipv4_pool', 'vpc',
    ],
  },
  aws_nat_gateway: {
    schema: 0,
    defaults: { connectivity_type: 'public', secondary_allocation_ids: null, timeouts: null },
    computed: ['association_id', 'id', 'network_interface_id', 'private_ip', 'public_ip', 'secondary_private_ip_address_count', 'secondary_private_ip_addresses'],
    maskExtra: { secondary_private_ip_addresses: [] },
  },
  aws_route_table: { schema: 0, defaults: { timeouts: null }, computed: ['arn', 'id', 'owner_id', 'propagating_vgws'], maskExtra: { propagating_vgws: [] } },
  aws_route_table_association: { schema: 0, defaults: { gateway_id: null, timeouts: null }, computed: ['id'] },
  aws_security_group: {
    schema: 1,
    defaults: { revoke_rules_on_delete: false, timeouts: null },
    computed: ['arn', 'egress', 'id', 'name_prefix', 'owner_id'],
    maskExtra: { egress: [] },
  },
  aws_ecs_cluster: { schema: 0, defaults: { configuration: [], service_connect_defaults: [] }, computed: ['arn', 'id'] },
  aws_ecs_cluster_capacity_providers: { schema: 0, defaults: {}, computed: ['id'] },
  aws_cloudwatch_log_group: { schema: 0, defaults: { kms_key_id: null, skip_destroy: false }, computed: ['arn', 'id', 'log_group_class', 'name_prefix'] },
  aws_ecs_task_definition: {
    schema: 1,
    defaults: {
      ephemeral_storage: [], inference_accelerator: [], ipc_mode: null, pid_mode: null, placement_constraints: [], proxy_configuration: [],
      runtime_platform: [], skip_destroy: false, track_latest: false, volume: [],
    },
    computed: ['arn', 'arn_without_revision', 'enable_fault_injection', 'id', 'revision'],
  },
  aws_ecs_service: {
    schema: 1,
    defaults: {
      alarms: [], availability_zone_rebalancing: 'DISABLED', capacity_provider_strategy: [], deployment_controller: [],
      deployment_maximum_percent: 200, deployment_minimum_healthy_percent: 100, enable_ecs_managed_tags: false, enable_execute_command: false,
      force_delete: null, force_new_deployment: null, health_check_grace_period_seconds: null, load_balancer: [], ordered_placement_strategy: [],
      placement_constraints: [], propagate_tags: null, scheduling_strategy: 'REPLICA', service_connect_configuration: [], service_registries: [],
      timeouts: null, volume_configuration: [], vpc_lattice_configurations: [], wait_for_steady_state: false,
    },
    computed: ['iam_role', 'id', 'platform_version', 'triggers'],
    maskExtra: { triggers: {} },
  },
  aws_appautoscaling_target: { schema: 0, defaults: { tags: null }, computed: ['arn', 'id', 'role_arn', 'suspended_state'], maskExtra: { suspended_state: [] } },
  aws_appautoscaling_policy: { schema: 0, defaults: { step_scaling_policy_configuration: [] }, computed: ['alarm_arns', 'arn', 'id'], maskExtra: { alarm_arns: [] } },
  aws_iam_role: {
    schema: 0,
    defaults: { description: null, force_detach_policies: false, max_session_duration: 3600, path: '/', permissions_boundary: null },
    computed: ['arn', 'create_date', 'id', 'inline_policy', 'managed_policy_arns', 'name_prefix', 'unique_id'],
    maskExtra: { inline_policy: [], managed_policy_arns: [] },
  },
  aws_iam_role_policy: { schema: 0, defaults: {}, computed: ['id', 'name_prefix'] },
  aws_iam_role_policy_attachment: { schema: 0, defaults: {}, computed: ['id'] },
  aws_db_subnet_group: {
    schema: 0,
    defaults: { description: 'Managed by Terraform' },
    computed: ['arn', 'id', 'name_prefix', 'supported_network_types', 'vpc_id'],
    maskExtra: { subnet_ids: [], supported_network_types: [] },
  },
  aws_rds_cluster_parameter_group: { schema: 0, defaults: { description: 'Managed by Terraform', tags: null }, computed: ['arn', 'id', 'name_prefix'] },
  aws_db_parameter_group: { schema: 0, defaults: { description: 'Managed by Terraform', skip_destroy: false }, computed: ['arn', 'id', 'name_prefix'] },
  aws_rds_cluster: {
    schema: 1,
    defaults: {
      allow_major_version_upgrade: null, backtrack_window: null, copy_tags_to_snapshot: false, db_cluster_instance_class: null,
      db_cluster_parameter_group_name: null, db_instance_parameter_group_name: null, delete_automated_backups: true, deletion_protection: null,
      domain: null, domain_iam_role_name: null, enable_global_write_forwarding: false, enable_http_endpoint: false, enable_local_write_forwarding: false,
      enabled_cloudwatch_logs_exports: null, engine_mode: 'provisioned', final_snapshot_identifier: null, global_cluster_identifier: null,
      iam_database_authentication_enabled: null, iops: null, manage_master_user_password: null, master_password: null, master_password_wo: null,
      master_password_wo_version: null, performance_insights_enabled: null, replication_source_identifier: null, restore_to_point_in_time: [],
      s3_import: [], scaling_configuration: [], serverlessv2_scaling_configuration: [], skip_final_snapshot: false, snapshot_identifier: null,
      source_region: null, storage_encrypted: true, timeouts: null,
    },
    computed: [
      'allocated_storage', 'apply_immediately', 'arn', 'availability_zones', 'ca_certificate_identifier', 'ca_certificate_valid_till',
      'cluster_identifier_prefix', 'cluster_members', 'cluster_resource_id', 'cluster_scalability_type', 'database_insights_mode', 'db_system_id',
      'endpoint', 'engine_lifecycle_support', 'engine_version_actual', 'hosted_zone_id', 'iam_roles', 'id', 'kms_key_id', 'master_user_secret',
      'master_user_secret_kms_key_id', 'monitoring_interval', 'monitoring_role_arn', 'network_type', 'performance_insights_kms_key_id',
      'performance_insights_retention_period', 'port', 'preferred_maintenance_window', 'reader_endpoint', 'storage_type',
    ],
    maskExtra: { availability_zones: [], cluster_members: [], iam_roles: [], master_user_secret: [] },
    sensitive: ['master_password', 'master_password_wo'],
  },
  aws_rds_cluster_instance: {
    schema: 0,
    defaults: {
      auto_minor_version_upgrade: true, copy_tags_to_snapshot: false, custom_iam_instance_profile: null, force_destroy: false,
      monitoring_interval: 0, performance_insights_enabled: false, promotion_tier: 0, timeouts: null,
    },
    computed: [
      'apply_immediately', 'arn', 'ca_cert_identifier', 'db_parameter_group_name', 'db_subnet_group_name', 'dbi_resource_id', 'endpoint',
      'engine_version_actual', 'id', 'identifier_prefix', 'kms_key_id', 'monitoring_role_arn', 'network_type', 'performance_insights_kms_key_id',
      'performance_insights_retention_period', 'port', 'preferred_backup_window', 'preferred_maintenance_window', 'publicly_accessible',
      'storage_encrypted', 'writer',
    ],
  },
  aws_db_instance: {
    schema: 2,
    defaults: {
      allow_major_version_upgrade: null, apply_immediately: false, auto_minor_version_upgrade: true, blue_green_update: [], copy_tags_to_snapshot: false,
      custom_iam_instance_profile: null, customer_owned_ip_enabled: null, dedicated_log_volume: false, delete_automated_backups: true,
      deletion_protection: null, domain: null, domain_auth_secret_arn: null, domain_dns_ips: null, domain_iam_role_name: null, domain_ou: null,
      enabled_cloudwatch_logs_exports: null, final_snapshot_identifier: null, iam_database_authentication_enabled: null,
      manage_master_user_password: null, max_allocated_storage: null, monitoring_interval: 0, password: null, password_wo: null,
      password_wo_version: null, performance_insights_enabled: false, publicly_accessible: false, replicate_source_db: null,
      restore_to_point_in_time: [], s3_import: [], skip_final_snapshot: false, timeouts: null, upgrade_storage_config: null,
    },
    computed: [
      'address', 'arn', 'availability_zone', 'backup_target', 'backup_window', 'ca_cert_identifier', 'character_set_name', 'database_insights_mode',
      'domain_fqdn', 'endpoint', 'engine_lifecycle_support', 'engine_version_actual', 'hosted_zone_id', 'id', 'identifier_prefix', 'iops',
      'kms_key_id', 'latest_restorable_time', 'license_model', 'listener_endpoint', 'maintenance_window', 'master_user_secret',
      'master_user_secret_kms_key_id', 'monitoring_role_arn', 'nchar_character_set_name', 'network_type', 'option_group_name',
      'performance_insights_kms_key_id', 'performance_insights_retention_period', 'port', 'replica_mode', 'replicas', 'resource_id',
      'snapshot_identifier', 'status', 'storage_throughput', 'timezone',
    ],
    maskExtra: { listener_endpoint: [], master_user_secret: [], replicas: [], vpc_security_group_ids: [] },
    sensitive: ['password', 'password_wo'],
  },
  aws_sqs_queue: {
    schema: 0,
    defaults: {
      content_based_deduplication: false, delay_seconds: 0, fifo_queue: false, kms_master_key_id: null, max_message_size: 262144,
      message_retention_seconds: 345600, receive_wait_time_seconds: 0, sqs_managed_sse_enabled: true, visibility_timeout_seconds: 30,
    },
    computed: ['arn', 'deduplication_scope', 'fifo_throughput_limit', 'id', 'kms_data_key_reuse_period_seconds', 'name_prefix', 'policy', 'redrive_allow_policy', 'redrive_policy', 'url'],
  },
  aws_cloudwatch_metric_alarm: {
    schema: 1,
    defaults: {
      actions_enabled: true, alarm_actions: [], datapoints_to_alarm: null, extended_statistic: null, insufficient_data_actions: null,
      metric_query: [], ok_actions: null, threshold_metric_id: null, treat_missing_data: 'missing', unit: null,
    },
    computed: ['arn', 'evaluate_low_sample_count_percentiles', 'id'],
  },
};

function sortKeys(v: PV): PV {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof Unknown)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Obj)[k]);
    return out;
  }
  return v;
}

/** Values without unknowns; the `after_unknown` mask; the sensitivity mask (Terraform's shapes: collections kept, scalars as false in lists, dropped in objects). */
function split(v: PV): { values: PV; unknown: PV | undefined; mask: PV | undefined } {
  if (v instanceof Unknown) return { values: null, unknown: true, mask: undefined };
  if (Array.isArray(v)) {
    const parts = v.map(split);
    return { values: parts.map((p) => p.values), unknown: parts.map((p) => p.unknown ?? false), mask: parts.map((p) => p.mask ?? false) };
  }
  if (v && typeof v === 'object') {
    const values: Obj = {};
    const unknown: Obj = {};
    const mask: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const p = split(x);
      if (!(x instanceof Unknown)) values[k] = p.values;
      if (p.unknown !== undefined && p.unknown !== false) unknown[k] = p.unknown;
      if (p.mask !== undefined && p.mask !== false) mask[k] = p.mask;
    }
    return { values, unknown, mask };
  }
  return { values: v, unknown: undefined, mask: undefined };
}

interface Instance {
  address: string;
  moduleAddress: string;
  type: string;
  name: string;
  index?: string | number;
  schema: number;
  values: Obj;
  afterUnknown: Obj;
  sensitive: Obj;
}

const keySuffix = (k: string | number | undefined): string => (k === undefined ? '' : typeof k === 'number' ? `[${k}]` : `[${JSON.stringify(k)}]`);

function instance(moduleAddress: string, type: string, name: string, index: string | number | undefined, attrs: Obj): Instance {
  const s = SCHEMAS[type];
  if (!s) throw new Error(`no schema for ${type}`);
  const all = sortKeys({ ...s.defaults, ...attrs }) as Obj;
  const { values, unknown, mask } = split(all);
  const afterUnknown = { ...((unknown as Obj | undefined) ?? {}) };
  for (const c of s.computed) if (!(c in (values as Obj))) afterUnknown[c] = true;
  const sensitive: Obj = { ...((mask as Obj | undefined) ?? {}), ...(s.maskExtra ?? {}) };
  for (const k of s.sensitive ?? []) sensitive[k] = true;
  return {
    address: `${moduleAddress ? `${moduleAddress}.` : ''}${type}.${name}${keySuffix(index)}`,
    moduleAddress,
    type,
    name,
    index,
    schema: s.schema,
    values: values as Obj,
    afterUnknown: sortKeys(afterUnknown) as Obj,
    sensitive: sortKeys(sensitive) as Obj,
  };
}

function plannedEntry(i: Instance): Obj {
  const e: Obj = { address: i.address, mode: 'managed', type: i.type, name: i.name };
  if (i.index !== undefined) e.index = i.index;
  e.provider_name = PROVIDER;
  e.schema_version = i.schema;
  e.values = i.values;
  e.sensitive_values = i.sensitive;
  return e;
}

function changeEntry(i: Instance, action: 'create' | 'delete'): Obj {
  const e: Obj = { address: i.address };
  if (i.moduleAddress) e.module_address = i.moduleAddress;
  e.mode = 'managed';
  e.type = i.type;
  e.name = i.name;
  if (i.index !== undefined) e.index = i.index;
  e.provider_name = PROVIDER;
  e.change =
    action === 'create'
      ? { actions: ['create'], before: null, after: i.values, after_unknown: i.afterUnknown, before_sensitive: false, after_sensitive: i.sensitive }
      : { actions: ['delete'], before: i.values, after: null, after_unknown: {}, before_sensitive: i.sensitive, after_sensitive: false };
  if (action === 'delete') e.action_reason = 'delete_because_each_key';
  return e;
}

// ---------------------------------------------------------------------------
// Configuration (what `terraform show -json` calls configuration)
// ---------------------------------------------------------------------------

type Expr = { references: string[] } | { constant_value: PV };
type Exprs = { [key: string]: Expr | Exprs[] };

/** `aws_vpc.main.id` → Terraform's references: the attribute and the object. */
const r = (...targets: string[]): Expr => {
  const out: string[] = [];
  for (const t of targets) {
    out.push(t);
    const m = /^((?:module\.[\w-]+(?:\[[^\]]+\])?\.)*[a-z][\w]*\.[\w-]+(?:\[[^\]]+\])?)\.[\w]+$/.exec(t);
    if (m && !t.startsWith('var.') && !t.startsWith('local.') && !t.startsWith('each.') && !t.startsWith('count.')) out.push(m[1]);
    else if (t.startsWith('each.value.')) out.push('each.value');
    else if (/^data\.[\w-]+\.[\w-]+\.\w+$/.test(t)) out.push(t.slice(0, t.lastIndexOf('.')));
  }
  return { references: out };
};
const c = (v: PV): Expr => ({ constant_value: v });

interface ConfigResourceSpec {
  type: string;
  name: string;
  expressions: Exprs;
  forEach?: string[];
  count?: Expr;
  dependsOn?: string[];
}

function configResource(s: ConfigResourceSpec): Obj {
  const out: Obj = {
    address: `${s.type}.${s.name}`,
    mode: 'managed',
    type: s.type,
    name: s.name,
    provider_config_key: 'aws',
    expressions: sortKeys(s.expressions as unknown as PV),
    schema_version: SCHEMAS[s.type].schema,
  };
  if (s.count) out.count_expression = s.count as unknown as PV;
  if (s.forEach) out.for_each_expression = { references: s.forEach };
  if (s.dependsOn) out.depends_on = s.dependsOn;
  return out;
}

const TAGS_EXPR = r('var.tags');

/** ./modules/workload: the configuration every workload call shares. */
function workloadConfig(): Obj {
  const res: ConfigResourceSpec[] = [
    { type: 'aws_vpc', name: 'main', expressions: { cidr_block: r('var.vpc_cidr'), enable_dns_hostnames: c(true), enable_dns_support: c(true), tags: r('var.tags', 'var.name') } },
    { type: 'aws_subnet', name: 'public', forEach: ['local.public_subnet_cidrs'], expressions: { availability_zone: r('each.key'), cidr_block: r('each.value'), map_public_ip_on_launch: c(false), tags: r('var.tags', 'var.name', 'each.key'), vpc_id: r('aws_vpc.main.id') } },
    { type: 'aws_subnet', name: 'private', forEach: ['local.private_subnet_cidrs'], expressions: { availability_zone: r('each.key'), cidr_block: r('each.value'), tags: r('var.tags', 'var.name', 'each.key'), vpc_id: r('aws_vpc.main.id') } },
    { type: 'aws_internet_gateway', name: 'main', expressions: { tags: r('var.tags', 'var.name'), vpc_id: r('aws_vpc.main.id') } },
    { type: 'aws_eip', name: 'nat', forEach: ['local.nat_gateway_azs'], expressions: { domain: c('vpc'), tags: r('var.tags', 'var.name', 'each.key') } },
    {
      type: 'aws_nat_gateway',
      name: 'per_az',
      forEach: ['var.single_nat_gateway', 'local.azs'],
      expressions: { allocation_id: { references: ['aws_eip.nat', 'each.key'] }, subnet_id: { references: ['aws_subnet.public', 'each.key'] }, tags: r('var.tags', 'var.name', 'each.key') },
      dependsOn: ['aws_internet_gateway.main'],
    },
    {
      type: 'aws_nat_gateway',
      name: 'shared',
      count: r('var.single_nat_gateway'),
      expressions: { allocation_id: { references: ['aws_eip.nat', 'local.primary_az'] }, subnet_id: r('aws_subnet.public["ap-northeast-1a"].id', 'aws_subnet.public'), tags: r('var.tags', 'var.name') },
      dependsOn: ['aws_internet_gateway.main'],
    },
    { type: 'aws_route_table', name: 'public', expressions: { route: r('aws_internet_gateway.main.id'), tags: r('var.tags', 'var.name'), vpc_id: r('aws_vpc.main.id') } },
    { type: 'aws_route_table', name: 'private_per_az', forEach: ['var.single_nat_gateway', 'local.azs'], expressions: { route: { references: ['aws_nat_gateway.per_az', 'each.key'] }, tags: r('var.tags', 'var.name', 'each.key'), vpc_id: r('aws_vpc.main.id') } },
    { type: 'aws_route_table', name: 'private_shared', forEach: ['var.single_nat_gateway', 'local.azs'], expressions: { route: r('aws_nat_gateway.shared[0].id'), tags: r('var.tags', 'var.name', 'each.key'), vpc_id: r('aws_vpc.main.id') } },
    { type: 'aws_route_table_association', name: 'public', forEach: ['aws_subnet.public'], expressions: { route_table_id: r('aws_route_table.public.id'), subnet_id: r('each.value.id') } },
    { type: 'aws_route_table_association', name: 'private_per_az', forEach: ['var.single_nat_gateway', 'local.azs'], expressions: { route_table_id: { references: ['aws_route_table.private_per_az', 'each.key'] }, subnet_id: { references: ['aws_subnet.private', 'each.key'] } } },
    { type: 'aws_route_table_association', name: 'private_shared', forEach: ['var.single_nat_gateway', 'local.azs'], expressions: { route_table_id: { references: ['aws_route_table.private_shared', 'each.key'] }, subnet_id: { references: ['aws_subnet.private', 'each.key'] } } },
    { type: 'aws_security_group', name: 'ecs_services', expressions: { description: c('ECS services behind the internal load balancers'), ingress: r('var.vpc_cidr'), name: r('var.name'), tags: r('var.tags', 'var.name'), vpc_id: r('aws_vpc.main.id') } },
    { type: 'aws_security_group', name: 'databases', expressions: { description: c('Aurora and RDS, reachable from the ECS services only'), ingress: r('aws_security_group.ecs_services.id', 'aws_security_group.ecs_services.id'), name: r('var.name'), tags: r('var.tags', 'var.name'), vpc_id: r('aws_vpc.main.id') } },
    { type: 'aws_security_group', name: 'extra', forEach: ['var.extra_security_groups'], expressions: { description: r('each.value.description'), ingress: r('each.value.ports', 'aws_security_group.ecs_services.id'), name: r('var.name', 'each.key'), tags: r('var.tags', 'var.name', 'each.key'), vpc_id: r('aws_vpc.main.id') } },
    { type: 'aws_ecs_cluster', name: 'main', expressions: { name: r('var.name'), setting: [{ name: c('containerInsights'), value: c('enabled') }], tags: TAGS_EXPR } },
    { type: 'aws_ecs_cluster_capacity_providers', name: 'main', expressions: { capacity_providers: c(['FARGATE', 'FARGATE_SPOT']), cluster_name: r('aws_ecs_cluster.main.name'), default_capacity_provider_strategy: [{ base: c(1), capacity_provider: c('FARGATE'), weight: c(100) }] } },
    { type: 'aws_db_subnet_group', name: 'main', expressions: { description: c('Private subnets in every AZ'), name: r('var.name'), subnet_ids: { references: ['aws_subnet.private'] }, tags: TAGS_EXPR } },
    { type: 'aws_rds_cluster_parameter_group', name: 'postgres15', expressions: { family: c('aurora-postgresql15'), name: r('var.name'), parameter: [{ apply_method: c('immediate'), name: c('log_min_duration_statement'), value: c('1000') }, { apply_method: c('pending-reboot'), name: c('rds.force_ssl'), value: c('1') }] } },
    { type: 'aws_cloudwatch_log_group', name: 'services', forEach: ['local.all_services'], expressions: { name: r('var.name', 'each.key'), retention_in_days: r('var.environment'), tags: TAGS_EXPR } },
    { type: 'aws_iam_role', name: 'task', forEach: ['local.all_services'], expressions: { assume_role_policy: c('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'), name: r('var.name', 'each.key'), tags: TAGS_EXPR } },
    { type: 'aws_iam_role_policy', name: 'task', forEach: ['local.all_services'], expressions: { name: r('each.key'), policy: r('var.environment', 'each.key', 'aws_sqs_queue.app'), role: { references: ['aws_iam_role.task', 'each.key'] } } },
    {
      type: 'aws_ecs_task_definition',
      name: 'app',
      forEach: ['local.all_services'],
      expressions: {
        container_definitions: r('each.key', 'var.ecr_registry', 'each.value.image_tag', 'each.value.port', 'aws_cloudwatch_log_group.services', 'each.key'),
        cpu: r('each.value.cpu'),
        execution_role_arn: r('var.execution_role_arn'),
        family: r('var.name', 'each.key'),
        memory: r('each.value.memory'),
        network_mode: c('awsvpc'),
        requires_compatibilities: c(['FARGATE']),
        tags: TAGS_EXPR,
        task_role_arn: { references: ['aws_iam_role.task', 'each.key'] },
      },
    },
    {
      type: 'aws_ecs_service',
      name: 'app',
      forEach: ['var.services'],
      expressions: {
        cluster: r('aws_ecs_cluster.main.id'),
        deployment_circuit_breaker: [{ enable: c(true), rollback: c(true) }],
        desired_count: r('each.value.desired_count'),
        launch_type: c('FARGATE'),
        name: r('var.name', 'each.key'),
        network_configuration: [{ assign_public_ip: c(false), security_groups: r('aws_security_group.ecs_services.id'), subnets: { references: ['aws_subnet.private'] } }],
        tags: r('var.tags', 'each.value.tier', 'each.key'),
        task_definition: { references: ['aws_ecs_task_definition.app', 'each.key'] },
      },
    },
    {
      type: 'aws_ecs_service',
      name: 'pinned',
      forEach: ['var.pinned_services'],
      expressions: {
        cluster: r('aws_ecs_cluster.main.id'),
        deployment_circuit_breaker: [{ enable: c(true), rollback: c(true) }],
        desired_count: r('each.value.desired_count'),
        launch_type: c('FARGATE'),
        name: r('var.name', 'each.key'),
        network_configuration: [{ assign_public_ip: c(false), security_groups: r('aws_security_group.ecs_services.id'), subnets: r('aws_subnet.private["ap-northeast-1a"].id', 'aws_subnet.private') }],
        tags: r('var.tags', 'each.value.tier', 'each.key'),
        task_definition: { references: ['aws_ecs_task_definition.app', 'each.key'] },
      },
    },
    {
      type: 'aws_appautoscaling_target',
      name: 'app',
      forEach: ['var.services'],
      expressions: {
        max_capacity: r('each.value.max_capacity'),
        min_capacity: r('each.value.min_capacity'),
        resource_id: { references: ['aws_ecs_cluster.main.name', 'aws_ecs_cluster.main', 'aws_ecs_service.app', 'each.key'] },
        scalable_dimension: c('ecs:service:DesiredCount'),
        service_namespace: c('ecs'),
      },
    },
    {
      type: 'aws_appautoscaling_policy',
      name: 'cpu',
      forEach: ['var.services'],
      expressions: {
        name: r('each.key'),
        policy_type: c('TargetTrackingScaling'),
        resource_id: { references: ['aws_appautoscaling_target.app', 'each.key'] },
        scalable_dimension: { references: ['aws_appautoscaling_target.app', 'each.key'] },
        service_namespace: { references: ['aws_appautoscaling_target.app', 'each.key'] },
        target_tracking_scaling_policy_configuration: [{ predefined_metric_specification: [{ predefined_metric_type: c('ECSServiceAverageCPUUtilization') }], scale_in_cooldown: c(300), scale_out_cooldown: c(60), target_value: r('each.value.cpu_target') }],
      },
    },
    { type: 'aws_sqs_queue', name: 'app', forEach: ['var.queues'], expressions: { message_retention_seconds: r('each.value.retention'), name: r('var.name', 'each.key'), tags: TAGS_EXPR, visibility_timeout_seconds: r('each.value.visibility_timeout') } },
    {
      type: 'aws_cloudwatch_metric_alarm',
      name: 'cpu',
      forEach: ['var.alarms'],
      expressions: {
        alarm_name: r('var.name', 'each.key'),
        comparison_operator: c('GreaterThanThreshold'),
        dimensions: r('aws_ecs_cluster.main.name', 'aws_ecs_service.app', 'each.key'),
        evaluation_periods: c(3),
        metric_name: c('CPUUtilization'),
        namespace: c('AWS/ECS'),
        period: c(60),
        statistic: c('Average'),
        tags: TAGS_EXPR,
        threshold: r('each.value'),
      },
    },
  ];
  const variables: Obj = {};
  for (const [k, d] of Object.entries({
    name: 'Workload name, prefix of every identifier.',
    environment: 'prod, stg or dev.',
    vpc_cidr: 'CIDR block of the workload VPC.',
    single_nat_gateway: 'One shared NAT gateway instead of one per AZ.',
    services: 'ECS services spread over the private subnets, with autoscaling.',
    pinned_services: 'ECS services that must run next to an on-premises link in the primary AZ.',
    aurora_clusters: 'Aurora clusters (modules/aurora).',
    databases: 'RDS instances (modules/rds-instance).',
    queues: 'SQS queues.',
    alarms: 'CPU alarm threshold per service.',
    extra_security_groups: 'Security groups of the workers.',
    ecr_registry: 'ECR registry in the shared-services account.',
    execution_role_arn: 'Task execution role shared by every workload.',
    db_password: 'Master password of the self-managed databases.',
    tags: 'Tags of every resource.',
  })) {
    variables[k] = k === 'db_password' ? { description: d, sensitive: true } : k === 'single_nat_gateway' ? { default: false, description: d } : { description: d };
  }
  return {
    outputs: {
      cluster_name: { expression: r('aws_ecs_cluster.main.name') },
      vpc_id: { expression: r('aws_vpc.main.id') },
      private_subnet_ids: { expression: { references: ['aws_subnet.private'] } },
    },
    resources: res.map(configResource),
    module_calls: {
      aurora: {
        source: '../aurora',
        expressions: sortKeys({
          availability_zones: r('each.value.availability_zones'),
          backup_retention_period: r('each.value.backup_retention_period'),
          db_subnet_group_name: r('aws_db_subnet_group.main.name'),
          engine: r('each.value.engine'),
          engine_version: r('each.value.engine_version'),
          instance_count: r('each.value.instances'),
          name: r('var.name', 'each.key'),
          parameter_group_name: r('aws_rds_cluster_parameter_group.postgres15.name'),
          security_group_ids: r('aws_security_group.databases.id'),
          tags: r('var.tags', 'each.value.tier', 'each.key'),
        } as unknown as PV),
        for_each_expression: { references: ['var.aurora_clusters'] },
        module: auroraConfig(),
      },
      db: {
        source: '../rds-instance',
        expressions: sortKeys({
          backup_retention_period: r('each.value.backup_retention_period'),
          engine_version: r('each.value.engine_version'),
          identifier: r('var.name', 'each.key'),
          instance_class: r('each.value.instance_class'),
          multi_az: r('each.value.multi_az'),
          password: r('var.db_password'),
          security_group_ids: r('aws_security_group.databases.id'),
          subnet_ids: { references: ['aws_subnet.private'] },
          tags: r('var.tags', 'each.value.tier', 'each.key'),
          username: r('each.key'),
        } as unknown as PV),
        for_each_expression: { references: ['var.databases'] },
        module: rdsConfig(),
      },
    },
    variables: sortKeys(variables),
  };
}

/** ./modules/aurora */
function auroraConfig(): Obj {
  return {
    outputs: { endpoint: { expression: r('aws_rds_cluster.this.endpoint') }, reader_endpoint: { expression: r('aws_rds_cluster.this.reader_endpoint') } },
    resources: [
      configResource({
        type: 'aws_rds_cluster',
        name: 'this',
        expressions: {
          backup_retention_period: r('var.backup_retention_period'),
          cluster_identifier: r('var.name'),
          copy_tags_to_snapshot: c(true),
          database_name: r('var.name'),
          db_cluster_parameter_group_name: r('var.parameter_group_name', 'var.engine'),
          db_subnet_group_name: r('var.db_subnet_group_name'),
          deletion_protection: c(true),
          enabled_cloudwatch_logs_exports: r('var.engine'),
          engine: r('var.engine'),
          engine_version: r('var.engine_version'),
          final_snapshot_identifier: r('var.name'),
          manage_master_user_password: c(true),
          master_username: c('admin_user'),
          preferred_backup_window: c('16:00-17:00'),
          storage_encrypted: c(true),
          tags: r('var.tags'),
          vpc_security_group_ids: r('var.security_group_ids'),
        },
      }),
      configResource({
        type: 'aws_rds_cluster_instance',
        name: 'this',
        count: r('var.instance_count'),
        expressions: {
          availability_zone: r('var.availability_zones', 'count.index'),
          cluster_identifier: r('aws_rds_cluster.this.id'),
          engine: r('aws_rds_cluster.this.engine'),
          engine_version: r('aws_rds_cluster.this.engine_version'),
          identifier: r('var.name', 'count.index'),
          instance_class: r('var.instance_class'),
          promotion_tier: r('count.index'),
          tags: r('var.tags'),
        },
      }),
    ],
    variables: {
      availability_zones: { default: [], description: 'AZ of each instance, in order; empty: RDS places them.' },
      backup_retention_period: { default: 7 },
      db_subnet_group_name: {},
      engine: { default: 'aurora-postgresql' },
      engine_version: {},
      instance_class: { default: 'db.r6g.large' },
      instance_count: { default: 2 },
      name: {},
      parameter_group_name: { default: null },
      security_group_ids: { default: [] },
      tags: { default: {} },
    },
  };
}

/** ./modules/rds-instance (the legacy-db module of the TechNova example) */
function rdsConfig(): Obj {
  return {
    outputs: { endpoint: { expression: r('aws_db_instance.this.endpoint'), description: 'Connection endpoint (host:port).' } },
    resources: [
      configResource({
        type: 'aws_db_instance',
        name: 'this',
        expressions: {
          allocated_storage: c(100),
          backup_retention_period: r('var.backup_retention_period'),
          db_subnet_group_name: r('aws_db_subnet_group.this.name'),
          deletion_protection: c(true),
          engine: c('postgres'),
          engine_version: r('var.engine_version'),
          final_snapshot_identifier: r('var.identifier'),
          identifier: r('var.identifier'),
          instance_class: r('var.instance_class'),
          max_allocated_storage: c(1000),
          multi_az: r('var.multi_az'),
          parameter_group_name: r('aws_db_parameter_group.this.name'),
          password: r('var.password'),
          skip_final_snapshot: c(false),
          storage_encrypted: c(true),
          storage_type: c('gp3'),
          tags: r('var.tags', 'var.identifier'),
          username: r('var.username'),
          vpc_security_group_ids: r('var.security_group_ids'),
        },
      }),
      configResource({ type: 'aws_db_parameter_group', name: 'this', expressions: { family: c('postgres15'), name: r('var.identifier'), parameter: [{ name: c('log_connections'), value: c('1') }], tags: r('var.tags') } }),
      configResource({ type: 'aws_db_subnet_group', name: 'this', expressions: { name: r('var.identifier'), subnet_ids: r('var.subnet_ids'), tags: r('var.tags') } }),
    ],
    variables: {
      backup_retention_period: { default: null, description: 'Days of automated backups; null: the engine default.' },
      engine_version: { default: '15.5' },
      identifier: { description: 'RDS instance identifier.' },
      instance_class: { default: 'db.m6g.large' },
      multi_az: { default: false, description: 'Run a synchronous standby in a second AZ.' },
      password: { description: 'Master password.', sensitive: true },
      security_group_ids: { default: [] },
      subnet_ids: { description: 'Subnets of the DB subnet group.' },
      tags: { default: {} },
      username: { description: 'Master user name.' },
    },
  };
}

// ---------------------------------------------------------------------------
// One workload: its planned instances and its module call
// ---------------------------------------------------------------------------

interface ServiceSpec {
  key: string;
  tier: string | null;
  desired_count: number;
  min_capacity: number;
  max_capacity: number;
  cpu: string;
  memory: string;
  port: number;
  image_tag: string;
  cpu_target: number;
}

interface AuroraSpec {
  key: string;
  engine: string;
  engine_version: string;
  instances: number;
  /** Empty: RDS places the instances (the plan cannot say where). */
  availability_zones: string[];
  backup_retention_period: number;
  tier: string | null;
}

interface DbSpec {
  key: string;
  engine_version: string;
  instance_class: string;
  multi_az: boolean;
  backup_retention_period: number | null;
  tier: string | null;
}

interface Workload {
  call: string;
  name: string;
  env: string;
  dept: string;
  vpcCidr: string;
  single: boolean;
  services: ServiceSpec[];
  pinned: ServiceSpec[];
  aurora: AuroraSpec[];
  databases: DbSpec[];
  queues: { key: string; retention: number; visibility_timeout: number }[];
  alarms: { key: string; threshold: number }[];
  extraSgs: { key: string; description: string; ports: number[] }[];
  used: Set<string>;
}

const NET_BASE = 20;
const PLATFORM = 4;
const PER_SERVICE = 7;
const PER_PINNED = 5;
const PER_DB = 3;

function workloadSize(w: Workload): number {
  const nats = w.single ? 1 : 3;
  return (
    NET_BASE + 2 * nats + PLATFORM +
    PER_SERVICE * w.services.length + PER_PINNED * w.pinned.length +
    w.aurora.reduce((s, a) => s + 1 + a.instances, 0) + PER_DB * w.databases.length +
    w.queues.length + w.alarms.length + w.extraSgs.length
  );
}

function uniqueKey(w: Workload, base: string): string {
  let k = base;
  for (let n = 2; w.used.has(k); n++) k = `${base}-${n}`;
  w.used.add(k);
  return k;
}

function tier(rng: Rng, pNone = 0.1): string | null {
  return rng.chance(pNone) ? null : rng.weighted(TIERS);
}

function serviceSpec(rng: Rng, w: Workload, pinned: boolean): ServiceSpec {
  const cpu = rng.pick(['256', '512', '1024', '2048']);
  const min = pinned ? 1 : rng.weighted([[1, 2], [2, 2], [3, 5], [6, 1]] as const);
  return {
    key: uniqueKey(w, rng.pick(SERVICE_WORDS)),
    tier: tier(rng),
    desired_count: pinned ? rng.pick([1, 2, 3]) : Math.max(min, rng.pick([2, 3, 4, 6])),
    min_capacity: min,
    max_capacity: rng.pick([10, 15, 20, 30]),
    cpu,
    memory: String(Number(cpu) * 2),
    port: rng.pick([8080, 8080, 9000]),
    image_tag: rng.pick(IMAGE_TAGS),
    cpu_target: rng.pick([50, 60, 70]),
  };
}

/** Fill a workload up to `budget` instances. */
function planWorkload(rng: Rng, index: number, usedCalls: Set<string>, budget: number): Workload {
  const dept = DEPARTMENTS[index % DEPARTMENTS.length];
  const env = ENVIRONMENTS[(index + Math.floor(index / DEPARTMENTS.length)) % ENVIRONMENTS.length];
  let call = `${dept}_${env}`;
  for (let k = 2; usedCalls.has(call); k++) call = `${dept}_${env}_${k}`;
  usedCalls.add(call);
  const w: Workload = {
    call,
    name: `technova-${call.replace(/_/g, '-')}`,
    env,
    dept,
    vpcCidr: `10.${(index * 7) % 200 + 10}.0.0/16`,
    single: env !== 'prod' || rng.chance(0.3),
    services: [],
    pinned: [],
    aurora: [],
    databases: [],
    queues: [],
    alarms: [],
    extraSgs: [],
    used: new Set(),
  };
  type Kind = 'service' | 'pinned' | 'aurora' | 'db' | 'queue' | 'alarm' | 'sg';
  const weights: readonly (readonly [Kind, number])[] = [['service', 5], ['pinned', 1], ['aurora', 2], ['db', 1], ['queue', 1], ['alarm', 1], ['sg', 1]];
  for (let guard = 0; workloadSize(w) < budget && guard < 100_000; guard++) {
    const room = budget - workloadSize(w);
    let kind = rng.weighted(weights);
    const aurInstances = rng.weighted([[1, 2], [2, 4], [3, 4]] as const);
    const size = { service: PER_SERVICE, pinned: PER_PINNED, aurora: 1 + aurInstances, db: PER_DB, queue: 1, alarm: 1, sg: 1 }[kind];
    if (size > room) kind = rng.pick(['queue', 'sg', 'alarm'] as const);
    if (kind === 'alarm' && w.alarms.length >= w.services.length) kind = 'queue';
    switch (kind) {
      case 'service':
        w.services.push(serviceSpec(rng, w, false));
        break;
      case 'pinned':
        w.pinned.push(serviceSpec(rng, w, true));
        break;
      case 'aurora': {
        const postgres = rng.chance(0.6);
        const placement = rng.weighted([['per-az', 6], ['primary', 2], ['unset', 2]] as const);
        w.aurora.push({
          key: uniqueKey(w, `${rng.pick(SERVICE_WORDS)}-db`),
          engine: postgres ? 'aurora-postgresql' : 'aurora-mysql',
          engine_version: postgres ? rng.pick(['15.4', '16.2']) : '8.0.mysql_aurora.3.05.2',
          instances: aurInstances,
          availability_zones: placement === 'per-az' ? AZS.slice(0, aurInstances) : placement === 'primary' ? Array(aurInstances).fill(AZS[0]) : [],
          backup_retention_period: rng.weighted([[7, 5], [3, 1], [1, 1], [14, 1]] as const),
          tier: tier(rng),
        });
        break;
      }
      case 'db':
        w.databases.push({
          key: uniqueKey(w, `${rng.pick(SERVICE_WORDS)}-rds`),
          engine_version: rng.pick(['15.5', '16.3', '13.13']),
          instance_class: rng.pick(['db.t4g.large', 'db.m6g.large', 'db.m6g.xlarge']),
          multi_az: rng.chance(0.5),
          backup_retention_period: rng.weighted([[7, 4], [1, 2], [null, 2], [3, 1]] as const),
          tier: tier(rng, 0.3),
        });
        break;
      case 'queue':
        w.queues.push({ key: uniqueKey(w, `${rng.pick(SERVICE_WORDS)}-events`), retention: rng.pick([345600, 1209600]), visibility_timeout: rng.pick([30, 60, 300]) });
        break;
      case 'alarm': {
        const s = w.services[w.alarms.length];
        w.alarms.push({ key: s.key, threshold: rng.pick([70, 80, 90]) });
        break;
      }
      case 'sg':
        w.extraSgs.push({ key: uniqueKey(w, `${rng.pick(SERVICE_WORDS)}-workers`), description: 'Workers of the batch pipeline', ports: [rng.pick([443, 8443, 9090]), rng.pick([5432, 6379])] });
        break;
    }
  }
  return w;
}

/** `10.X.0.0/16` → cidrsubnet(prefix, newbits, n) for /16 prefixes. */
function cidrsubnet(vpc: string, newbits: number, n: number): string {
  const second = vpc.split('.')[1];
  if (newbits === 8) return `10.${second}.${n}.0/24`;
  return `10.${second}.${n * 16}.0/20`;
}

function tagsOf(w: Workload, extra: Record<string, string | null> = {}): { tags: Obj; tags_all: Obj } {
  const tags: Obj = { environment: w.env, project: 'technova', workload: w.name };
  for (const [k, v] of Object.entries(extra)) if (v !== null) tags[k] = v;
  return { tags, tags_all: { ...tags, ...DEFAULT_TAGS } };
}

/** Every planned instance of the workload, and the queue it deletes. */
function workloadInstances(w: Workload): { instances: Instance[]; deleted: Instance } {
  const m = `module.${w.call}`;
  const out: Instance[] = [];
  const add = (type: string, name: string, index: string | number | undefined, attrs: Obj, moduleAddress = m): void => {
    out.push(instance(moduleAddress, type, name, index, attrs));
  };
  /** An inline route to `target` (unknown until apply); the other fields are planned as empty strings. */
  const route = (target: string): PV[] => [
    { ...Object.fromEntries(ROUTE_FIELDS.filter((f) => f !== target).map((f) => [f, f === 'cidr_block' ? '0.0.0.0/0' : ''])), [target]: U },
  ];

  // Network.
  add('aws_vpc', 'main', undefined, { cidr_block: w.vpcCidr, ...tagsOf(w, { Name: `${w.name}-vpc`, tier: 'critical' }) });
  AZS.forEach((az, i) => {
    add('aws_subnet', 'public', az, { availability_zone: az, cidr_block: cidrsubnet(w.vpcCidr, 8, 240 + i), ...tagsOf(w, { Name: `${w.name}-public-${az}`, role: 'public', tier: 'critical' }), vpc_id: U });
  });
  AZS.forEach((az, i) => {
    add('aws_subnet', 'private', az, { availability_zone: az, cidr_block: cidrsubnet(w.vpcCidr, 4, i), ...tagsOf(w, { Name: `${w.name}-private-${az}`, role: 'private', tier: 'critical' }), vpc_id: U });
  });
  add('aws_internet_gateway', 'main', undefined, { ...tagsOf(w, { Name: `${w.name}-igw` }), vpc_id: U });
  const natAzs = w.single ? [AZS[0]] : AZS;
  for (const az of natAzs) add('aws_eip', 'nat', az, { ...tagsOf(w, { Name: `${w.name}-nat-${az}`, tier: 'critical' }) });
  if (w.single) add('aws_nat_gateway', 'shared', 0, { allocation_id: U, subnet_id: U, ...tagsOf(w, { Name: `${w.name}-nat`, tier: 'critical' }) });
  else for (const az of AZS) add('aws_nat_gateway', 'per_az', az, { allocation_id: U, subnet_id: U, ...tagsOf(w, { Name: `${w.name}-nat-${az}`, tier: 'critical' }) });
  add('aws_route_table', 'public', undefined, { route: route('gateway_id'), ...tagsOf(w, { Name: `${w.name}-public` }), vpc_id: U });
  const privateRt = w.single ? 'private_shared' : 'private_per_az';
  for (const az of AZS) add('aws_route_table', privateRt, az, { route: route('nat_gateway_id'), ...tagsOf(w, { Name: `${w.name}-private-${az}`, tier: 'critical' }), vpc_id: U });
  for (const az of AZS) add('aws_route_table_association', 'public', az, { route_table_id: U, subnet_id: U });
  for (const az of AZS) add('aws_route_table_association', privateRt, az, { route_table_id: U, subnet_id: U });
  const rule = (port: number, description: string, from: 'cidr' | 'sg'): Obj => ({
    cidr_blocks: from === 'cidr' ? [w.vpcCidr] : [],
    description,
    from_port: port,
    ipv6_cidr_blocks: [],
    prefix_list_ids: [],
    protocol: 'tcp',
    security_groups: from === 'sg' ? U : [],
    self: false,
    to_port: port,
  });
  add('aws_security_group', 'ecs_services', undefined, { description: 'ECS services behind the internal load balancers', ingress: [rule(8080, 'HTTP from the VPC', 'cidr')], name: `${w.name}-ecs-services`, ...tagsOf(w, { Name: `${w.name}-ecs-services` }), vpc_id: U });
  add('aws_security_group', 'databases', undefined, { description: 'Aurora and RDS, reachable from the ECS services only', ingress: [rule(3306, 'MySQL', 'sg'), rule(5432, 'PostgreSQL', 'sg')], name: `${w.name}-databases`, ...tagsOf(w, { Name: `${w.name}-databases` }), vpc_id: U });
  for (const g of w.extraSgs) {
    add('aws_security_group', 'extra', g.key, { description: g.description, ingress: g.ports.map((p) => rule(p, `${g.key} ${p}`, 'sg')), name: `${w.name}-${g.key}`, ...tagsOf(w, { Name: `${w.name}-${g.key}` }), vpc_id: U });
  }

  // Platform.
  add('aws_ecs_cluster', 'main', undefined, { name: w.name, setting: [{ name: 'containerInsights', value: 'enabled' }], ...tagsOf(w) });
  add('aws_ecs_cluster_capacity_providers', 'main', undefined, { capacity_providers: ['FARGATE', 'FARGATE_SPOT'], cluster_name: w.name, default_capacity_provider_strategy: [{ base: 1, capacity_provider: 'FARGATE', weight: 100 }] });
  add('aws_db_subnet_group', 'main', undefined, { description: 'Private subnets in every AZ', name: w.name, subnet_ids: U, ...tagsOf(w) });
  add('aws_rds_cluster_parameter_group', 'postgres15', undefined, {
    family: 'aurora-postgresql15',
    name: w.name,
    parameter: [
      { apply_method: 'immediate', name: 'log_min_duration_statement', value: '1000' },
      { apply_method: 'pending-reboot', name: 'rds.force_ssl', value: '1' },
    ],
    tags_all: { ...DEFAULT_TAGS },
  });

  // Services.
  const retention = w.env === 'prod' ? 90 : 30;
  for (const s of [...w.services, ...w.pinned]) {
    const logGroup = `/ecs/${w.name}/${s.key}`;
    add('aws_cloudwatch_log_group', 'services', s.key, { name: logGroup, retention_in_days: retention, ...tagsOf(w) });
    add('aws_iam_role', 'task', s.key, {
      assume_role_policy: '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"}}],"Version":"2012-10-17"}',
      name: `${w.name}-${s.key}-task`,
      ...tagsOf(w),
    });
    add('aws_iam_role_policy', 'task', s.key, {
      name: `${s.key}-access`,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Action: ['secretsmanager:GetSecretValue'], Effect: 'Allow', Resource: `arn:aws:secretsmanager:ap-northeast-1:*:secret:technova/${w.env}/${s.key}/*` },
          { Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], Effect: 'Allow', Resource: `arn:aws:sqs:ap-northeast-1:*:${w.name}-*` },
        ],
      }),
      role: U,
    });
    add('aws_ecs_task_definition', 'app', s.key, {
      container_definitions: JSON.stringify([
        {
          essential: true,
          healthCheck: { command: ['CMD-SHELL', `curl -fs http://localhost:${s.port}/health || exit 1`], interval: 10, retries: 3, startPeriod: 30, timeout: 5 },
          image: `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/${s.key.replace(/-\d+$/, '')}:${s.image_tag}`,
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': logGroup, 'awslogs-region': 'ap-northeast-1', 'awslogs-stream-prefix': s.key } },
          name: s.key,
          portMappings: [{ containerPort: s.port, protocol: 'tcp' }],
        },
      ]),
      cpu: s.cpu,
      execution_role_arn: U,
      family: `${w.name}-${s.key}`,
      memory: s.memory,
      network_mode: 'awsvpc',
      requires_compatibilities: ['FARGATE'],
      task_role_arn: U,
      ...tagsOf(w),
    });
  }
  const service = (name: 'app' | 'pinned', s: ServiceSpec): void => {
    add('aws_ecs_service', name, s.key, {
      cluster: U,
      deployment_circuit_breaker: [{ enable: true, rollback: true }],
      desired_count: s.desired_count,
      launch_type: 'FARGATE',
      name: `${w.name}-${s.key}`,
      network_configuration: [{ assign_public_ip: false, security_groups: U, subnets: U }],
      ...tagsOf(w, { service: s.key, tier: s.tier }),
      task_definition: U,
    });
  };
  for (const s of w.services) {
    service('app', s);
    const resourceId = `service/${w.name}/${w.name}-${s.key}`;
    add('aws_appautoscaling_target', 'app', s.key, {
      max_capacity: s.max_capacity,
      min_capacity: s.min_capacity,
      resource_id: resourceId,
      scalable_dimension: 'ecs:service:DesiredCount',
      service_namespace: 'ecs',
      tags_all: { ...DEFAULT_TAGS },
    });
    add('aws_appautoscaling_policy', 'cpu', s.key, {
      name: s.key,
      policy_type: 'TargetTrackingScaling',
      resource_id: resourceId,
      scalable_dimension: 'ecs:service:DesiredCount',
      service_namespace: 'ecs',
      target_tracking_scaling_policy_configuration: [
        {
          customized_metric_specification: [],
          disable_scale_in: false,
          predefined_metric_specification: [{ predefined_metric_type: 'ECSServiceAverageCPUUtilization', resource_label: null }],
          scale_in_cooldown: 300,
          scale_out_cooldown: 60,
          target_value: s.cpu_target,
        },
      ],
    });
  }
  for (const s of w.pinned) service('pinned', s);
  for (const q of w.queues) add('aws_sqs_queue', 'app', q.key, { message_retention_seconds: q.retention, name: `${w.name}-${q.key}`, ...tagsOf(w), visibility_timeout_seconds: q.visibility_timeout });
  for (const a of w.alarms) {
    add('aws_cloudwatch_metric_alarm', 'cpu', a.key, {
      alarm_description: null,
      alarm_name: `${w.name}-${a.key}-cpu`,
      comparison_operator: 'GreaterThanThreshold',
      dimensions: { ClusterName: w.name, ServiceName: `${w.name}-${a.key}` },
      evaluation_periods: 3,
      metric_name: 'CPUUtilization',
      namespace: 'AWS/ECS',
      period: 60,
      statistic: 'Average',
      threshold: a.threshold,
      ...tagsOf(w),
    });
  }

  // Aurora clusters (module.aurora["<key>"]).
  for (const a of w.aurora) {
    const mod = `${m}.module.aurora[${JSON.stringify(a.key)}]`;
    const id = `${w.name}-${a.key}`;
    const postgres = a.engine === 'aurora-postgresql';
    const tags = tagsOf(w, { service: a.key, tier: a.tier });
    add('aws_rds_cluster', 'this', undefined, {
      backup_retention_period: a.backup_retention_period,
      cluster_identifier: id,
      copy_tags_to_snapshot: true,
      database_name: a.key.replace(/-/g, '_'),
      db_cluster_parameter_group_name: postgres ? w.name : null,
      db_subnet_group_name: w.name,
      deletion_protection: true,
      enabled_cloudwatch_logs_exports: postgres ? ['postgresql'] : null,
      engine: a.engine,
      engine_version: a.engine_version,
      final_snapshot_identifier: `${id}-final`,
      manage_master_user_password: true,
      master_username: 'admin_user',
      preferred_backup_window: '16:00-17:00',
      storage_encrypted: true,
      ...tags,
      vpc_security_group_ids: U,
    }, mod);
    for (let i = 0; i < a.instances; i++) {
      const attrs: Obj = {
        cluster_identifier: U,
        engine: a.engine,
        engine_version: a.engine_version,
        identifier: `${id}-${i + 1}`,
        instance_class: 'db.r6g.large',
        promotion_tier: i,
        ...tags,
      };
      attrs.availability_zone = a.availability_zones.length ? a.availability_zones[i] : U;
      add('aws_rds_cluster_instance', 'this', i, attrs, mod);
    }
  }

  // RDS instances (module.db["<key>"]).
  for (const d of w.databases) {
    const mod = `${m}.module.db[${JSON.stringify(d.key)}]`;
    const id = `${w.name}-${d.key}`;
    const tags = tagsOf(w, { Name: id, service: d.key, tier: d.tier });
    add('aws_db_subnet_group', 'this', undefined, { name: id, subnet_ids: U, ...tagsOf(w, { service: d.key, tier: d.tier }) }, mod);
    add('aws_db_parameter_group', 'this', undefined, { family: 'postgres15', name: id, parameter: [{ apply_method: 'immediate', name: 'log_connections', value: '1' }], ...tagsOf(w, { service: d.key, tier: d.tier }) }, mod);
    const attrs: Obj = {
      allocated_storage: 100,
      db_subnet_group_name: id,
      deletion_protection: true,
      engine: 'postgres',
      engine_version: d.engine_version,
      final_snapshot_identifier: id,
      identifier: id,
      instance_class: d.instance_class,
      max_allocated_storage: 1000,
      multi_az: d.multi_az,
      parameter_group_name: id,
      password: 'Tn-bench-EXAMPLE-0nly!',
      skip_final_snapshot: false,
      storage_encrypted: true,
      storage_type: 'gp3',
      ...tags,
      username: d.key.replace(/-/g, '_'),
      vpc_security_group_ids: U,
    };
    if (d.backup_retention_period !== null) attrs.backup_retention_period = d.backup_retention_period;
    else attrs.backup_retention_period = U;
    add('aws_db_instance', 'this', undefined, attrs, mod);
  }

  const deleted = instance(m, 'aws_sqs_queue', 'app', 'legacy-import', { message_retention_seconds: 345600, name: `${w.name}-legacy-import`, ...tagsOf(w), visibility_timeout_seconds: 30 });
  return { instances: out, deleted };
}

function moduleCall(w: Workload, module: Obj): Obj {
  const obj = <T extends { key: string }>(items: T[], pick: (x: T) => PV): PV => Object.fromEntries(items.map((x) => [x.key, pick(x)]));
  const svc = (s: ServiceSpec): PV => {
    const { key: _key, ...rest } = s;
    void _key;
    return rest as unknown as PV;
  };
  // Go's encoding/json writes maps (expressions, constant values) with sorted keys.
  return {
    source: './modules/workload',
    expressions: sortKeys({
      aurora_clusters: c(obj(w.aurora, ({ key: _k, ...a }) => a as unknown as PV)),
      alarms: c(obj(w.alarms, (a) => a.threshold)),
      databases: c(obj(w.databases, ({ key: _k, ...d }) => d as unknown as PV)),
      db_password: r('var.db_password'),
      ecr_registry: r('var.ecr_registry'),
      environment: c(w.env),
      execution_role_arn: r('aws_iam_role.ecs_task_execution.arn'),
      extra_security_groups: c(obj(w.extraSgs, ({ key: _k, ...g }) => g as unknown as PV)),
      name: c(w.name),
      pinned_services: c(obj(w.pinned, svc)),
      queues: c(obj(w.queues, ({ key: _k, ...q }) => q as unknown as PV)),
      services: c(obj(w.services, svc)),
      single_nat_gateway: c(w.single),
      tags: r('local.common_tags'),
      vpc_cidr: c(w.vpcCidr),
    } as unknown as PV),
    module,
  };
}

// ---------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------

function moduleTree(instances: Instance[]): Obj {
  const byModule = new Map<string, Instance[]>();
  for (const i of instances) {
    let list = byModule.get(i.moduleAddress);
    if (!list) byModule.set(i.moduleAddress, (list = []));
    list.push(i);
  }
  // Parent of `module.a.module.b["x"]` is `module.a`.
  const parentOf = (addr: string): string => {
    const k = addr.lastIndexOf('.module.');
    return k < 0 ? '' : addr.slice(0, k);
  };
  const children = new Map<string, string[]>();
  for (const addr of byModule.keys()) {
    for (let a = addr; a !== ''; a = parentOf(a)) {
      const p = parentOf(a);
      let list = children.get(p);
      if (!list) children.set(p, (list = []));
      if (!list.includes(a)) list.push(a);
    }
  }
  const build = (addr: string): Obj => {
    const m: Obj = {};
    const res = (byModule.get(addr) ?? []).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    m.resources = res.map(plannedEntry);
    if (addr) m.address = addr;
    const kids = (children.get(addr) ?? []).sort();
    if (kids.length) m.child_modules = kids.map(build);
    return m;
  };
  return build('');
}

export function generate(dir: string, options: GenerateOptions = {}): PlanStats {
  const target = Math.max(100, Math.round(options.resources ?? 1000));
  const workloads = Math.max(1, Math.round(options.workloads ?? target / 200));
  const rng = new Rng(options.seed ?? target * 104729 + workloads * 13 + 5);
  prepareDir(dir, 'Generated by bench/generate-plan.ts; safe to delete.');

  const root: Instance[] = [
    instance('', 'aws_iam_role', 'ecs_task_execution', undefined, {
      assume_role_policy: '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"}}],"Version":"2012-10-17"}',
      name: 'technova-ecs-task-execution',
      tags: { project: 'technova' },
      tags_all: { project: 'technova', ...DEFAULT_TAGS },
    }),
    instance('', 'aws_iam_role_policy_attachment', 'ecs_task_execution', undefined, {
      policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
      role: 'technova-ecs-task-execution',
    }),
  ];
  const all: Instance[] = [...root];
  const deleted: Instance[] = [];
  const usedCalls = new Set<string>();
  const calls: Obj = {};
  const module = workloadConfig();
  const relevant: Obj[] = [];
  for (let i = 0; i < workloads; i++) {
    const budget = Math.round((target - all.length) / (workloads - i));
    const w = planWorkload(rng, i, usedCalls, budget);
    const { instances, deleted: gone } = workloadInstances(w);
    all.push(...instances);
    deleted.push(gone);
    calls[w.call] = moduleCall(w, module);
    relevant.push({ resource: `module.${w.call}.aws_ecs_cluster.main`, attribute: ['name'] }, { resource: `module.${w.call}.aws_vpc.main`, attribute: ['id'] });
  }

  const changes = [...all.map((i) => changeEntry(i, 'create')), ...deleted.map((i) => changeEntry(i, 'delete'))].sort((a, b) =>
    (a.address as string) < (b.address as string) ? -1 : (a.address as string) > (b.address as string) ? 1 : 0,
  );
  const callNames = Object.keys(calls).sort();
  const priorChildren: Obj[] = deleted.map((d) => ({ resources: [plannedEntry(d)], address: d.moduleAddress }));
  const policyJson = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ecs-tasks.amazonaws.com"}}]}';

  const plan: Obj = {
    format_version: '1.2',
    terraform_version: TERRAFORM_VERSION,
    variables: {
      db_password: { value: 'Tn-bench-EXAMPLE-0nly!' },
      ecr_registry: { value: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com' },
      region: { value: 'ap-northeast-1' },
    },
    planned_values: {
      outputs: { cluster_names: { sensitive: false, type: ['object', Object.fromEntries(callNames.map((n) => [n, 'string']))] as unknown as PV, value: Object.fromEntries(callNames.map((n) => [n, `technova-${n.replace(/_/g, '-')}`])) }, vpc_ids: { sensitive: false } },
      root_module: moduleTree(all),
    },
    resource_changes: changes,
    output_changes: {
      cluster_names: { actions: ['create'], before: null, after: Object.fromEntries(callNames.map((n) => [n, `technova-${n.replace(/_/g, '-')}`])), after_unknown: false, before_sensitive: false, after_sensitive: false },
      vpc_ids: { actions: ['create'], before: null, after: {}, after_unknown: Object.fromEntries(callNames.map((n) => [n, true])), before_sensitive: false, after_sensitive: false },
    },
    prior_state: {
      format_version: '1.0',
      terraform_version: TERRAFORM_VERSION,
      values: {
        outputs: {},
        root_module: {
          resources: [
            {
              address: 'data.aws_iam_policy_document.ecs_tasks_assume',
              mode: 'data',
              type: 'aws_iam_policy_document',
              name: 'ecs_tasks_assume',
              provider_name: PROVIDER,
              schema_version: 0,
              values: { id: '1077804475', json: JSON.stringify(JSON.parse(policyJson), null, 2), minified_json: policyJson, version: '2012-10-17' },
              sensitive_values: {},
            },
          ],
          child_modules: priorChildren,
        },
      },
    },
    configuration: {
      provider_config: {
        aws: {
          name: 'aws',
          full_name: PROVIDER,
          version_constraint: '~> 5.40',
          expressions: { default_tags: [{ tags: { constant_value: DEFAULT_TAGS } }], region: { references: ['var.region'] } },
        },
      },
      root_module: {
        outputs: {
          cluster_names: { expression: { references: callNames.flatMap((n) => [`module.${n}.cluster_name`, `module.${n}`]) } },
          vpc_ids: { expression: { references: callNames.flatMap((n) => [`module.${n}.vpc_id`, `module.${n}`]) } },
        },
        resources: [
          configResource({ type: 'aws_iam_role', name: 'ecs_task_execution', expressions: { assume_role_policy: r('data.aws_iam_policy_document.ecs_tasks_assume.json'), name: c('technova-ecs-task-execution'), tags: c({ project: 'technova' }) } }),
          configResource({ type: 'aws_iam_role_policy_attachment', name: 'ecs_task_execution', expressions: { policy_arn: c('arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'), role: r('aws_iam_role.ecs_task_execution.name') } }),
          {
            address: 'data.aws_iam_policy_document.ecs_tasks_assume',
            mode: 'data',
            type: 'aws_iam_policy_document',
            name: 'ecs_tasks_assume',
            provider_config_key: 'aws',
            expressions: { statement: [{ actions: { constant_value: ['sts:AssumeRole'] }, principals: [{ identifiers: { constant_value: ['ecs-tasks.amazonaws.com'] }, type: { constant_value: 'Service' } }] }] },
            schema_version: 0,
          },
        ],
        module_calls: Object.fromEntries(callNames.map((n) => [n, calls[n]])),
        variables: {
          db_password: { description: 'Master password of the self-managed databases.', sensitive: true },
          ecr_registry: { description: 'ECR registry in the shared-services account.' },
          region: { default: 'ap-northeast-1', description: 'Primary region (Tokyo).' },
        },
      },
    },
    relevant_attributes: relevant,
    timestamp: '2026-11-22T00:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };

  const file = join(dir, 'plan.json');
  const text = `${JSON.stringify(plan, null, 2)}\n`;
  writeFileSync(file, text);
  const moduleInstances = new Set(all.map((i) => i.moduleAddress).filter((a) => a !== '')).size;
  return { dir, file, workloads, resources: all.length, resourceChanges: changes.length, deletes: deleted.length, moduleInstances, bytes: Buffer.byteLength(text) };
}
