/**
 * Security-group rules that let an ECS service reach a database → `may-reach`
 * edges service → database, at the rule's source-group reference.
 *
 * Security groups are not graph nodes: only what they connect is. A rule
 * counts when it allows ingress into one of the database's groups
 * (`vpc_security_group_ids`) from one of the service's groups
 * (`network_configuration.security_groups`): an inline `ingress` block's
 * `security_groups`, an `aws_security_group_rule` of type ingress with
 * `source_security_group_id`, or an `aws_vpc_security_group_ingress_rule`
 * with `referenced_security_group_id`. Reachability is not proof of use: the
 * dependency analysis makes it a soft edge unless an environment variable
 * or secret names the database.
 */
import type { Edge, SourceLocation } from '../../../graph/types.js';
import { isObject } from '../../common/coerce.js';
import { ResourceRef, type Value } from '../expr/values.js';
import type { NormalizeInput } from '../input.js';

/** Databases that take `vpc_security_group_ids` (a cluster's instances use the cluster's groups). */
const DATABASES = new Set(['aws_rds_cluster', 'aws_db_instance', 'aws_db_proxy']);

interface Rule {
  /** The group traffic goes into, and the group it comes from (instance ids). */
  into: string;
  from: string;
  location: SourceLocation;
  attribute: string;
  address: string;
}

/** Instances of aws_security_group that a value (a reference or a list of them) names. */
function groups(ri: NormalizeInput, v: Value | undefined, byId: (id: string) => NormalizeInput | undefined): string[] {
  const out: string[] = [];
  for (const item of Array.isArray(v) ? v : [v]) {
    if (!(item instanceof ResourceRef)) continue;
    const t = byId(ri.prefix + item.address);
    if (t?.type === 'aws_security_group') out.push(t.id);
  }
  return out;
}

function firstBlock(v: Value | undefined): Record<string, Value> | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return isObject(x) ? (x as Record<string, Value>) : undefined;
}

export function reachEdges(instances: readonly NormalizeInput[], byId: (id: string) => NormalizeInput | undefined, isNode: (id: string) => boolean): Edge[] {
  const rules: Rule[] = [];
  const servicesByGroup = new Map<string, NormalizeInput[]>();
  const databases: { ri: NormalizeInput; groups: string[] }[] = [];
  for (const ri of instances) {
    const v = ri.value;
    switch (ri.type) {
      case 'aws_security_group': {
        const ingress = Array.isArray(v.ingress) ? v.ingress : [];
        ingress.forEach((block, i) => {
          if (!isObject(block)) return;
          const attribute = `ingress[${i}].security_groups`;
          for (const from of groups(ri, (block as Record<string, Value>).security_groups, byId)) rules.push({ into: ri.id, from, location: ri.locate(attribute), attribute, address: `${ri.address}.ingress[${i}]` });
        });
        break;
      }
      case 'aws_security_group_rule':
        if (v.type !== 'ingress') break;
        for (const into of groups(ri, v.security_group_id, byId))
          for (const from of groups(ri, v.source_security_group_id, byId)) rules.push({ into, from, location: ri.locate('source_security_group_id'), attribute: 'source_security_group_id', address: ri.address });
        break;
      case 'aws_vpc_security_group_ingress_rule':
        for (const into of groups(ri, v.security_group_id, byId))
          for (const from of groups(ri, v.referenced_security_group_id, byId)) rules.push({ into, from, location: ri.locate('referenced_security_group_id'), attribute: 'referenced_security_group_id', address: ri.address });
        break;
      case 'aws_ecs_service': {
        if (!isNode(ri.id)) break;
        const nc = firstBlock(v.network_configuration);
        for (const g of groups(ri, nc?.security_groups, byId)) {
          const list = servicesByGroup.get(g);
          if (list) list.push(ri);
          else servicesByGroup.set(g, [ri]);
        }
        break;
      }
      default:
        if (DATABASES.has(ri.type) && isNode(ri.id)) databases.push({ ri, groups: groups(ri, v.vpc_security_group_ids, byId) });
    }
  }
  const rulesInto = new Map<string, Rule[]>();
  for (const r of rules) {
    const list = rulesInto.get(r.into);
    if (list) list.push(r);
    else rulesInto.set(r.into, [r]);
  }
  const edges: Edge[] = [];
  const seen = new Set<string>();
  for (const db of databases) {
    for (const g of db.groups) {
      for (const rule of rulesInto.get(g) ?? []) {
        for (const svc of servicesByGroup.get(rule.from) ?? []) {
          const key = `${svc.id}\0${db.ri.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          edges.push({ from: svc.id, to: db.ri.id, kind: 'may-reach', attribute: rule.attribute, location: rule.location, data: { rule: rule.address } });
        }
      }
    }
  }
  return edges;
}
