/**
 * AST of the HCL native expression and template language. Nodes are plain
 * immutable objects; the evaluator switches on `type`. Parsing caches nodes,
 * so nothing here may be mutated after construction.
 */
export type Node =
  | LiteralNode
  | VariableNode
  | GetAttrNode
  | IndexNode
  | SplatNode
  | SplatItemNode
  | CallNode
  | UnaryNode
  | BinaryNode
  | ConditionalNode
  | TupleNode
  | ObjectNode
  | ForNode
  | TemplateNode
  | TemplateIfNode
  | TemplateForNode;

export interface LiteralNode {
  readonly type: 'literal';
  /** Only primitives: collection literals are built per evaluation so that callers may own the result. */
  readonly value: string | number | boolean | null;
}

export interface VariableNode {
  readonly type: 'variable';
  readonly name: string;
}

export interface GetAttrNode {
  readonly type: 'getattr';
  readonly object: Node;
  readonly name: string;
}

export interface IndexNode {
  readonly type: 'index';
  readonly object: Node;
  readonly key: Node;
}

/** `source[*].body` / `source.*.body`; inside `body`, the element is the SplatItemNode. */
export interface SplatNode {
  readonly type: 'splat';
  readonly source: Node;
  readonly body: Node;
}

export interface SplatItemNode {
  readonly type: 'splat-item';
}

export interface CallNode {
  readonly type: 'call';
  readonly name: string;
  readonly args: readonly Node[];
  /** The final argument is followed by `...`: its elements become separate arguments. */
  readonly expandFinal: boolean;
}

export type UnaryOp = '-' | '!';
export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface UnaryNode {
  readonly type: 'unary';
  readonly op: UnaryOp;
  readonly operand: Node;
}

export interface BinaryNode {
  readonly type: 'binary';
  readonly op: BinaryOp;
  readonly left: Node;
  readonly right: Node;
}

export interface ConditionalNode {
  readonly type: 'conditional';
  readonly condition: Node;
  readonly whenTrue: Node;
  readonly whenFalse: Node;
}

export interface TupleNode {
  readonly type: 'tuple';
  readonly items: readonly Node[];
}

export interface ObjectNode {
  readonly type: 'object';
  readonly keys: readonly Node[];
  readonly values: readonly Node[];
}

/** `[for k, v in coll : value if cond]` (keyExpr null) or `{for k, v in coll : key => value... if cond}`. */
export interface ForNode {
  readonly type: 'for';
  readonly keyVar: string | null;
  readonly valueVar: string;
  readonly collection: Node;
  readonly keyExpr: Node | null;
  readonly valueExpr: Node;
  readonly condition: Node | null;
  readonly group: boolean;
}

/** Parts are evaluated, converted to strings and concatenated. */
export interface TemplateNode {
  readonly type: 'template';
  readonly parts: readonly Node[];
}

export interface TemplateIfNode {
  readonly type: 'template-if';
  readonly condition: Node;
  readonly whenTrue: TemplateNode;
  readonly whenFalse: TemplateNode;
}

export interface TemplateForNode {
  readonly type: 'template-for';
  readonly keyVar: string | null;
  readonly valueVar: string;
  readonly collection: Node;
  readonly body: TemplateNode;
}

export const SPLAT_ITEM: SplatItemNode = Object.freeze({ type: 'splat-item' as const });
export const NULL_LITERAL: LiteralNode = Object.freeze({ type: 'literal' as const, value: null });
export const TRUE_LITERAL: LiteralNode = Object.freeze({ type: 'literal' as const, value: true });
export const FALSE_LITERAL: LiteralNode = Object.freeze({ type: 'literal' as const, value: false });
export const EMPTY_STRING: LiteralNode = Object.freeze({ type: 'literal' as const, value: '' });

export function literal(value: string | number | boolean | null): LiteralNode {
  if (value === null) return NULL_LITERAL;
  if (value === true) return TRUE_LITERAL;
  if (value === false) return FALSE_LITERAL;
  if (value === '') return EMPTY_STRING;
  return { type: 'literal', value };
}

/** Short source-like rendering of a reference chain, for messages (`var.cfg.subnets[0]`). */
export function describe(node: Node): string {
  switch (node.type) {
    case 'variable':
      return node.name;
    case 'getattr':
      return `${describe(node.object)}.${node.name}`;
    case 'index':
      return `${describe(node.object)}[${node.key.type === 'literal' ? JSON.stringify(node.key.value) : '…'}]`;
    case 'splat':
      return `${describe(node.source)}[*]`;
    case 'splat-item':
      return '…';
    case 'call':
      return `${node.name}(…)`;
    case 'literal':
      return JSON.stringify(node.value);
    default:
      return `(${node.type} expression)`;
  }
}
