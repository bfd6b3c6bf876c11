/**
 * Terraform search and streaming resources → graph nodes:
 * aws_opensearch_domain / aws_elasticsearch_domain (search.domain),
 * aws_msk_cluster / aws_msk_serverless_cluster (stream.cluster), with the
 * replication settings of the aws_msk_configuration a cluster names.
 *
 * Omitted settings stay absent: the rules read them as AWS's defaults (one
 * data node, zone awareness off, two AZs when it is on, the MSK default
 * configuration).
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { coercions, isObject, items, TERRAFORM_RULES, type SourceObject } from '../../common/coerce.js';
import type { ComputeLink } from '../../common/compute.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { replicationSettings } from '../../common/kafka-properties.js';
import type { NormalizeInput } from '../input.js';
import { ResourceRef, type Value, type ValueObject } from '../expr/values.js';

const { toStr, toNum, toBool } = coercions(TERRAFORM_RULES);

interface TfBuilder extends NodeBuilder {
  readonly ri: NormalizeInput;
  readonly v: ValueObject;
}

/** What the MSK cluster needs besides the compute links: the aws_msk_configuration a reference names. */
export interface SearchLink<B extends TfBuilder> extends ComputeLink<B> {
  input(b: B, ref: ResourceRef): NormalizeInput | undefined;
}

/** The first object of a nested block, Unknown when the block is, undefined when absent. */
function block(v: Value | undefined): SourceObject | Unknown | undefined {
  if (v instanceof Unknown) return v;
  const first = Array.isArray(v) ? v[0] : v;
  if (first instanceof Unknown) return first;
  return isObject(first) ? first : undefined;
}

/** A field of an optional block: the block's Unknown when it is unknown, absent when the block is. */
function field(b: SourceObject | Unknown | undefined, name: string): Value | undefined {
  if (b instanceof Unknown) return b;
  return b?.[name] as Value | undefined;
}

export function searchDomain<B extends TfBuilder>(b: B, link: ComputeLink<B>): void {
  const v = b.v;
  b.prop('name', toStr(v.domain_name), 'domain_name');
  const cluster = block(v.cluster_config);
  b.prop('instanceCount', toNum(field(cluster, 'instance_count')), 'cluster_config.instance_count');
  b.prop('zoneAwareness', toBool(field(cluster, 'zone_awareness_enabled')), 'cluster_config.zone_awareness_enabled');
  const zac = cluster instanceof Unknown ? cluster : block(cluster?.zone_awareness_config);
  b.prop('availabilityZoneCount', toNum(field(zac, 'availability_zone_count')), 'cluster_config.zone_awareness_config.availability_zone_count');
  b.prop('dedicatedMasterEnabled', toBool(field(cluster, 'dedicated_master_enabled')), 'cluster_config.dedicated_master_enabled');
  b.prop('dedicatedMasterCount', toNum(field(cluster, 'dedicated_master_count')), 'cluster_config.dedicated_master_count');
  b.prop('multiAzWithStandby', toBool(field(cluster, 'multi_az_with_standby_enabled')), 'cluster_config.multi_az_with_standby_enabled');

  const vpc = block(v.vpc_options);
  if (vpc instanceof Unknown) {
    b.prop('inVpc', vpc, 'vpc_options');
    b.unresolve('in-subnet', 'vpc_options.subnet_ids', vpc.reason);
    return;
  }
  const subnets = vpc?.subnet_ids;
  if (subnets instanceof Unknown && !(subnets instanceof ResourceRef)) {
    b.prop('inVpc', subnets, 'vpc_options.subnet_ids');
    b.unresolve('in-subnet', 'vpc_options.subnet_ids', subnets.reason);
    return;
  }
  const inVpc = items(subnets).length > 0;
  b.prop('inVpc', inVpc, vpc ? 'vpc_options.subnet_ids' : undefined);
  if (inVpc) link.refs(b, subnets, 'vpc_options.subnet_ids', 'in-subnet', ['aws_subnet']);
}

export function mskCluster<B extends TfBuilder>(b: B, link: SearchLink<B>): void {
  const v = b.v;
  b.prop('name', toStr(v.cluster_name), 'cluster_name');
  b.prop('serverless', false);
  b.prop('brokerCount', toNum(v.number_of_broker_nodes), 'number_of_broker_nodes');
  const group = block(v.broker_node_group_info);
  const subnets = field(group, 'client_subnets');
  if (subnets instanceof Unknown && !(subnets instanceof ResourceRef)) b.unresolve('in-subnet', 'broker_node_group_info.client_subnets', subnets.reason);
  else link.refs(b, subnets, 'broker_node_group_info.client_subnets', 'in-subnet', ['aws_subnet']);

  const info = block(v.configuration_info);
  const attribute = 'configuration_info.arn';
  if (info === undefined) {
    // No custom configuration: the MSK default configuration applies (absent props).
    return;
  }
  const arn = field(info, 'arn');
  let properties: Maybe<string>;
  let where = attribute;
  if (arn instanceof ResourceRef) {
    const target = link.input(b, arn);
    if (target?.type === 'aws_msk_configuration') {
      properties = toStr(target.value.server_properties as Value | undefined);
      where = `${attribute} (${target.address}.server_properties)`;
    } else {
      properties = new Unknown(target ? `${arn.address} is a ${target.type}, not an aws_msk_configuration` : `${arn.address} is not in the scanned configuration`);
    }
  } else if (arn instanceof Unknown) {
    properties = arn;
  } else {
    properties = new Unknown(`configuration ${String(toStr(arn) ?? '')} is named by ARN: its server properties are not in the scanned configuration`);
  }
  const settings = replicationSettings(properties, where);
  b.prop('replicationFactor', settings.replicationFactor, attribute);
  b.prop('minInsyncReplicas', settings.minInsyncReplicas, attribute);
}

/** MSK Serverless is Regional: AWS places it over the Region's AZs and manages replication. */
export function mskServerlessCluster<B extends TfBuilder>(b: B, link: ComputeLink<B>): void {
  const v = b.v;
  b.prop('name', toStr(v.cluster_name), 'cluster_name');
  b.prop('serverless', true);
  const vpc = block(v.vpc_config);
  const subnets = field(vpc, 'subnet_ids');
  if (subnets instanceof Unknown && !(subnets instanceof ResourceRef)) b.unresolve('in-subnet', 'vpc_config.subnet_ids', subnets.reason);
  else link.refs(b, subnets, 'vpc_config.subnet_ids', 'in-subnet', ['aws_subnet']);
}
