/**
 * CloudFormation compute resources → graph nodes: AWS::EC2::Instance
 * (compute.instance), AWS::AutoScaling::AutoScalingGroup
 * (compute.autoscaling-group), AWS::Lambda::Function (function). The same
 * props and edges as the Terraform source (src/sources/terraform/kinds/compute.ts).
 */
import { Unknown } from '../../../graph/values.js';
import { CLOUDFORMATION_RULES, coercions, items, type SourceValue } from '../../common/coerce.js';
import { countOf, targetGroupEdges, type ComputeLink } from '../../common/compute.js';
import type { NodeBuilder } from '../../common/normalize.js';
import { StackRef } from '../values.js';

const { toStr, toNum, toBool, toAzList, objectList } = coercions(CLOUDFORMATION_RULES);

export const TARGET_GROUP_TYPES = ['AWS::ElasticLoadBalancingV2::TargetGroup'] as const;
const SUBNET = ['AWS::EC2::Subnet'];

interface CfnBuilder extends NodeBuilder {
  get(path: string): SourceValue | undefined;
}

export function instance<B extends CfnBuilder>(b: B, link: ComputeLink<B>): void {
  b.prop('instanceType', toStr(b.get('InstanceType')), 'InstanceType');
  // Members of a group are launched by the group, never declared: an AWS::EC2::Instance is standalone.
  b.prop('autoScalingGroup', undefined);
  const az = toStr(b.get('AvailabilityZone'));
  if (b.get('SubnetId') !== undefined) {
    link.refs(b, b.get('SubnetId'), 'SubnetId', 'in-subnet', SUBNET);
    b.prop('availabilityZone', az, 'AvailabilityZone');
    return;
  }
  const enis = objectList(b.get('NetworkInterfaces'));
  if (enis instanceof Unknown) {
    b.unresolve('in-subnet', 'NetworkInterfaces', enis.reason);
    b.prop('availabilityZone', az, 'AvailabilityZone');
    return;
  }
  if (enis && enis.length > 0) {
    for (const eni of enis) {
      if (eni.SubnetId !== undefined) link.refs(b, eni.SubnetId, 'NetworkInterfaces', 'in-subnet', SUBNET);
      else b.unresolve('in-subnet', 'NetworkInterfaces', 'a network interface is attached by NetworkInterfaceId (AWS::EC2::NetworkInterface is not modelled)');
    }
    b.prop('availabilityZone', az, 'AvailabilityZone');
    return;
  }
  b.prop('availabilityZone', az ?? new Unknown('no SubnetId or AvailabilityZone: AWS picks the AZ (a default subnet of the default VPC) at launch'), 'AvailabilityZone');
}

export function autoscalingGroup<B extends CfnBuilder>(b: B, link: ComputeLink<B>): void {
  b.prop('name', toStr(b.get('AutoScalingGroupName')), 'AutoScalingGroupName');
  b.prop('minSize', toNum(b.get('MinSize')), 'MinSize');
  b.prop('maxSize', toNum(b.get('MaxSize')), 'MaxSize');
  b.prop('desiredCapacity', toNum(b.get('DesiredCapacity')), 'DesiredCapacity');
  b.prop('healthCheckType', toStr(b.get('HealthCheckType')), 'HealthCheckType');
  b.prop('capacityRebalance', toBool(b.get('CapacityRebalance')), 'CapacityRebalance');
  b.prop('availabilityZones', toAzList(b.get('AvailabilityZones')), 'AvailabilityZones');
  const subnets = b.get('VPCZoneIdentifier');
  if (subnets !== undefined && subnets !== null) link.refs(b, subnets, 'VPCZoneIdentifier', 'in-subnet', SUBNET);
  b.prop('targetGroupCount', targetGroupEdges(b, b.get('TargetGroupARNs'), 'TargetGroupARNs', TARGET_GROUP_TYPES, link), 'TargetGroupARNs');
  b.prop('loadBalancerCount', countOf(b.get('LoadBalancerNames')), 'LoadBalancerNames');
}

export function lambdaFunction<B extends CfnBuilder>(b: B, link: ComputeLink<B>): void {
  b.prop('name', toStr(b.get('FunctionName')), 'FunctionName');
  b.prop('runtime', toStr(b.get('Runtime')), 'Runtime');
  b.prop('reservedConcurrency', toNum(b.get('ReservedConcurrentExecutions')), 'ReservedConcurrentExecutions');
  const vpc = b.get('VpcConfig');
  if (vpc instanceof Unknown) {
    b.prop('inVpc', vpc, 'VpcConfig');
    b.unresolve('in-subnet', 'VpcConfig.SubnetIds', vpc.reason);
    return;
  }
  const subnets = b.get('VpcConfig.SubnetIds');
  if (subnets instanceof Unknown && !(subnets instanceof StackRef)) {
    // A list parameter may be empty (no VPC): whether the function is in one is unknown too.
    b.prop('inVpc', subnets, 'VpcConfig.SubnetIds');
    b.unresolve('in-subnet', 'VpcConfig.SubnetIds', subnets.reason);
    return;
  }
  const inVpc = items(subnets).length > 0;
  b.prop('inVpc', inVpc, vpc === undefined ? undefined : 'VpcConfig.SubnetIds');
  if (inVpc) link.refs(b, subnets, 'VpcConfig.SubnetIds', 'in-subnet', SUBNET);
}
