/**
 * Filling the plan's blind spots from the `.tf` files next to it.
 *
 * A plan lists which resources an unknown attribute references, not which
 * instance a local or a variable picks (`aws_subnet.private[local.az].id`
 * → `["aws_subnet.private", "local.az"]`). When the configuration is there,
 * the Terraform source evaluates it with the plan's own variable values and
 * knows the instance. Only edges the plan could not resolve are taken from
 * it, and only when the Terraform source resolved that edge kind completely
 * for the same address; the plan's values stay authoritative for the rest.
 */
import path from 'node:path';
import type { AnyResource, Edge, EdgeKind } from '../../graph/types.js';
import { scanTerraform } from '../terraform/index.js';

export interface HclFill {
  /** Edges taken from the HCL evaluation, with `data.resolvedBy = 'hcl'`. */
  edges: Edge[];
  /** Plan resources whose unresolved entries of an edge kind were replaced. */
  filled: { id: string; edge: EdgeKind }[];
}

function varText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Resolve, from the HCL in the plan's directory, the edges the plan left
 * unresolved. `resources` are the plan's (ids = prefix + address).
 */
export async function fillFromHcl(args: {
  root: string;
  planAbs: string;
  prefix: string;
  variables: Record<string, { value?: unknown }> | undefined;
  resources: AnyResource[];
  /** An HCL scan of the same files already made (by scan()): used instead of scanning again. */
  terraform?: { resources: AnyResource[]; edges: Edge[] };
}): Promise<HclFill> {
  const out: HclFill = { edges: [], filled: [] };
  const gaps = args.resources.filter((r) => r.id.startsWith(args.prefix) && r.unresolved.length > 0);
  if (gaps.length === 0) return out;
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(args.variables ?? {})) if (v && 'value' in v) vars[k] = varText(v.value);
  const dir = path.dirname(args.planAbs);
  let hcl = args.terraform;
  if (!hcl) {
    try {
      hcl = await scanTerraform({ root: args.root, paths: [dir], vars });
    } catch {
      return out;
    }
  }
  const rel = path.relative(args.root, dir).split(path.sep).join('/');
  const hclPrefix = rel === '' ? '' : `${rel}:`;
  const byId = new Map(hcl.resources.map((r) => [r.id, r]));
  const planIds = new Set(args.resources.map((r) => r.id));
  const toPlanId = (hclId: string): string | undefined => {
    if (!hclId.startsWith(hclPrefix)) return undefined;
    const id = args.prefix + hclId.slice(hclPrefix.length);
    return planIds.has(id) ? id : undefined;
  };
  for (const r of gaps) {
    const h = byId.get(hclPrefix + r.id.slice(args.prefix.length));
    if (!h) continue;
    for (const kind of new Set(r.unresolved.map((u) => u.edge))) {
      if (h.unresolved.some((u) => u.edge === kind)) continue;
      const edges = hcl.edges.filter((e) => e.from === h.id && e.kind === kind);
      const mapped = edges.map((e) => ({ e, to: toPlanId(e.to) }));
      if (mapped.length === 0 || mapped.some((m) => !m.to)) continue;
      for (const { e, to } of mapped) {
        const data: Record<string, unknown> = { ...(e.data ?? {}), resolvedBy: 'hcl' };
        if (typeof data.via === 'string') data.via = toPlanId(data.via) ?? data.via;
        out.edges.push({ ...e, from: r.id, to: to!, data });
      }
      r.unresolved = r.unresolved.filter((u) => u.edge !== kind);
      out.filled.push({ id: r.id, edge: kind });
    }
  }
  return out;
}
