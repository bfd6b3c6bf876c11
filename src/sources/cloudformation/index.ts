/**
 * The CloudFormation source: JSON/YAML templates → normalized resources,
 * edges, locations and errors.
 *
 * Pipeline: read each candidate file → keep those whose content is a
 * template (others are returned as `notTemplates`, silently) → load the
 * local templates nested stacks point at → evaluate every root stack
 * (parameters, mappings, conditions, intrinsics; nested stacks with the
 * parameters their parent passes) → normalize into graph kinds. Bad input
 * becomes `errors` / `coverage` with file, line and column; it never stops
 * the other files.
 *
 * Identity: a resource's address is `<root template path>/LogicalId`
 * (nested: `<root template path>/Child/LogicalId`), the path being the root
 * template's path relative to the scan root without its extension
 * (`services/api/service/Service`), so two `service.yaml` in different
 * folders never print the same address; its graph id is
 * `<root template, relative>#<address>`, unique across files and stable when
 * lines move or other files are added (baselines and SARIF fingerprints
 * follow the id).
 */
import path from 'node:path';
import type { CoverageGap, InputError } from '../../graph/types.js';
import { Unknown } from '../../graph/values.js';
import type { SourceOutput } from '../types.js';
import { normalize, type EvaluatedResource } from './normalize.js';
import { DEFAULT_MAX_FILE_BYTES, readCandidate, relativePath } from '../common/candidate.js';
import { parameterValueProblem, readParameterFile } from './parameters.js';
import { FOREACH_PREFIX, MAX_LOOP_DEPTH } from './foreach.js';
import { getValue, parseText, toPlain, type TNode } from './parse.js';
import { lambdaShape, SAM_FUNCTION, SAM_TRANSFORM, samNotRead, usesSam } from './sam.js';
import { Stack, type StackEnv } from './stack.js';
import { buildTemplate, isTemplateTree, mentionsCloudFormation, stackNameOf, type Template } from './template.js';
import type { Value } from './values.js';
import { resolveLimits, type InputLimits } from '../common/limits.js';

export interface CloudFormationSourceOptions {
  /** Absolute; locations are relative to it with '/' separators. */
  root: string;
  /** Absolute paths of candidate files (.json .yaml .yml .template); templates are recognised by content. */
  files: string[];
  /** --cfn-param Key=Value (applied after parameter files). */
  parameters?: Record<string, string>;
  /** Parameter files: `[{ParameterKey, ParameterValue}]`, `{Parameters: {K: V}}` or `{K: V}` (JSON or YAML), in order. */
  parameterFiles?: string[];
  /** Value of AWS::Region; unknown when absent. */
  region?: string;
  /** AZ names per Region over the built-in table (the policy file's `availabilityZones`), for `Fn::GetAZs`. */
  availabilityZones?: Record<string, string[]>;
  /** Value of AWS::AccountId; unknown when absent. */
  accountId?: string;
  /** Files larger than this are reported (when they look like templates), not parsed. Default 10 MiB. */
  maxFileBytes?: number;
  /** Input limits (docs/limits.md). */
  limits?: InputLimits;
}

export interface NotDeployed {
  address: string;
  file: string;
  line: number;
  column: number;
  /** The resource's condition, which evaluated to false. */
  condition: string;
}

export interface CloudFormationSourceOutput extends SourceOutput {
  /** Candidate files that are not CloudFormation templates (relative). */
  notTemplates: string[];
  /** Resources whose Condition is false: not deployed, not evaluated, not in the graph. */
  notDeployed: NotDeployed[];
  /** Resource types that are not graph nodes yet, with how many resources were skipped. */
  ignoredResourceTypes: Record<string, number>;
  /** Root stacks scanned: `{ file, stack }`. */
  stacks: { file: string; stack: string }[];
  /** --cfn-param values CloudFormation would reject (a name no root template declares, a value outside its constraints): the caller's usage error. */
  parameterProblems: string[];
}

/** Is this text a CloudFormation template (AWSTemplateFormatVersion, or Resources with AWS:: types)? */
export function isCloudFormationTemplate(text: string): boolean {
  if (!mentionsCloudFormation(text)) return false;
  const parsed = parseText(text, 'template');
  return isTemplateTree(parsed.root);
}

/** Cheap pre-filter for routing: could this file's text be a template? (Confirmed by parsing.) */
export { mentionsCloudFormation } from './template.js';

type Loaded = Template | { error: InputError | 'not-template' };

export async function scanCloudFormation(options: CloudFormationSourceOptions): Promise<CloudFormationSourceOutput> {
  const root = path.resolve(options.root);
  const limits = options.limits ?? resolveLimits();
  const maxBytes = options.maxFileBytes ?? options.limits?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const errors: InputError[] = [];
  const errorKeys = new Set<string>();
  const coverage: CoverageGap[] = [];
  const coverageKeys = new Set<string>();
  const files = new Set<string>();
  const out: CloudFormationSourceOutput = {
    source: 'cloudformation',
    resources: [],
    edges: [],
    errors,
    coverage,
    files: [],
    notTemplates: [],
    notDeployed: [],
    ignoredResourceTypes: {},
    stacks: [],
    parameterProblems: [],
  };
  const addError = (e: InputError): void => {
    const key = `${e.file}\u0000${e.line}\u0000${e.column}\u0000${e.kind}\u0000${e.message}`;
    if (errorKeys.has(key)) return;
    errorKeys.add(key);
    errors.push(e);
  };
  const addGap = (g: CoverageGap): void => {
    const key = `${g.scope}\u0000${g.errorCode}\u0000${g.message}`;
    if (coverageKeys.has(key)) return;
    coverageKeys.add(key);
    coverage.push(g);
  };

  // Parameter values for root stacks: files in order, then --cfn-param.
  const inputs = new Map<string, Value>();
  for (const pf of options.parameterFiles ?? []) {
    const abs = path.resolve(pf);
    const rel = relativePath(root, abs);
    const read = await readCandidate(abs, rel, maxBytes, true, mentionsCloudFormation);
    if ('error' in read) {
      addError(read.error);
      continue;
    }
    if ('notTemplate' in read) continue;
    files.add(rel);
    const r = readParameterFile(read.text, rel);
    r.errors.forEach(addError);
    for (const [k, v] of r.values) inputs.set(k, v);
  }
  for (const [k, v] of Object.entries(options.parameters ?? {})) inputs.set(k, v);

  // Load candidates.
  const templates = new Map<string, Loaded>();
  const scanned: Template[] = [];
  const candidates = [...new Set(options.files.map((f) => path.resolve(f)))];
  const load = async (abs: string, mustBeTemplate: boolean): Promise<Loaded | undefined> => {
    const rel = relativePath(root, abs);
    const read = await readCandidate(abs, rel, maxBytes, mustBeTemplate, mentionsCloudFormation);
    if ('notTemplate' in read) return undefined;
    if ('error' in read) return { error: read.error };
    if (!mustBeTemplate && !mentionsCloudFormation(read.text)) return undefined;
    const parsed = parseText(read.text, rel, limits);
    if (!parsed.root) return { error: parsed.errors[0] };
    if (!isTemplateTree(parsed.root)) return mustBeTemplate ? { error: 'not-template' } : undefined;
    const t = buildTemplate(abs, rel, parsed.root);
    t.errors.unshift(...parsed.errors);
    return t;
  };
  for (const abs of candidates) {
    const loaded = await load(abs, false);
    const rel = relativePath(root, abs);
    if (loaded === undefined) {
      out.notTemplates.push(rel);
      continue;
    }
    templates.set(abs, loaded);
    if ('error' in loaded) {
      if (loaded.error !== 'not-template') addError(loaded.error);
      files.add(rel);
      continue;
    }
    scanned.push(loaded);
  }

  // Load the local templates of nested stacks (literal TemplateURLs), transitively.
  const referrers = new Map<string, Set<string>>();
  const queue = [...scanned];
  while (queue.length) {
    const t = queue.shift()!;
    for (const url of nestedTemplateUrls(t)) {
      if (/^(https?|s3):\/\//i.test(url)) continue;
      const abs = path.resolve(path.dirname(t.abs), url.replace(/^file:\/\//, ''));
      let set = referrers.get(abs);
      if (!set) referrers.set(abs, (set = new Set()));
      set.add(t.abs);
      if (templates.has(abs)) continue;
      const loaded = (await load(abs, true))!;
      templates.set(abs, loaded);
      if (!('error' in loaded)) queue.push(loaded);
      else if (loaded.error !== 'not-template' && !(loaded.error.kind === 'read' && /ENOENT/.test(loaded.error.message))) {
        // Missing files are reported at the TemplateURL (by the stack); other read/parse errors at the file.
        addError(loaded.error);
      }
    }
  }

  const env: StackEnv = {
    region: options.region,
    accountId: options.accountId,
    availabilityZones: options.availabilityZones,
    templates,
    rel: (abs) => relativePath(root, abs),
    error: addError,
    gap: addGap,
    limits,
  };
  const evaluated: EvaluatedResource[] = [];
  const instantiated = new Set<string>();
  const reportedTemplates = new Set<string>();

  const walk = (stack: Stack): void => {
    const t = stack.template;
    instantiated.add(t.abs);
    files.add(t.file);
    if (!reportedTemplates.has(t.abs)) {
      reportedTemplates.add(t.abs);
      t.errors.forEach(addError);
      // AWS::LanguageExtensions is applied here (Fn::ForEach, Fn::Length, …); other transforms run at deploy time.
      if (t.transform && t.otherTransforms.length > 0) {
        // SAM is read in-house for its functions and simple tables (sam.ts); its other types, and macros, are not.
        const names = t.otherTransforms.filter((n) => n !== SAM_TRANSFORM).join(', ');
        if (names) {
          addGap({
            scope: t.file,
            errorCode: 'transform',
            message: `${t.file} uses Transform ${names}: resources the transform adds or changes are not assessed`,
          });
        }
        const unread = usesSam(t.otherTransforms) ? Object.entries(samNotRead(stack.resources.values())) : [];
        if (unread.length > 0) {
          addGap({
            scope: t.file,
            errorCode: 'transform',
            message: `${t.file} uses Transform ${SAM_TRANSFORM}: ${unread.map(([type, n]) => `${type} (${n})`).join(', ')} not assessed (nor the resources SAM generates for them)`,
          });
        }
      }
    }
    for (const decl of stack.resources.values()) {
      if (!decl.type) continue;
      const exists = stack.resourceCondition(decl);
      if (exists === false) {
        out.notDeployed.push({
          address: stack.resourceAddress(decl.logicalId),
          file: t.file,
          line: decl.pos.line,
          column: decl.pos.column,
          condition: decl.condition!.name,
        });
        continue;
      }
      const r: EvaluatedResource = {
        stack,
        decl,
        type: decl.type,
        id: stack.resourceId(decl.logicalId),
        address: stack.resourceAddress(decl.logicalId),
        props: decl.type === SAM_FUNCTION ? lambdaShape(stack.resourceProps(decl)) : stack.resourceProps(decl),
      };
      if (exists instanceof Unknown) r.conditionUnknown = exists;
      evaluated.push(r);
      if (decl.type === 'AWS::CloudFormation::Stack') {
        const child = stack.child(decl);
        if (child instanceof Stack) walk(child);
      }
    }
  };

  const rootTemplates: Template[] = [];
  const runRoot = (t: Template): void => {
    rootTemplates.push(t);
    const name = stackNameOf(t.abs);
    out.stacks.push({ file: t.file, stack: name });
    walk(new Stack({ env, template: t, name, address: rootAddress(t.file), rootFile: t.file, path: [], ancestors: [], inputs }));
  };

  // A template used as a nested stack is not a root of its own.
  for (const t of scanned) if (!referrers.has(t.abs)) runRoot(t);
  // Templates that only include each other (a cycle no root reaches): evaluate the first as a root.
  for (;;) {
    const orphan = scanned.find((t) => !instantiated.has(t.abs) && [...(referrers.get(t.abs) ?? [])].every((p) => !instantiated.has(p)));
    if (!orphan) break;
    runRoot(orphan);
  }

  // As CloudFormation on create: a parameter the template does not declare, or a value its constraints refuse, is rejected.
  for (const [k, v] of Object.entries(options.parameters ?? {})) {
    const declaring = rootTemplates.filter((t) => t.parameters.has(k));
    if (!declaring.length) {
      out.parameterProblems.push(`--cfn-param ${k}: ${rootTemplates.length ? `no scanned template declares parameter '${k}'` : 'no CloudFormation template was scanned'}`);
      continue;
    }
    for (const t of declaring) {
      const e = t.parameters.get(k)!;
      const why = parameterValueProblem(toPlain(e.value), v);
      if (why) out.parameterProblems.push(`--cfn-param ${k}: ${why} (declared at ${t.file}:${e.keyPos.line}:${e.keyPos.column})`);
    }
  }

  const norm = normalize(evaluated);
  out.resources = norm.resources;
  out.edges = norm.edges;
  norm.errors.forEach(addError);
  out.ignoredResourceTypes = norm.ignored;
  out.files = [...files].sort();
  errors.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return out;
}

/**
 * Literal TemplateURLs of a template's nested stacks, also those written
 * inside Fn::ForEach loops (a URL with the loop's identifier in it is
 * resolved per stack and not preloaded).
 */
function nestedTemplateUrls(t: Template): string[] {
  const out: string[] = [];
  const literal = (props: TNode | undefined): void => {
    const url = getValue(props, 'TemplateURL');
    if (url?.type === 'scalar' && typeof url.value === 'string' && !url.value.includes('{')) out.push(url.value);
  };
  for (const decl of t.resources.values()) if (decl.type === 'AWS::CloudFormation::Stack') literal(decl.properties);
  const loops = (node: TNode | undefined, depth: number): void => {
    if (node?.type !== 'map' || depth > MAX_LOOP_DEPTH) return;
    for (const e of node.entries) {
      if (!e.key.startsWith(FOREACH_PREFIX) || e.value.type !== 'seq') continue;
      const fragment = e.value.items[2];
      if (fragment?.type !== 'map') continue;
      for (const f of fragment.entries) {
        const type = getValue(f.value, 'Type');
        if (type?.type === 'scalar' && type.value === 'AWS::CloudFormation::Stack') literal(getValue(f.value, 'Properties'));
      }
      loops(fragment, depth + 1);
    }
  };
  loops(t.sections.Resources, 0);
  return out;
}

/**
 * The address of a root stack: its template's path relative to the scan
 * root without the extension (`network.yaml` → `network`,
 * `services/api/service.yaml` → `services/api/service`).
 */
export function rootAddress(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? file.slice(0, file.length - (base.length - dot)) : file;
}
