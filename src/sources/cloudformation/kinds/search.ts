/**
 * CloudFormation search and streaming resources → graph nodes:
 * AWS::OpenSearchService::Domain / AWS::Elasticsearch::Domain
 * (search.domain), AWS::MSK::Cluster / AWS::MSK::ServerlessCluster
 * (stream.cluster), with the replication settings of the
 * AWS::MSK::Configuration a cluster names. The same props and edges as the
 * Terraform source (src/sources/terraform/kinds/search.ts).
 */
import { Unknown, type Maybe } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions, items, type SourceValue } from '../../common/coerce.js';
import type { ComputeLink } from '../../common/compute.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { replicationSettings } from '../../common/kafka-properties.js';
import { isObject, StackRef } from '../values.js';

const { toStr, toNum, toBool } = coercions(CLOUDFORMATION_RULES);
const SUBNET = ['AWS::EC2::Subnet'];

interface CfnBuilder extends NodeBuilder {
  get(path: string): SourceValue | undefined;
}

/** What the MSK cluster needs besides the compute links: the properties of the resource a reference names. */
export interface SearchLink<B extends CfnBuilder> extends ComputeLink<B> {
  resource(b: B, ref: StackRef): { type: string; address: string; props: SourceValue } | undefined;
}

function subnetEdges<B extends CfnBuilder>(b: B, link: ComputeLink<B>, path: string): Maybe<boolean> {
  const subnets = b.get(path);
  if (subnets instanceof Unknown && !(subnets instanceof StackRef)) {
    b.unresolve('in-subnet', path, subnets.reason);
    return subnets;
  }
  const inVpc = items(subnets).length > 0;
  if (inVpc) link.refs(b, subnets, path, 'in-subnet', SUBNET);
  return inVpc;
}

export function searchDomain<B extends CfnBuilder>(b: B, link: ComputeLink<B>, legacy: boolean): void {
  b.prop('name', toStr(b.get('DomainName')), 'DomainName');
  // AWS::Elasticsearch::Domain names the block ElasticsearchClusterConfig.
  const c = legacy ? 'ElasticsearchClusterConfig' : 'ClusterConfig';
  const p = (name: string): string => `${c}.${name}`;
  b.prop('instanceCount', toNum(b.get(p('InstanceCount'))), p('InstanceCount'));
  b.prop('zoneAwareness', toBool(b.get(p('ZoneAwarenessEnabled'))), p('ZoneAwarenessEnabled'));
  b.prop('availabilityZoneCount', toNum(b.get(p('ZoneAwarenessConfig.AvailabilityZoneCount'))), p('ZoneAwarenessConfig.AvailabilityZoneCount'));
  b.prop('dedicatedMasterEnabled', toBool(b.get(p('DedicatedMasterEnabled'))), p('DedicatedMasterEnabled'));
  b.prop('dedicatedMasterCount', toNum(b.get(p('DedicatedMasterCount'))), p('DedicatedMasterCount'));
  b.prop('multiAzWithStandby', legacy ? undefined : toBool(b.get(p('MultiAZWithStandbyEnabled'))), legacy ? undefined : p('MultiAZWithStandbyEnabled'));
  const vpc = b.get('VPCOptions');
  if (vpc instanceof Unknown) {
    b.prop('inVpc', vpc, 'VPCOptions');
    b.unresolve('in-subnet', 'VPCOptions.SubnetIds', vpc.reason);
    return;
  }
  b.prop('inVpc', subnetEdges(b, link, 'VPCOptions.SubnetIds'), vpc === undefined ? undefined : 'VPCOptions.SubnetIds');
}

export function mskCluster<B extends CfnBuilder>(b: B, link: SearchLink<B>): void {
  b.prop('name', toStr(b.get('ClusterName')), 'ClusterName');
  b.prop('serverless', false);
  b.prop('brokerCount', toNum(b.get('NumberOfBrokerNodes')), 'NumberOfBrokerNodes');
  subnetEdges(b, link, 'BrokerNodeGroupInfo.ClientSubnets');

  const attribute = 'ConfigurationInfo.Arn';
  const info = b.get('ConfigurationInfo');
  // No custom configuration: the MSK default configuration applies (absent props).
  if (info === undefined || info === null) return;
  const arn = b.get(attribute);
  let properties: Maybe<string>;
  let where = attribute;
  if (arn instanceof StackRef) {
    const target = link.resource(b, arn);
    if (target?.type === 'AWS::MSK::Configuration') {
      const text = isObject(target.props) ? target.props.ServerProperties : target.props;
      properties = toStr(text as SourceValue | undefined);
      where = `${attribute} (${target.address} ServerProperties)`;
    } else {
      properties = new Unknown(target ? `${arn.address} is a ${target.type}, not an AWS::MSK::Configuration` : `${arn.address} is not in the scanned templates`);
    }
  } else if (arn instanceof Unknown) {
    properties = arn;
  } else {
    properties = new Unknown(`configuration ${String(toStr(arn) ?? '')} is named by ARN: its server properties are not in the scanned templates`);
  }
  const settings = replicationSettings(properties, where);
  b.prop('replicationFactor', settings.replicationFactor, attribute);
  b.prop('minInsyncReplicas', settings.minInsyncReplicas, attribute);
}

/** MSK Serverless is Regional: AWS places it over the Region's AZs and manages replication. */
export function mskServerlessCluster<B extends CfnBuilder>(b: B, link: ComputeLink<B>): void {
  b.prop('name', toStr(b.get('ClusterName')), 'ClusterName');
  b.prop('serverless', true);
  const configs = b.get('VpcConfigs');
  if (configs instanceof Unknown) {
    b.unresolve('in-subnet', 'VpcConfigs', configs.reason);
    return;
  }
  if (!Array.isArray(configs)) return;
  configs.forEach((_, i) => subnetEdges(b, link, `VpcConfigs.${i}.SubnetIds`));
}
