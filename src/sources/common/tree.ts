/**
 * The positioned tree every text source reads documents into: maps,
 * sequences and scalars, each with its 1-based line and column. The
 * CloudFormation parser (YAML and JSON) and the linear JSON scanner
 * (json-positions.ts: plans, `.tfvars.json`) both produce it.
 */
export interface Pos {
  /** 1-based. */
  line: number;
  /** 1-based, UTF-16 code units. */
  column: number;
}

export interface ScalarNode {
  type: 'scalar';
  value: string | number | boolean | null;
  pos: Pos;
  /** Set when the node could not be read (an unknown tag): it evaluates to Unknown with this reason. */
  invalid?: string;
}

export interface SeqNode {
  type: 'seq';
  items: TNode[];
  pos: Pos;
}

export interface MapEntry {
  key: string;
  keyPos: Pos;
  value: TNode;
}

export interface MapNode {
  type: 'map';
  entries: MapEntry[];
  pos: Pos;
  /** Written as a short-form tag (`!Ref`), not as a mapping. */
  fromTag?: boolean;
}

export type TNode = ScalarNode | SeqNode | MapNode;

export function getEntry(node: TNode | undefined, key: string): MapEntry | undefined {
  if (!node || node.type !== 'map') return undefined;
  return node.entries.find((e) => e.key === key);
}

export function getValue(node: TNode | undefined, key: string): TNode | undefined {
  return getEntry(node, key)?.value;
}

/** Plain JS value of a tree without intrinsics (mappings, metadata, parameter files). */
export function toPlain(node: TNode): unknown {
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) out[e.key] = toPlain(e.value);
      return out;
    }
  }
}
