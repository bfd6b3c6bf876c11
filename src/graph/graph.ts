import type { AnyResource, Edge, EdgeKind, Resource, ResourceKind } from './types.js';
import { Unknown } from './values.js';

/**
 * The normalized resource graph: the only thing rules see.
 *
 * Built once by `GraphBuilder` from every source's resources and edges, then
 * read-only. Lookups by kind and by edge are indexed because rules ask for
 * them once per resource.
 */
export class ResourceGraph {
  private readonly byId = new Map<string, AnyResource>();
  private readonly byKind = new Map<ResourceKind, AnyResource[]>();
  private readonly out = new Map<string, Edge[]>();
  private readonly inc = new Map<string, Edge[]>();

  constructor(resources: Iterable<AnyResource>, readonly edges: readonly Edge[]) {
    for (const r of resources) {
      this.byId.set(r.id, r);
      let list = this.byKind.get(r.kind);
      if (!list) this.byKind.set(r.kind, (list = []));
      list.push(r);
    }
    for (const e of edges) {
      if (!this.byId.has(e.from) || !this.byId.has(e.to)) continue;
      push(this.out, e.from, e);
      push(this.inc, e.to, e);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  resources(): IterableIterator<AnyResource> {
    return this.byId.values();
  }

  get(id: string): AnyResource | undefined {
    return this.byId.get(id);
  }

  ofKind<K extends ResourceKind>(kind: K): Resource<K>[] {
    return (this.byKind.get(kind) ?? []) as unknown as Resource<K>[];
  }

  outgoing(id: string, kind?: EdgeKind): Edge[] {
    const list = this.out.get(id) ?? [];
    return kind ? list.filter((e) => e.kind === kind) : list;
  }

  incoming(id: string, kind?: EdgeKind): Edge[] {
    const list = this.inc.get(id) ?? [];
    return kind ? list.filter((e) => e.kind === kind) : list;
  }

  /**
   * Resources this one points to over `kind` edges, or Unknown when the
   * source could not resolve some of those references (then the set is not
   * complete and a rule must not judge it).
   */
  targets<K extends ResourceKind = ResourceKind>(resource: AnyResource, kind: EdgeKind, targetKind?: K): Resource<K>[] | Unknown {
    const gap = resource.unresolved.find((u) => u.edge === kind);
    if (gap) return new Unknown(gap.reason);
    return this.outgoing(resource.id, kind)
      .map((e) => this.byId.get(e.to)!)
      .filter((r) => !targetKind || r.kind === targetKind) as unknown as Resource<K>[];
  }

  /** Resources pointing at this one over `kind` edges. */
  sources<K extends ResourceKind = ResourceKind>(resource: AnyResource, kind: EdgeKind, sourceKind?: K): Resource<K>[] {
    return this.incoming(resource.id, kind)
      .map((e) => this.byId.get(e.from)!)
      .filter((r) => !sourceKind || r.kind === sourceKind) as unknown as Resource<K>[];
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Collects resources and edges from any number of sources. Duplicate ids keep
 * the first resource (two sources describing the same thing is the caller's
 * choice, not an error here).
 */
export class GraphBuilder {
  private readonly resources = new Map<string, AnyResource>();
  private readonly edges: Edge[] = [];
  private readonly edgeKeys = new Set<string>();

  addResource(r: AnyResource): boolean {
    if (this.resources.has(r.id)) return false;
    this.resources.set(r.id, r);
    return true;
  }

  addEdge(e: Edge): void {
    const key = `${e.from}\u0000${e.kind}\u0000${e.to}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push(e);
  }

  has(id: string): boolean {
    return this.resources.has(id);
  }

  build(): ResourceGraph {
    return new ResourceGraph(this.resources.values(), this.edges);
  }
}
