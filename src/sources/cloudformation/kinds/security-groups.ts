/**
 * Security-group rules that let an ECS service reach a database → `may-reach`
 * edges service → database, at the rule's `SourceSecurityGroupId`.
 *
 * As in the Terraform source (see src/sources/terraform/kinds/security-groups.ts):
 * a rule counts when it allows ingress into one of the database's groups
 * (`VPCSecurityGroups` of a DB instance, `VpcSecurityGroupIds` of a cluster or
 * proxy) from one of the service's groups
 * (`NetworkConfiguration.AwsvpcConfiguration.SecurityGroups`): an inline
 * `SecurityGroupIngress` entry or an `AWS::EC2::SecurityGroupIngress`.
 */
import type { Edge, SourceLocation } from '../../../graph/types.js';
import { isObject, StackRef, type Value } from '../values.js';
import type { EvaluatedResource } from '../normalize.js';

const GROUP = 'AWS::EC2::SecurityGroup';

const DATABASE_GROUPS: Record<string, string> = {
  'AWS::RDS::DBInstance': 'VPCSecurityGroups',
  'AWS::RDS::DBCluster': 'VpcSecurityGroupIds',
  'AWS::RDS::DBProxy': 'VpcSecurityGroupIds',
};

function groups(v: Value | undefined): string[] {
  const out: string[] = [];
  for (const item of Array.isArray(v) ? v : [v]) if (item instanceof StackRef && item.resourceType === GROUP) out.push(item.targetId);
  return out;
}

function prop(r: EvaluatedResource, path: string): Value | undefined {
  let cur: Value | undefined = r.props;
  for (const seg of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

interface Rule {
  into: string;
  from: string;
  location: SourceLocation;
  attribute: string;
  address: string;
}

/** `locate(r, path)`: where a path of keys and indexes is written in `r`. */
export function reachEdges(resources: readonly EvaluatedResource[], isNode: (id: string) => boolean, locate: (r: EvaluatedResource, path: (string | number)[]) => SourceLocation): Edge[] {
  const rules: Rule[] = [];
  const servicesByGroup = new Map<string, string[]>();
  const databases: { id: string; groups: string[] }[] = [];
  for (const r of resources) {
    if (r.conditionUnknown) continue; // may not exist: no reachability claimed
    switch (r.type) {
      case GROUP: {
        const ingress = prop(r, 'SecurityGroupIngress');
        if (!Array.isArray(ingress)) break;
        ingress.forEach((entry, i) => {
          if (!isObject(entry)) return;
          for (const from of groups(entry.SourceSecurityGroupId))
            rules.push({ into: r.id, from, location: locate(r, ['SecurityGroupIngress', i, 'SourceSecurityGroupId']), attribute: `SecurityGroupIngress[${i}].SourceSecurityGroupId`, address: `${r.address}.SecurityGroupIngress[${i}]` });
        });
        break;
      }
      case 'AWS::EC2::SecurityGroupIngress':
        for (const into of groups(prop(r, 'GroupId')))
          for (const from of groups(prop(r, 'SourceSecurityGroupId'))) rules.push({ into, from, location: locate(r, ['SourceSecurityGroupId']), attribute: 'SourceSecurityGroupId', address: r.address });
        break;
      case 'AWS::ECS::Service':
        if (!isNode(r.id)) break;
        for (const g of groups(prop(r, 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups'))) {
          const list = servicesByGroup.get(g);
          if (list) list.push(r.id);
          else servicesByGroup.set(g, [r.id]);
        }
        break;
      default: {
        const attr = DATABASE_GROUPS[r.type];
        if (attr && isNode(r.id)) databases.push({ id: r.id, groups: groups(prop(r, attr)) });
      }
    }
  }
  const rulesInto = new Map<string, Rule[]>();
  for (const rule of rules) {
    const list = rulesInto.get(rule.into);
    if (list) list.push(rule);
    else rulesInto.set(rule.into, [rule]);
  }
  const edges: Edge[] = [];
  const seen = new Set<string>();
  for (const db of databases)
    for (const g of db.groups)
      for (const rule of rulesInto.get(g) ?? [])
        for (const svc of servicesByGroup.get(rule.from) ?? []) {
          const key = `${svc}\0${db.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          edges.push({ from: svc, to: db.id, kind: 'may-reach', attribute: rule.attribute, location: rule.location, data: { rule: rule.address } });
        }
  return edges;
}
