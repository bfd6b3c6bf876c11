/**
 * CloudFormation template text (YAML or JSON) → a small positioned tree.
 *
 * The `yaml` package parses both (YAML 1.2 is a JSON superset) and keeps
 * source ranges; a LineCounter turns them into 1-based line/column. The
 * short-form intrinsics (`!Ref X`, `!GetAtt A.B`, `!Sub …`) are declared to
 * the parser as identity tags and rewritten here into their long form
 * (`{ Ref: X }`, `{ 'Fn::GetAtt': 'A.B' }`), positioned at the tag, so the
 * evaluator sees one syntax. An unknown tag is a parse error at the tag.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type Tags } from 'yaml';
import type { InputError } from '../../graph/types.js';
import { DEFAULT_LIMITS, limitHint, type InputLimits } from '../common/limits.js';
import { lineColumnAt } from '../common/read.js';
import type { MapEntry, Pos, TNode } from '../common/tree.js';

export type { MapEntry, MapNode, Pos, ScalarNode, SeqNode, TNode } from '../common/tree.js';
export { getEntry, getValue, toPlain } from '../common/tree.js';

/** Short-form tag → long-form key. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!FindInMap': 'Fn::FindInMap',
  '!Split': 'Fn::Split',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/**
 * The short forms declared to the parser as identity tags for scalars,
 * sequences and mappings alike: the node keeps its tag and value, and the
 * parser does not raise (and build a stack trace for) an "unresolved tag"
 * warning per intrinsic — a measurable share of a large template's parse.
 * Unknown tags still reach the parser unresolved and are reported below.
 */
const INTRINSIC_TAGS: Tags = Object.keys(SHORT_FORMS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: <T>(seq: T) => seq },
  { tag, collection: 'map' as const, resolve: <T>(map: T) => map },
]);

/** Standard YAML tags the parser resolves itself. */
function isStandardTag(tag: string): boolean {
  return tag.startsWith('tag:yaml.org,2002:') || tag.startsWith('!!');
}

/** Guard against alias expansion bombs: no template needs this many nodes. */
const MAX_NODES = 2_000_000;

export interface ParsedText {
  /** Absent when the text is not valid YAML/JSON. */
  root?: TNode;
  /** Parse errors (the first makes `root` absent) and unknown tags (the value becomes null). */
  errors: InputError[];
}

/** Parse YAML or JSON text into a positioned tree. Never throws. */
export function parseText(text: string, file: string, limits: Pick<InputLimits, 'maxYamlAnchors' | 'maxYamlAliases'> = DEFAULT_LIMITS): ParsedText {
  const lc = new LineCounter();
  // Counted before the YAML parser sees them: it is quadratic in the number of anchors.
  const marks = yamlMarks(text, limits);
  if (marks) return { errors: [{ file, ...marks.at, kind: 'limit', message: `${file}: ${marks.message}; not parsed` }] };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true, customTags: INTRINSIC_TAGS });
  } catch (e) {
    return { errors: [{ file, line: 1, column: 1, kind: 'parse', message: `cannot parse ${file}: ${e instanceof RangeError ? 'nested too deeply' : firstLine(String((e as Error)?.message ?? e))}` }] };
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const p = lc.linePos(err.pos[0]);
    return { errors: [{ file, line: p.line, column: p.col, kind: 'parse', message: firstLine(err.message) }] };
  }
  const conv = new Converter(text, lc, file, doc);
  const contents = doc.contents as YamlNode | null;
  const root = contents ? conv.convert(contents, 0) : { type: 'scalar' as const, value: null, pos: { line: 1, column: 1 } };
  if (conv.tooLarge) return { errors: [{ file, line: 1, column: 1, kind: 'too-large', message: `${file} expands to more than ${MAX_NODES} nodes (aliases?); not evaluated` }] };
  return { root, errors: conv.errors };
}

/**
 * Anchors (`&a`) and aliases (`*a`) by a lexical count (a mark inside a
 * string counts too, which only errs towards the limit); the first over a
 * limit, with its position.
 */
export function yamlMarks(text: string, limits: Pick<InputLimits, 'maxYamlAnchors' | 'maxYamlAliases'>): { at: { line: number; column: number }; message: string } | undefined {
  if (!text.includes('&') && !text.includes('*')) return undefined;
  let anchors = 0;
  let aliases = 0;
  const re = /(?:^|[\s,[{:-])([&*])[^\s,[\]{}]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const isAnchor = m[1] === '&';
    if (isAnchor ? ++anchors > limits.maxYamlAnchors : ++aliases > limits.maxYamlAliases) {
      const at = lineColumnAt(text, m.index + m[0].indexOf(m[1]));
      return {
        at,
        message: isAnchor ? `more than ${limits.maxYamlAnchors.toLocaleString('en-US')} YAML anchors, ${limitHint('maxYamlAnchors', limits.maxYamlAnchors)}` : `more than ${limits.maxYamlAliases.toLocaleString('en-US')} YAML aliases, ${limitHint('maxYamlAliases', limits.maxYamlAliases)}`,
      };
    }
  }
  return undefined;
}

function firstLine(s: string): string {
  const line = s.split('\n')[0].trim();
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

class Converter {
  readonly errors: InputError[] = [];
  tooLarge = false;
  private count = 0;

  constructor(
    private readonly text: string,
    private readonly lc: LineCounter,
    private readonly file: string,
    private readonly doc: Document.Parsed,
  ) {}

  private pos(offset: number | undefined): Pos {
    const p = this.lc.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  }

  convert(node: YamlNode, depth: number): TNode {
    if (++this.count > MAX_NODES || depth > 200) {
      this.tooLarge = true;
      return { type: 'scalar', value: null, pos: this.pos(node.range?.[0]) };
    }
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) return { type: 'scalar', value: null, pos: this.pos(node.range?.[0]) };
      return this.convert(target as YamlNode, depth + 1);
    }
    const start = node.range?.[0] ?? 0;
    const tag = node.tag;
    let out: TNode;
    if (isScalar(node)) {
      out = { type: 'scalar', value: scalarValue(node.value, (node as { source?: string }).source, tag), pos: this.pos(start) };
    } else if (isSeq(node)) {
      out = { type: 'seq', items: node.items.map((item) => this.convert(item as YamlNode, depth + 1)), pos: this.pos(start) };
    } else if (isMap(node)) {
      const entries: MapEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as YamlNode | null;
        const keyStart = k?.range?.[0] ?? start;
        const key = k && isScalar(k) ? keyString(k.value, (k as { source?: string }).source) : undefined;
        if (key === undefined) {
          this.errors.push({ file: this.file, ...lineCol(this.pos(keyStart)), kind: 'parse', message: 'a mapping key must be a plain string' });
          continue;
        }
        const v = pair.value as YamlNode | null;
        const value: TNode = v ? this.convert(v, depth + 1) : { type: 'scalar', value: null, pos: this.pos(keyStart) };
        entries.push({ key, keyPos: this.pos(keyStart), value });
      }
      out = { type: 'map', entries, pos: this.pos(start) };
    } else {
      out = { type: 'scalar', value: null, pos: this.pos(start) };
    }
    if (tag && !isStandardTag(tag)) {
      const tagPos = this.pos(this.tagOffset(tag, start));
      const long = SHORT_FORMS[tag];
      if (!long) {
        this.errors.push({ file: this.file, ...lineCol(tagPos), kind: 'parse', message: `unknown tag ${tag} (not a CloudFormation intrinsic function)` });
        return { type: 'scalar', value: null, pos: tagPos, invalid: `unknown tag ${tag}` };
      }
      return { type: 'map', entries: [{ key: long, keyPos: tagPos, value: out }], pos: tagPos, fromTag: true };
    }
    return out;
  }

  /** The tag is written before the node's own range (possibly on the line above, for block collections). */
  private tagOffset(tag: string, start: number): number {
    const at = this.text.lastIndexOf(tag, start);
    return at >= 0 ? at : start;
  }
}

function lineCol(p: Pos): { line: number; column: number } {
  return { line: p.line, column: p.column };
}

/**
 * Keep what was written: a plain scalar that YAML reads as a number but does
 * not print back the same (`13.10`, `0123`) stays the string CloudFormation
 * sees, so engine versions and account ids are not mangled.
 */
function scalarValue(value: unknown, source: string | undefined, tag: string | undefined): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (tag && isStandardTag(tag)) return value;
    if (source !== undefined && String(value) !== source) return source;
    return value;
  }
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return String(value);
  return String(value);
}

function keyString(value: unknown, source: string | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return source ?? undefined;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return source ?? String(value);
  return undefined;
}
