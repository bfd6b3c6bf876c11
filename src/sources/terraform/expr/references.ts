/**
 * Static references of an expression: the longest prefix of each variable
 * traversal made of attribute names and constant indexes. Names bound by for
 * expressions and template for directives, and splat element chains, are not
 * references.
 */
import type { Node } from './ast.js';

/** `aws_subnet.private[0].id` → {root: 'aws_subnet', path: ['private', 0, 'id']}. */
export interface Traversal {
  root: string;
  path: (string | number)[];
}

class Collector {
  readonly out: Traversal[] = [];
  private readonly seen = new Set<string>();
  private bound: string[] = [];

  private add(t: Traversal): void {
    const key = `${t.root}\0${t.path.map((p) => (typeof p === 'number' ? `#${p}` : p)).join('\0')}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.push(t);
  }

  /** The node as a static traversal, or null (bound name, splat item, dynamic index, anything else). */
  private traversal(node: Node): Traversal | null {
    switch (node.type) {
      case 'variable':
        return this.bound.includes(node.name) ? null : { root: node.name, path: [] };
      case 'getattr': {
        const t = this.traversal(node.object);
        if (t) t.path.push(node.name);
        return t;
      }
      case 'index': {
        const k = node.key;
        if (k.type !== 'literal' || (typeof k.value !== 'string' && typeof k.value !== 'number')) return null;
        const t = this.traversal(node.object);
        if (t) t.path.push(k.value);
        return t;
      }
      default:
        return null;
    }
  }

  private withBound(names: (string | null)[], f: () => void): void {
    const saved = this.bound;
    this.bound = [...saved, ...(names.filter((n) => n !== null) as string[])];
    f();
    this.bound = saved;
  }

  walk(node: Node): void {
    switch (node.type) {
      case 'literal':
      case 'splat-item':
        return;
      case 'variable':
      case 'getattr':
      case 'index': {
        const t = this.traversal(node);
        if (t) {
          this.add(t);
          return;
        }
        if (node.type === 'getattr') this.walk(node.object);
        else if (node.type === 'index') {
          this.walk(node.object);
          this.walk(node.key);
        }
        return;
      }
      case 'splat':
        this.walk(node.source);
        this.walk(node.body);
        return;
      case 'call':
        for (const a of node.args) this.walk(a);
        return;
      case 'unary':
        this.walk(node.operand);
        return;
      case 'binary':
        this.walk(node.left);
        this.walk(node.right);
        return;
      case 'conditional':
      case 'template-if':
        this.walk(node.condition);
        this.walk(node.whenTrue);
        this.walk(node.whenFalse);
        return;
      case 'tuple':
        for (const i of node.items) this.walk(i);
        return;
      case 'object':
        for (const k of node.keys) this.walk(k);
        for (const v of node.values) this.walk(v);
        return;
      case 'template':
        for (const p of node.parts) this.walk(p);
        return;
      case 'for':
        this.walk(node.collection);
        this.withBound([node.keyVar, node.valueVar], () => {
          if (node.keyExpr) this.walk(node.keyExpr);
          this.walk(node.valueExpr);
          if (node.condition) this.walk(node.condition);
        });
        return;
      case 'template-for':
        this.walk(node.collection);
        this.withBound([node.keyVar, node.valueVar], () => this.walk(node.body));
        return;
    }
  }
}

export function collectReferences(node: Node): Traversal[] {
  const c = new Collector();
  c.walk(node);
  return c.out;
}
