/**
 * An es:DescribeDomains DomainStatus and a kafka:ListClustersV2 ClusterInfo
 * (with `Tags` / `ServerProperties` added by collect-search.ts) → the props
 * of a search.domain and a stream.cluster, with the attribute each prop
 * comes from. The same props as the IaC sources
 * (src/sources/terraform/kinds/search.ts).
 */
import { Unknown, type Maybe } from '../../graph/values.js';
import { replicationSettings } from '../common/kafka-properties.js';
import type { Item, Raw } from './unit.js';

export interface LiveProps {
  props: Record<string, unknown>;
  origins: Record<string, string>;
  /** Subnet ids the resource is in, and where they are read. */
  subnets: { ids: string[]; attribute: string };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function domainProps(it: Item): LiveProps {
  const d = it.data;
  const p = it.prefix;
  const c = (d.ClusterConfig ?? {}) as Raw;
  const vpc = d.VPCOptions as Raw | undefined;
  const subnets = strs(vpc?.SubnetIds);
  return {
    props: {
      name: typeof d.DomainName === 'string' ? d.DomainName : undefined,
      instanceCount: num(c.InstanceCount),
      // The API reports both flags; absent means off.
      zoneAwareness: bool(c.ZoneAwarenessEnabled) ?? false,
      availabilityZoneCount: num((c.ZoneAwarenessConfig as Raw | undefined)?.AvailabilityZoneCount),
      dedicatedMasterEnabled: bool(c.DedicatedMasterEnabled) ?? false,
      dedicatedMasterCount: num(c.DedicatedMasterCount),
      multiAzWithStandby: bool(c.MultiAZWithStandbyEnabled),
      inVpc: subnets.length > 0,
    },
    origins: {
      name: `${p}DomainName`,
      instanceCount: `${p}ClusterConfig.InstanceCount`,
      zoneAwareness: `${p}ClusterConfig.ZoneAwarenessEnabled`,
      availabilityZoneCount: `${p}ClusterConfig.ZoneAwarenessConfig.AvailabilityZoneCount`,
      dedicatedMasterEnabled: `${p}ClusterConfig.DedicatedMasterEnabled`,
      dedicatedMasterCount: `${p}ClusterConfig.DedicatedMasterCount`,
      multiAzWithStandby: `${p}ClusterConfig.MultiAZWithStandbyEnabled`,
      inVpc: `${p}VPCOptions.SubnetIds`,
    },
    subnets: { ids: subnets, attribute: `${p}VPCOptions.SubnetIds` },
  };
}

export function streamProps(it: Item): LiveProps {
  const d = it.data;
  const p = it.prefix;
  const serverless = d.ClusterType === 'SERVERLESS';
  const name = typeof d.ClusterName === 'string' ? d.ClusterName : undefined;
  if (serverless) {
    const configs = Array.isArray((d.Serverless as Raw | undefined)?.VpcConfigs) ? ((d.Serverless as Raw).VpcConfigs as Raw[]) : [];
    return {
      props: { name, serverless: true },
      origins: { name: `${p}ClusterName`, serverless: `${p}ClusterType` },
      subnets: { ids: configs.flatMap((v) => strs(v.SubnetIds)), attribute: `${p}Serverless.VpcConfigs.SubnetIds` },
    };
  }
  const prov = (d.Provisioned ?? {}) as Raw;
  const group = (prov.BrokerNodeGroupInfo ?? {}) as Raw;
  let rf: Maybe<number>;
  let isr: Maybe<number>;
  if (typeof d.ServerPropertiesUnavailable === 'string') {
    rf = isr = new Unknown(d.ServerPropertiesUnavailable);
  } else {
    // No configuration revision: the MSK default configuration (absent props).
    const s = replicationSettings(typeof d.ServerProperties === 'string' ? d.ServerProperties : undefined, 'the configuration revision');
    rf = s.replicationFactor;
    isr = s.minInsyncReplicas;
  }
  return {
    props: { name, serverless: false, brokerCount: num(prov.NumberOfBrokerNodes), replicationFactor: rf, minInsyncReplicas: isr },
    origins: {
      name: `${p}ClusterName`,
      serverless: `${p}ClusterType`,
      brokerCount: `${p}Provisioned.NumberOfBrokerNodes`,
      replicationFactor: `${p}Provisioned.CurrentBrokerSoftwareInfo.ConfigurationArn`,
      minInsyncReplicas: `${p}Provisioned.CurrentBrokerSoftwareInfo.ConfigurationArn`,
    },
    subnets: { ids: strs(group.ClientSubnets), attribute: `${p}Provisioned.BrokerNodeGroupInfo.ClientSubnets` },
  };
}
