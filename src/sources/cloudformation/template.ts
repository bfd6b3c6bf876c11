/**
 * A parsed template: its sections, by name, with positions. Built once per
 * file and shared by every stack that uses it (a nested template can be
 * instantiated by several parents with different parameters).
 */
import path from 'node:path';
import type { InputError } from '../../graph/types.js';
import { FOREACH_PREFIX, LANGUAGE_EXTENSIONS, transforms } from './foreach.js';
import { getEntry, getValue, type MapEntry, type MapNode, type Pos, type TNode } from './parse.js';
import { applySamGlobals, usesSam } from './sam.js';

export interface ResourceDecl {
  logicalId: string;
  /** The logical id key: the resource's location. */
  pos: Pos;
  type: string | undefined;
  node: MapNode;
  /** `Properties`, when it is a mapping. */
  properties?: MapNode;
  condition?: { name: string; pos: Pos };
  metadata?: TNode;
}

export interface Template {
  /** Absolute path. */
  abs: string;
  /** Relative to the scan root, `/` separators. */
  file: string;
  root: MapNode;
  parameters: Map<string, MapEntry>;
  mappings: Map<string, MapEntry>;
  conditions: Map<string, MapEntry>;
  resources: Map<string, ResourceDecl>;
  outputs: Map<string, MapEntry>;
  /** `Transform` (SAM, macros): resources it would add are not seen. */
  transform?: MapEntry;
  /** `Transform: AWS::LanguageExtensions`: Fn::ForEach is expanded (per stack). */
  languageExtensions: boolean;
  /** Transforms other than AWS::LanguageExtensions (SAM, macros): what they add is not assessed. */
  otherTransforms: string[];
  /**
   * With the language extensions: the sections (as written) that hold
   * `Fn::ForEach` loops, expanded by each stack; the maps above then hold
   * only the entries written without a loop.
   */
  sections: { Resources?: MapNode; Outputs?: MapNode; Conditions?: MapNode };
  /** Structural problems found while building (reported once per file). */
  errors: InputError[];
}

/** Does this parsed document look like a CloudFormation template? */
export function isTemplateTree(root: TNode | undefined): root is MapNode {
  if (!root || root.type !== 'map') return false;
  if (getEntry(root, 'AWSTemplateFormatVersion')) return true;
  const resources = getValue(root, 'Resources');
  if (!resources || resources.type !== 'map') return false;
  return resources.entries.some((e) => {
    // A template whose resources all come from loops (AWS::LanguageExtensions).
    if (e.key.startsWith(FOREACH_PREFIX)) return true;
    const t = getValue(e.value, 'Type');
    return t?.type === 'scalar' && typeof t.value === 'string' && /^(AWS|Custom|Alexa)::/.test(t.value);
  });
}

/**
 * Cheap text test: could this file be a template? A file that fails to parse
 * is reported only when it passes this test; other YAML/JSON (Helm charts,
 * package.json, CI files) is skipped silently.
 */
export function mentionsCloudFormation(text: string): boolean {
  return /AWSTemplateFormatVersion/.test(text) || /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/.test(text);
}

function sectionMap(root: MapNode, name: string, file: string, errors: InputError[]): Map<string, MapEntry> {
  const out = new Map<string, MapEntry>();
  const entry = getEntry(root, name);
  if (!entry) return out;
  if (entry.value.type !== 'map') {
    if (!(entry.value.type === 'scalar' && entry.value.value === null)) {
      errors.push({ file, line: entry.keyPos.line, column: entry.keyPos.column, kind: 'template', message: `${name} must be a mapping` });
    }
    return out;
  }
  for (const e of entry.value.entries) out.set(e.key, e);
  return out;
}

/** A resource declaration from its `LogicalId: {Type, Properties, …}` entry; structural problems go to `errors`. */
export function resourceDecl(logicalId: string, e: MapEntry, file: string, errors: InputError[]): ResourceDecl | undefined {
  if (e.value.type !== 'map') {
    errors.push({ file, line: e.keyPos.line, column: e.keyPos.column, kind: 'template', message: `resource ${logicalId} must be a mapping with a Type` });
    return undefined;
  }
  const typeNode = getValue(e.value, 'Type');
  const type = typeNode?.type === 'scalar' && typeof typeNode.value === 'string' ? typeNode.value : undefined;
  if (!type) errors.push({ file, line: e.keyPos.line, column: e.keyPos.column, kind: 'template', message: `resource ${logicalId} has no Type` });
  const props = getValue(e.value, 'Properties');
  const condEntry = getEntry(e.value, 'Condition');
  const decl: ResourceDecl = { logicalId, pos: e.keyPos, type, node: e.value };
  if (props?.type === 'map') decl.properties = props;
  else if (props && !(props.type === 'scalar' && props.value === null)) {
    errors.push({ file, line: e.keyPos.line, column: e.keyPos.column, kind: 'template', message: `Properties of ${logicalId} must be a mapping` });
  }
  if (condEntry) {
    const v = condEntry.value;
    if (v.type === 'scalar' && typeof v.value === 'string') decl.condition = { name: v.value, pos: condEntry.keyPos };
    else errors.push({ file, line: condEntry.keyPos.line, column: condEntry.keyPos.column, kind: 'template', message: `Condition of ${logicalId} must be a condition name` });
  }
  const md = getValue(e.value, 'Metadata');
  if (md) decl.metadata = md;
  return decl;
}

export function buildTemplate(abs: string, file: string, root: MapNode): Template {
  const errors: InputError[] = [];
  // The only version CloudFormation has ever had; another is a template this reader does not know how to read.
  const version = getEntry(root, 'AWSTemplateFormatVersion');
  if (version && !(version.value.type === 'scalar' && String(version.value.value) === '2010-09-09')) {
    const v = version.value.type === 'scalar' ? JSON.stringify(String(version.value.value)) : `a ${version.value.type}`;
    errors.push({ file, line: version.value.pos.line, column: version.value.pos.column, kind: 'format', message: `AWSTemplateFormatVersion ${v} is not supported (CloudFormation knows only "2010-09-09")` });
  }
  const { languageExtensions, others } = transforms(root);
  const sections: Template['sections'] = {};
  // Loops are expanded per stack (their collections may come from parameters); without the transform they are errors.
  const withoutLoops = (name: 'Resources' | 'Outputs' | 'Conditions'): Map<string, MapEntry> => {
    const all = sectionMap(root, name, file, errors);
    // Loops may also stand inside a resource's properties: with the transform every section is expanded.
    const node = getValue(root, name);
    if (languageExtensions && node?.type === 'map') sections[name] = node;
    const loops = [...all.keys()].filter((k) => k.startsWith(FOREACH_PREFIX));
    if (loops.length === 0) return all;
    for (const k of loops) {
      const e = all.get(k)!;
      if (!languageExtensions) errors.push({ file, line: e.keyPos.line, column: e.keyPos.column, kind: 'function', message: `${k}: Fn::ForEach needs Transform: ${LANGUAGE_EXTENSIONS}` });
      all.delete(k);
    }
    return all;
  };
  const resources = new Map<string, ResourceDecl>();
  for (const [logicalId, e] of withoutLoops('Resources')) {
    const decl = resourceDecl(logicalId, e, file, errors);
    if (decl) resources.set(logicalId, decl);
  }
  if (usesSam(others)) applySamGlobals(root, resources, file, errors);
  return {
    abs,
    file,
    root,
    parameters: sectionMap(root, 'Parameters', file, errors),
    mappings: sectionMap(root, 'Mappings', file, errors),
    conditions: withoutLoops('Conditions'),
    resources,
    outputs: withoutLoops('Outputs'),
    transform: getEntry(root, 'Transform'),
    languageExtensions,
    otherTransforms: others,
    sections,
    errors,
  };
}

/** Stack name of a root template: the file's base name without its extension. */
export function stackNameOf(abs: string): string {
  const base = path.basename(abs);
  const ext = path.extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}
