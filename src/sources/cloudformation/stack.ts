/**
 * Evaluation of one stack: a template with its parameter values.
 *
 * Everything is evaluated lazily and memoized per stack (conditions,
 * resource properties, nested stacks, outputs), so the order of sections in
 * the file does not matter and each expression is evaluated once; a
 * `visiting` set turns circular conditions / outputs into an error and an
 * Unknown instead of a stack overflow.
 *
 * Values that cannot be known offline are `Unknown` with a reason; resource
 * references are `StackRef`s (see values.ts). Template mistakes (a Ref to
 * nothing, a circular condition, a bad function argument) are InputErrors at
 * the expression's line and column, and the value is Unknown.
 */
import path from 'node:path';
import { regionAzNames } from '../../analysis/az-regions.js';
import { compareAz } from '../../analysis/az.js';
import { SymbolicAz, SymbolicAzList } from '../../graph/az.js';
import type { CoverageGap, InputError } from '../../graph/types.js';
import { Unknown } from '../../graph/values.js';
import { cidrSubnets } from './cidr.js';
import { expandSection, FOREACH_PREFIX, LANGUAGE_EXTENSIONS, type LoopHost, type UnknownLoop } from './foreach.js';
import { getEntry, getValue, type MapEntry, type MapNode, type Pos, type TNode } from './parse.js';
import { resourceDecl, type ResourceDecl, type Template } from './template.js';
import { applySamGlobals, samGenerated, usesSam } from './sam.js';
import {
  ComputedUnknown,
  dedupeRefs,
  firstUnknown,
  isObject,
  NO_VALUE,
  refsIn,
  scalarString,
  StackRef,
  unknownFrom,
  type Evaluated,
  type Value,
  type ValueObject,
} from './values.js';
import { DEFAULT_LIMITS, limitHint, type InputLimits } from '../common/limits.js';

/** What every stack shares: options, the template cache and the error sink. */
export interface StackEnv {
  region?: string;
  accountId?: string;
  /** The policy file's `availabilityZones`: AZ names per Region, over the built-in table. */
  availabilityZones?: Readonly<Record<string, readonly string[]>>;
  /** Templates loaded for nested stacks (literal local TemplateURLs), by absolute path; `{error}` when missing, unreadable or not a template. */
  templates: Map<string, Template | { error: InputError | 'not-template' }>;
  /** Relative path for a file (for messages). */
  rel(abs: string): string;
  error(e: InputError): void;
  gap(g: CoverageGap): void;
  /** Input limits (docs/limits.md); the defaults when absent. */
  limits?: InputLimits;
  /** Nested stacks instantiated so far in this scan (the maxNestedStacks fan-out limit). */
  nestedStacks?: number;
}

const MAX_NESTING = 8;

const AZ_LIST_TYPE = 'List<AWS::EC2::AvailabilityZone::Name>';
const SSM_AZ_LIST_TYPE = `AWS::SSM::Parameter::Value<${AZ_LIST_TYPE}>`;

/**
 * `Fn::GetAtt` attributes that are, by definition, the value of a property.
 * Only values, never identities: a reference that must become an edge (a
 * service's Name in a scaling target's ResourceId) stays a StackRef.
 */
const ECHOED_ATTRIBUTES: Record<string, Record<string, string>> = {
  'AWS::EC2::Subnet': { AvailabilityZone: 'AvailabilityZone', CidrBlock: 'CidrBlock' },
  'AWS::EC2::VPC': { CidrBlock: 'CidrBlock' },
};

function at(file: string, pos: Pos): { file: string; line: number; column: number } {
  return { file, line: pos.line, column: pos.column };
}

function deepEqual(a: Value, b: Value): boolean {
  const sa = scalarString(a);
  const sb = scalarString(b);
  if (sa !== undefined || sb !== undefined) return sa === sb;
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, k) => deepEqual(x, b[k]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

export interface StackInit {
  env: StackEnv;
  template: Template;
  /** `AWS::StackName`: root: file base name; nested: logical id. */
  name: string;
  /** `infra/app` (root: template path without extension), `infra/app/Network` (nested). */
  address: string;
  /** Root template file (relative): the first part of every resource id. */
  rootFile: string;
  /** Logical ids of the nested stacks from the root down (empty for a root stack). */
  path: string[];
  /** Absolute paths of the templates above (for nesting cycles). */
  ancestors: string[];
  /** Parameter values given: strings for a root stack (--cfn-param, files), evaluated values for a nested one. */
  inputs: Map<string, Value>;
  /** Nested: where the parent passes them (`Parameters` of the AWS::CloudFormation::Stack), for errors. */
  inputsNode?: { file: string; node: TNode | undefined; stackPos: Pos };
}

export class Stack {
  readonly env: StackEnv;
  readonly template: Template;
  readonly name: string;
  readonly address: string;
  readonly rootFile: string;
  readonly path: string[];
  readonly ancestors: string[];
  readonly params = new Map<string, Value>();
  /** The template's sections with Fn::ForEach expanded for this stack's parameters (the template's own maps without the transform). */
  resources: Map<string, ResourceDecl>;
  conditions: Map<string, MapEntry>;
  outputs: Map<string, MapEntry>;
  /** Loops whose collection is unknown, by section: the names they could create are unknown, not missing. */
  readonly unknownLoops: (UnknownLoop & { section: 'Resources' | 'Outputs' | 'Conditions' })[] = [];

  private readonly condMemo = new Map<string, boolean | Unknown>();
  private readonly condVisiting: string[] = [];
  private readonly propsMemo = new Map<string, ValueObject | Unknown>();
  private readonly propsVisiting = new Set<string>();
  private readonly childMemo = new Map<string, Stack | Unknown>();
  private readonly outputMemo = new Map<string, Value>();
  private readonly outputVisiting = new Set<string>();

  constructor(init: StackInit) {
    this.env = init.env;
    this.template = init.template;
    this.name = init.name;
    this.address = init.address;
    this.rootFile = init.rootFile;
    this.path = init.path;
    this.ancestors = init.ancestors;
    this.resources = init.template.resources;
    this.conditions = init.template.conditions;
    this.outputs = init.template.outputs;
    this.initParams(init);
    if (init.template.languageExtensions) this.expandLoops();
  }

  get file(): string {
    return this.template.file;
  }

  resourceId(logicalId: string): string {
    return `${this.rootFile}#${this.address}/${logicalId}`;
  }

  resourceAddress(logicalId: string): string {
    return `${this.address}/${logicalId}`;
  }

  private err(pos: Pos, kind: string, message: string): void {
    this.env.error({ ...at(this.file, pos), kind, message });
  }

  // ---------------------------------------------------------------- Fn::ForEach

  /**
   * Expand the Fn::ForEach loops of Conditions, Resources and Outputs (in
   * that order: a collection may use a condition). A loop whose collection
   * is unknown leaves its resources not assessed (a coverage entry at the
   * loop), never silently dropped.
   */
  private expandLoops(): void {
    const t = this.template;
    const host: LoopHost = { evaluate: (n) => this.evaluate(n), error: (pos, message) => this.err(pos, 'function', message) };
    const expand = (section: 'Resources' | 'Outputs' | 'Conditions'): MapEntry[] | undefined => {
      if (!t.sections[section]) return undefined;
      const x = expandSection(t.sections[section], host);
      for (const u of x.unknown) {
        this.unknownLoops.push({ ...u, section });
        if (section === 'Resources') {
          this.env.gap({
            scope: `${this.file}:${u.pos.line}`,
            errorCode: 'foreach-unknown',
            message: `Fn::ForEach::${u.loop} (${this.file}:${u.pos.line}) in ${this.address}: ${u.reason}; the resources it creates are not assessed`,
          });
        }
      }
      const out: MapEntry[] = [];
      const seen = new Set<string>();
      for (const e of x.entries) {
        if (seen.has(e.key)) this.err(e.keyPos, 'template', `${section}: ${e.key} is declared more than once (after expanding Fn::ForEach)`);
        else if (!/^[A-Za-z0-9]+$/.test(e.key)) this.err(e.keyPos, 'template', `${section}: ${e.key} is not alphanumeric (use &{Identifier} for collection items with other characters)`);
        else out.push(e);
        seen.add(e.key);
      }
      return out;
    };
    const conditions = expand('Conditions');
    if (conditions) this.conditions = new Map(conditions.map((e) => [e.key, e]));
    const resources = expand('Resources');
    if (resources) {
      const errors: InputError[] = [];
      this.resources = new Map();
      for (const e of resources) {
        const decl = resourceDecl(e.key, e, this.file, errors);
        if (decl) this.resources.set(e.key, decl);
      }
      // Globals apply to the resources the loops create too (SAM runs after the language extensions); its errors were reported with the template's.
      if (usesSam(t.otherTransforms)) applySamGlobals(t.root, this.resources, this.file, []);
      errors.forEach((x) => this.env.error(x));
    }
    const outputs = expand('Outputs');
    if (outputs) this.outputs = new Map(outputs.map((e) => [e.key, e]));
  }

  /** A loop with an unknown collection that could create `name` in `section`. */
  private unknownLoopFor(section: 'Resources' | 'Outputs' | 'Conditions', name: string): UnknownLoop | undefined {
    return this.unknownLoops.find((u) => u.section === section && u.patterns.some((p) => p.test(name)));
  }

  // ---------------------------------------------------------------- parameters

  private initParams(init: StackInit): void {
    const nested = this.path.length > 0;
    for (const [name, entry] of this.template.parameters) {
      const decl = entry.value;
      const typeNode = getValue(decl, 'Type');
      const type = typeNode?.type === 'scalar' && typeof typeNode.value === 'string' ? typeNode.value : 'String';
      let raw: Value | undefined = init.inputs.get(name);
      let from = nested ? `the value passed by ${this.address}` : 'the value given';
      if (raw === undefined) {
        const def = getValue(decl, 'Default');
        if (def) {
          const v = this.evaluate(def);
          raw = v === NO_VALUE ? undefined : v;
          from = 'its Default';
        }
      }
      if (raw === undefined) {
        const hint = nested ? `the nested stack ${this.address} is given no value for it` : `pass --cfn-param ${name}=…`;
        const reason = `parameter ${name} has no value (no Default; ${hint})`;
        // A list of AZ names without a value is still a list of distinct AZs: element i of it is one AZ.
        this.params.set(name, type === AZ_LIST_TYPE || type === SSM_AZ_LIST_TYPE ? this.azParameter(name, reason) : new Unknown(reason));
        continue;
      }
      this.params.set(name, this.coerceParam(name, type, raw, entry.keyPos, from));
    }
    if (init.inputsNode?.node?.type === 'map') {
      for (const e of init.inputsNode.node.entries) {
        if (!this.template.parameters.has(e.key)) {
          this.env.error({
            ...at(init.inputsNode.file, e.keyPos),
            kind: 'reference',
            message: `nested stack ${this.address} (${this.file}) has no parameter ${e.key}`,
          });
        }
      }
    }
  }

  private coerceParam(name: string, type: string, raw: Value, pos: Pos, from: string): Value {
    if (type.startsWith('AWS::SSM::Parameter::Value<')) {
      const key = scalarString(raw);
      const reason = `parameter ${name} is read from SSM parameter ${key ? `"${key}"` : ''} at deploy time`.replace('  ', ' ');
      if (type === SSM_AZ_LIST_TYPE) return this.azParameter(name, reason);
      return new Unknown(reason);
    }
    if (type === 'CommaDelimitedList' || type.startsWith('List<')) {
      const items = listItems(raw);
      if (items instanceof Unknown) return items;
      if (type === 'List<Number>') return items.map((x) => this.toNumber(name, x, pos, from));
      return items;
    }
    if (type === 'Number') return this.toNumber(name, raw, pos, from);
    if (raw instanceof Unknown) return raw;
    if (Array.isArray(raw)) return raw.map((x) => scalarString(x) ?? '').join(',');
    return scalarString(raw) ?? raw;
  }

  /** The AZ list a `List<AWS::EC2::AvailabilityZone::Name>` parameter of this stack holds when its names are not known. */
  private azParameter(name: string, reason: string): SymbolicAzList {
    return new SymbolicAzList({ key: `cfn:${this.resourceId(`parameter:${name}`)}`, label: `parameter ${name}`, distinct: true }, reason);
  }

  /**
   * `Fn::GetAZs`: the AZ names of a Region. `''` and `Ref AWS::Region` mean
   * the stack's Region: names when it is known (--region) and in the table,
   * else a symbolic list. A stack and its nested stacks deploy in one Region,
   * so the list is keyed by the root template; two root templates may go to
   * different Regions (and accounts) and get different keys.
   */
  private getAzs(e: MapEntry): Value {
    const a = e.value;
    const stackRegion =
      (a.type === 'scalar' && (a.value === '' || a.value === null)) ||
      (a.type === 'map' && a.entries.length === 1 && a.entries[0].key === 'Ref' && a.entries[0].value.type === 'scalar' && a.entries[0].value.value === 'AWS::Region');
    let region: string | undefined;
    if (stackRegion) region = this.env.region;
    else {
      const r = this.value(a);
      if (r instanceof Unknown) return unknownFrom(`Fn::GetAZs: the Region is unknown (${r.reason})`, [r]);
      if (typeof r !== 'string') return this.bad(e, 'the argument must be a Region name');
      region = r === '' ? this.env.region : r;
    }
    if (region !== undefined) {
      const names = regionAzNames(region, this.env.availabilityZones);
      if (names) return names;
    }
    const label = stackRegion || region === this.env.region ? "Fn::GetAZs ''" : `Fn::GetAZs ${region}`;
    const key = region === undefined ? `cfn:${this.rootFile}#Fn::GetAZs` : `cfn:${this.rootFile}#Fn::GetAZs ${region}`;
    return new SymbolicAzList({ key, label, distinct: true, ...(region !== undefined ? { region } : {}) });
  }

  private toNumber(name: string, raw: Value, pos: Pos, from: string): Value {
    if (raw instanceof Unknown || typeof raw === 'number') return raw;
    const s = scalarString(raw);
    if (s !== undefined && s.trim() !== '' && Number.isFinite(Number(s))) return Number(s);
    this.err(pos, 'parameter', `parameter ${name} is a Number, but ${from} is ${JSON.stringify(raw)}`);
    return new Unknown(`parameter ${name}: ${JSON.stringify(raw)} is not a number`);
  }

  // ---------------------------------------------------------------- conditions

  /** Value of a named condition: true, false, or Unknown. */
  condition(name: string, pos: Pos): boolean | Unknown {
    const memo = this.condMemo.get(name);
    if (memo !== undefined) return memo;
    const entry = this.conditions.get(name);
    if (!entry) {
      const loop = this.unknownLoopFor('Conditions', name);
      if (loop) return new Unknown(`condition ${name} may be created by Fn::ForEach::${loop.loop}: ${loop.reason}`);
      this.err(pos, 'reference', `condition ${name} is not defined in Conditions`);
      return new Unknown(`condition ${name} is not defined`);
    }
    const k = this.condVisiting.indexOf(name);
    if (k >= 0) {
      const chain = [...this.condVisiting.slice(k), name].join(' → ');
      this.err(entry.keyPos, 'cycle', `circular condition: ${chain}`);
      return new Unknown(`circular condition ${chain}`);
    }
    // Conditions naming conditions recurse: 10,000 chained ones must not overflow the stack.
    const maxDepth = this.env.limits?.maxConditionDepth ?? DEFAULT_LIMITS.maxConditionDepth;
    if (this.condVisiting.length >= maxDepth) {
      this.err(entry.keyPos, 'limit', `condition ${name}: conditions nest through each other ${limitHint('maxConditionDepth', maxDepth)}`);
      return new Unknown(`condition ${name} is nested too deeply`);
    }
    this.condVisiting.push(name);
    let v: boolean | Unknown;
    try {
      v = this.conditionExpr(entry.value);
    } finally {
      this.condVisiting.pop();
    }
    if (v instanceof Unknown && !v.reason.startsWith(`condition ${name}`)) v = new Unknown(`condition ${name} is unknown: ${v.reason}`);
    this.condMemo.set(name, v);
    return v;
  }

  private conditionExpr(node: TNode): boolean | Unknown {
    const v = this.evaluate(node, true);
    if (typeof v === 'boolean') return v;
    if (v instanceof Unknown) return v;
    if (v === 'true' || v === 'false') return v === 'true';
    this.err(node.pos, 'function', `a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition, got ${v === NO_VALUE ? 'AWS::NoValue' : describe(v)}`);
    return new Unknown('invalid condition');
  }

  /** The resource's `Condition`: true when it has none. */
  resourceCondition(decl: ResourceDecl): boolean | Unknown {
    if (!decl.condition) return true;
    return this.condition(decl.condition.name, decl.condition.pos);
  }

  // ---------------------------------------------------------------- resources

  /** Evaluated `Properties` of a resource (memoized). */
  resourceProps(decl: ResourceDecl): ValueObject | Unknown {
    const memo = this.propsMemo.get(decl.logicalId);
    if (memo) return memo;
    if (this.propsVisiting.has(decl.logicalId)) return new Unknown(`properties of ${this.resourceAddress(decl.logicalId)} depend on themselves`);
    this.propsVisiting.add(decl.logicalId);
    let out: ValueObject | Unknown;
    try {
      const v = decl.properties ? this.evaluate(decl.properties) : {};
      out = v === NO_VALUE || v === null ? {} : isObject(v) || v instanceof Unknown ? v : new Unknown('Properties is not a mapping');
    } finally {
      this.propsVisiting.delete(decl.logicalId);
    }
    this.propsMemo.set(decl.logicalId, out);
    return out;
  }

  private resourceRef(decl: ResourceDecl, attribute: string): Value {
    const exists = this.resourceCondition(decl);
    const address = this.resourceAddress(decl.logicalId);
    if (exists === false) return new Unknown(`${address} is not created (condition ${decl.condition?.name} is false)`);
    return new StackRef(this.resourceId(decl.logicalId), address, decl.logicalId, decl.type ?? 'unknown', attribute);
  }

  // ---------------------------------------------------------------- nested stacks

  /** The nested stack a resource of type AWS::CloudFormation::Stack creates (memoized), or Unknown. */
  child(decl: ResourceDecl): Stack | Unknown {
    const memo = this.childMemo.get(decl.logicalId);
    if (memo) return memo;
    const placeholder = new Unknown(`nested stack ${this.resourceAddress(decl.logicalId)} depends on itself`);
    this.childMemo.set(decl.logicalId, placeholder);
    const out = this.makeChild(decl);
    this.childMemo.set(decl.logicalId, out);
    return out;
  }

  private makeChild(decl: ResourceDecl): Stack | Unknown {
    const address = this.resourceAddress(decl.logicalId);
    if (this.resourceCondition(decl) === false) return new Unknown(`${address} is not created`);
    const props = this.resourceProps(decl);
    if (props instanceof Unknown) return props;
    const urlEntry = getEntry(decl.properties, 'TemplateURL');
    const urlPos = urlEntry?.keyPos ?? decl.pos;
    const url = props.TemplateURL;
    if (url === undefined) {
      this.err(decl.pos, 'nested-stack', `nested stack ${decl.logicalId} has no TemplateURL`);
      return new Unknown(`nested stack ${address} has no TemplateURL`);
    }
    if (typeof url !== 'string') {
      const reason = url instanceof Unknown ? url.reason : 'TemplateURL is not a string';
      this.env.gap({ scope: `${this.file}:${urlPos.line}`, errorCode: 'nested-stack-unknown', message: `nested stack ${address}: TemplateURL cannot be known offline (${reason}); its resources are not assessed` });
      return new Unknown(`nested stack ${address}: TemplateURL is not known (${reason})`);
    }
    if (/^(https?|s3):\/\//i.test(url)) {
      this.env.gap({ scope: `${this.file}:${urlPos.line}`, errorCode: 'nested-stack-remote', message: `nested stack ${address} uses the remote template ${url}; its resources are not assessed` });
      return new Unknown(`nested stack ${address} uses a remote template (${url})`);
    }
    const abs = path.resolve(path.dirname(this.template.abs), url.replace(/^file:\/\//, ''));
    const rel = this.env.rel(abs);
    if (abs === this.template.abs || this.ancestors.includes(abs)) {
      this.err(urlPos, 'cycle', `nested stack ${decl.logicalId} includes ${rel}, which includes this template again`);
      return new Unknown(`nested stack ${address} is circular`);
    }
    if (this.path.length + 1 > MAX_NESTING) {
      this.err(urlPos, 'nested-stack', `nested stacks deeper than ${MAX_NESTING} levels are not followed`);
      return new Unknown(`nested stack ${address} is too deep`);
    }
    const loaded = this.env.templates.get(abs);
    if (!loaded) {
      this.env.gap({ scope: `${this.file}:${urlPos.line}`, errorCode: 'nested-stack-unknown', message: `nested stack ${address}: TemplateURL ${url} is computed; the template is not loaded` });
      return new Unknown(`nested stack ${address}: template ${rel} not loaded`);
    }
    if ('error' in loaded) {
      const what =
        loaded.error === 'not-template'
          ? `${rel} is not a CloudFormation template`
          : loaded.error.kind === 'read' && /ENOENT|no such file/.test(loaded.error.message)
            ? `template file ${rel} does not exist`
            : `template ${rel} cannot be read: ${loaded.error.message}`;
      this.err(urlPos, 'nested-stack', `nested stack ${decl.logicalId}: ${what}`);
      return new Unknown(`nested stack ${address}: ${what}`);
    }
    const maxStacks = this.env.limits?.maxNestedStacks ?? DEFAULT_LIMITS.maxNestedStacks;
    this.env.nestedStacks = (this.env.nestedStacks ?? 0) + 1;
    if (this.env.nestedStacks > maxStacks) {
      this.err(urlPos, 'limit', `nested stack ${decl.logicalId}: the stack trees have more nested stacks than allowed, ${limitHint('maxNestedStacks', maxStacks)}; not followed`);
      return new Unknown(`nested stack ${address} is over the nested-stack limit`);
    }
    const inputs = new Map<string, Value>();
    const params = props.Parameters;
    if (params instanceof Unknown) {
      // Every parameter of the child is then unknown, unless it has a default.
      for (const name of loaded.parameters.keys()) inputs.set(name, params);
    } else if (isObject(params)) {
      for (const [k, v] of Object.entries(params)) inputs.set(k, v);
    }
    return new Stack({
      env: this.env,
      template: loaded,
      name: decl.logicalId,
      address,
      rootFile: this.rootFile,
      path: [...this.path, decl.logicalId],
      ancestors: [...this.ancestors, this.template.abs],
      inputs,
      inputsNode: { file: this.file, node: getValue(decl.properties, 'Parameters'), stackPos: decl.pos },
    });
  }

  /** An output of this stack (for `Fn::GetAtt Child.Outputs.Name` in the parent). */
  output(name: string): Value | undefined {
    if (this.outputMemo.has(name)) return this.outputMemo.get(name);
    const entry = this.outputs.get(name);
    if (!entry) return undefined;
    if (this.outputVisiting.has(name)) return new Unknown(`output ${name} of ${this.address} depends on itself`);
    this.outputVisiting.add(name);
    let v: Value;
    try {
      const valueNode = getValue(entry.value, 'Value');
      const cond = getEntry(entry.value, 'Condition');
      const c = cond?.value.type === 'scalar' && typeof cond.value.value === 'string' ? this.condition(cond.value.value, cond.keyPos) : true;
      if (c === false) v = new Unknown(`output ${name} of ${this.address} is not created (condition false)`);
      else if (!valueNode) v = new Unknown(`output ${name} of ${this.address} has no Value`);
      else {
        const e = this.evaluate(valueNode);
        v = e === NO_VALUE ? new Unknown(`output ${name} is AWS::NoValue`) : c instanceof Unknown ? unknownFrom(c.reason, [e]) : e;
      }
    } finally {
      this.outputVisiting.delete(name);
    }
    this.outputMemo.set(name, v);
    return v;
  }

  // ---------------------------------------------------------------- expressions

  /** Evaluate a node. `cond`: inside a condition, where `{Condition: name}` is a function. */
  evaluate(node: TNode, cond = false): Evaluated {
    switch (node.type) {
      case 'scalar':
        return node.invalid ? new Unknown(node.invalid) : node.value;
      case 'seq': {
        const out: Value[] = [];
        for (const item of node.items) {
          const v = this.evaluate(item, cond);
          if (v !== NO_VALUE) out.push(v);
        }
        return out;
      }
      case 'map': {
        if (node.entries.length === 1) {
          const e = node.entries[0];
          if (e.key.startsWith(FOREACH_PREFIX)) return this.misplacedLoop(e);
          if (e.key === 'Ref' || e.key.startsWith('Fn::') || (cond && e.key === 'Condition')) return this.intrinsic(e, cond);
        }
        const out: ValueObject = {};
        for (const e of node.entries) {
          if (e.key.startsWith(FOREACH_PREFIX)) return this.misplacedLoop(e);
          const v = this.evaluate(e.value, cond);
          if (v !== NO_VALUE) out[e.key] = v;
        }
        return out;
      }
    }
  }

  /** A Fn::ForEach the expansion did not take: the template lacks the transform (or the loop is where none is allowed). */
  private misplacedLoop(e: MapEntry): Unknown {
    const why = this.template.languageExtensions ? 'Fn::ForEach is allowed only in Resources, Outputs, Conditions and resource properties' : `Fn::ForEach needs Transform: ${LANGUAGE_EXTENSIONS}`;
    this.err(e.keyPos, 'function', `${e.key}: ${why}`);
    return new Unknown(`${e.key}: ${why}`);
  }

  /** Evaluate to a Value; AWS::NoValue where a value is required is an error. */
  private value(node: TNode, cond = false): Value {
    const v = this.evaluate(node, cond);
    if (v === NO_VALUE) {
      this.err(node.pos, 'function', 'AWS::NoValue cannot be used here');
      return new Unknown('AWS::NoValue used as a value');
    }
    return v;
  }

  private args(e: MapEntry, min: number, max = min): TNode[] | undefined {
    const a = e.value;
    if (a.type !== 'seq' || a.items.length < min || a.items.length > max) {
      const n = min === max ? `${min}` : `${min} to ${max}`;
      this.err(e.keyPos, 'function', `${e.key} takes a list of ${n} arguments`);
      return undefined;
    }
    return a.items;
  }

  private bad(e: MapEntry, message: string): Unknown {
    this.err(e.keyPos, 'function', `${e.key}: ${message}`);
    return new Unknown(`${e.key}: ${message}`);
  }

  private intrinsic(e: MapEntry, cond: boolean): Evaluated {
    switch (e.key) {
      case 'Ref': {
        const name = this.nameArg(e);
        return name instanceof Unknown ? name : this.ref(name, e.keyPos);
      }
      case 'Fn::GetAtt':
        return this.getAtt(e);
      case 'Fn::Sub':
        return this.sub(e);
      case 'Fn::If':
        return this.fnIf(e, cond);
      case 'Fn::Join':
        return this.join(e);
      case 'Fn::Select':
        return this.select(e);
      case 'Fn::Split':
        return this.split(e);
      case 'Fn::FindInMap':
        return this.findInMap(e);
      case 'Fn::GetAZs':
        return this.getAzs(e);
      case 'Fn::ImportValue': {
        const v = this.value(e.value);
        return unknownFrom(`Fn::ImportValue ${typeof v === 'string' ? v : '(computed name)'}: exported by another stack, known only when deployed`, [v]);
      }
      case 'Fn::Base64': {
        const v = this.value(e.value);
        if (v instanceof Unknown) return unknownFrom(`Fn::Base64 of an unknown value: ${v.reason}`, [v]);
        const s = scalarString(v);
        return s === undefined ? this.bad(e, 'the argument must be a string') : Buffer.from(s, 'utf8').toString('base64');
      }
      case 'Fn::Cidr':
        return this.cidr(e);
      case 'Fn::Equals': {
        const a = this.args(e, 2);
        if (!a) return new Unknown('invalid Fn::Equals');
        const x = this.value(a[0], cond);
        const y = this.value(a[1], cond);
        const u = firstUnknown(x) ?? firstUnknown(y);
        if (u) return unknownFrom(u.reason, [x, y]);
        return deepEqual(x, y);
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const a = this.args(e, 1, 10);
        if (!a) return new Unknown(`invalid ${e.key}`);
        const isAnd = e.key === 'Fn::And';
        let unknown: Unknown | undefined;
        for (const item of a) {
          const v = this.conditionExpr(item);
          if (v instanceof Unknown) unknown ??= v;
          else if (v !== isAnd) return v;
        }
        return unknown ?? isAnd;
      }
      case 'Fn::Not': {
        const a = this.args(e, 1);
        if (!a) return new Unknown('invalid Fn::Not');
        const v = this.conditionExpr(a[0]);
        return v instanceof Unknown ? v : !v;
      }
      case 'Condition': {
        const name = this.nameArg(e);
        return name instanceof Unknown ? name : this.condition(name, e.keyPos);
      }
      case 'Fn::Length': {
        const v = this.value(e.value);
        if (Array.isArray(v)) return v.length;
        if (v instanceof Unknown) return unknownFrom(v.reason, [v]);
        return this.bad(e, 'the argument must be a list');
      }
      case 'Fn::ToJsonString': {
        const v = this.value(e.value);
        const u = firstUnknown(v);
        return u ? unknownFrom(`Fn::ToJsonString: ${u.reason}`, [v]) : JSON.stringify(v);
      }
      case 'Fn::Transform': {
        this.env.gap({ scope: `${this.file}:${e.keyPos.line}`, errorCode: 'transform', message: `Fn::Transform (a macro) at ${this.file}:${e.keyPos.line} runs at deploy time; its result is unknown` });
        return new Unknown('Fn::Transform: a macro runs at deploy time');
      }
      default:
        this.err(e.keyPos, 'function', `unknown intrinsic function ${e.key}`);
        return new Unknown(`unknown function ${e.key}`);
    }
  }

  private nameArg(e: MapEntry): string | Unknown {
    const v = e.value.type === 'scalar' ? e.value.value : this.value(e.value);
    if (typeof v === 'string') return v;
    if (v instanceof Unknown) return v;
    return this.bad(e, 'the argument must be a name');
  }

  /** `Ref name`: a pseudo parameter, a parameter or a resource. */
  private ref(name: string, pos: Pos): Evaluated {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith('AWS::')) return this.pseudo(name, pos);
    if (this.params.has(name)) return this.params.get(name)!;
    if (this.template.parameters.has(name)) return new Unknown(`parameter ${name} is not evaluated yet`);
    const decl = this.resources.get(name);
    if (decl) return this.resourceRef(decl, 'Ref');
    const loop = this.unknownLoopFor('Resources', name);
    if (loop) return new Unknown(`${this.resourceAddress(name)} may be created by Fn::ForEach::${loop.loop}: ${loop.reason}`);
    const generated = usesSam(this.template.otherTransforms) ? samGenerated(name, this.resources) : undefined;
    if (generated) return new Unknown(`Ref ${name}: ${generated}`);
    this.err(pos, 'reference', `Ref ${name}: no parameter or resource named ${name}`);
    return new Unknown(`Ref ${name}: no parameter or resource named ${name}`);
  }

  private pseudo(name: string, pos: Pos): Value {
    const region = this.env.region;
    switch (name) {
      case 'AWS::Region':
        return region ?? new Unknown('AWS::Region: the region is not given (--region)');
      case 'AWS::AccountId':
        return this.env.accountId ?? new Unknown('AWS::AccountId: the account is not given');
      case 'AWS::StackName':
        return this.name;
      case 'AWS::StackId':
        return new Unknown('AWS::StackId is known only when the stack exists');
      case 'AWS::Partition':
        return region?.startsWith('cn-') ? 'aws-cn' : region?.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
      case 'AWS::URLSuffix':
        return region?.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::NotificationARNs':
        return new Unknown('AWS::NotificationARNs are given at deploy time');
      default:
        this.err(pos, 'reference', `unknown pseudo parameter ${name}`);
        return new Unknown(`unknown pseudo parameter ${name}`);
    }
  }

  private getAtt(e: MapEntry): Value {
    let logicalId: string;
    let attribute: string;
    const a = e.value;
    if (a.type === 'scalar' && typeof a.value === 'string') {
      const k = a.value.indexOf('.');
      if (k <= 0) return this.bad(e, `"${a.value}" is not Resource.Attribute`);
      logicalId = a.value.slice(0, k);
      attribute = a.value.slice(k + 1);
    } else if (a.type === 'seq' && a.items.length === 2) {
      // The language extensions allow a computed logical id (`!Sub 'Subnet${Suffix}'`).
      const id = a.items[0].type === 'scalar' ? a.items[0].value : this.template.languageExtensions ? this.value(a.items[0]) : undefined;
      if (id instanceof Unknown) return unknownFrom(`Fn::GetAtt: the resource name is unknown (${id.reason})`, [id]);
      if (typeof id !== 'string') return this.bad(e, 'the argument must be "Resource.Attribute" or [Resource, Attribute]');
      logicalId = id;
      const attr = this.value(a.items[1]);
      if (attr instanceof Unknown) return unknownFrom(`Fn::GetAtt ${logicalId}: attribute name unknown (${attr.reason})`, [attr]);
      if (typeof attr !== 'string') return this.bad(e, 'the attribute name must be a string');
      attribute = attr;
    } else {
      return this.bad(e, 'the argument must be "Resource.Attribute" or [Resource, Attribute]');
    }
    return this.attribute(logicalId, attribute, e.keyPos, 'Fn::GetAtt');
  }

  private attribute(logicalId: string, attribute: string, pos: Pos, fn: string): Value {
    const decl = this.resources.get(logicalId);
    if (!decl) {
      const loop = this.unknownLoopFor('Resources', logicalId);
      if (loop) return new Unknown(`${this.resourceAddress(logicalId)} may be created by Fn::ForEach::${loop.loop}: ${loop.reason}`);
      const generated = usesSam(this.template.otherTransforms) ? samGenerated(logicalId, this.resources) : undefined;
      if (generated) return new Unknown(`${fn} ${logicalId}.${attribute}: ${generated}`);
      const what = this.template.parameters.has(logicalId) ? `${logicalId} is a parameter, not a resource` : `no resource named ${logicalId}`;
      this.err(pos, 'reference', `${fn} ${logicalId}.${attribute}: ${what}`);
      return new Unknown(`${fn} ${logicalId}.${attribute}: ${what}`);
    }
    if (this.resourceCondition(decl) === false) return this.resourceRef(decl, attribute);
    if (decl.type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      const outName = attribute.slice('Outputs.'.length);
      const child = this.child(decl);
      if (child instanceof Unknown) return child;
      const v = child.output(outName);
      if (v === undefined) {
        this.err(pos, 'reference', `${fn} ${logicalId}.${attribute}: ${child.file} has no output ${outName}`);
        return new Unknown(`${child.address} has no output ${outName}`);
      }
      return v;
    }
    // Attributes that echo a property (a subnet's AZ, a VPC's CIDR): use the property when it is a literal.
    const echoed = decl.type ? ECHOED_ATTRIBUTES[decl.type]?.[attribute] : undefined;
    if (echoed) {
      const props = this.resourceProps(decl);
      if (isObject(props) && (typeof props[echoed] === 'string' || props[echoed] instanceof SymbolicAz)) return props[echoed];
    }
    return this.resourceRef(decl, attribute);
  }

  private sub(e: MapEntry): Value {
    let templateNode: TNode;
    let vars: ValueObject = {};
    const a = e.value;
    if (a.type === 'seq') {
      if (a.items.length !== 2) return this.bad(e, 'takes a string or [string, {variables}]');
      templateNode = a.items[0];
      const v = this.value(a.items[1]);
      if (!isObject(v)) return this.bad(e, 'the variables must be a mapping');
      vars = v;
    } else {
      templateNode = a;
    }
    const t = this.value(templateNode);
    if (t instanceof Unknown) return unknownFrom(`Fn::Sub: ${t.reason}`, [t]);
    if (typeof t !== 'string') return this.bad(e, 'the template must be a string');
    const parts: Value[] = [];
    const re = /\$\{([^}]*)\}/g;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t))) {
      parts.push(t.slice(last, m.index));
      last = m.index + m[0].length;
      const inner = m[1];
      if (inner.startsWith('!')) {
        parts.push(`\${${inner.slice(1)}}`);
        continue;
      }
      const name = inner.trim();
      let v: Value;
      if (name in vars) v = vars[name];
      else if (name.includes('.') && !name.startsWith('AWS::')) {
        const k = name.indexOf('.');
        v = this.attribute(name.slice(0, k), name.slice(k + 1), e.keyPos, 'Fn::Sub');
      } else {
        const r = this.ref(name, e.keyPos);
        v = r === NO_VALUE ? '' : r;
      }
      parts.push(Array.isArray(v) ? v.map((x) => scalarString(x) ?? '').join(',') : v);
    }
    parts.push(t.slice(last));
    return concat(parts, 'Fn::Sub');
  }

  private fnIf(e: MapEntry, cond: boolean): Evaluated {
    const a = this.args(e, 3);
    if (!a) return new Unknown('invalid Fn::If');
    const nameNode = a[0];
    if (nameNode.type !== 'scalar' || typeof nameNode.value !== 'string') return this.bad(e, 'the first argument must be a condition name');
    const c = this.condition(nameNode.value, nameNode.pos);
    if (c === true) return this.evaluate(a[1], cond);
    if (c === false) return this.evaluate(a[2], cond);
    const x = this.evaluate(a[1], cond);
    const y = this.evaluate(a[2], cond);
    if (x !== NO_VALUE && y !== NO_VALUE && !firstUnknown(x) && !firstUnknown(y) && deepEqual(x, y)) return x;
    // Both branches name the same AZ (element i of one list): the AZ does not depend on the condition.
    if (x instanceof SymbolicAz && y instanceof SymbolicAz && compareAz(x, y) === 'same') return x;
    const parts = [x, y].filter((v): v is Value => v !== NO_VALUE);
    return unknownFrom(`Fn::If ${nameNode.value}: ${c.reason}`, parts);
  }

  private join(e: MapEntry): Value {
    const a = this.args(e, 2);
    if (!a) return new Unknown('invalid Fn::Join');
    const d = this.value(a[0]);
    if (typeof d !== 'string') return d instanceof Unknown ? d : this.bad(e, 'the delimiter must be a string');
    const list = this.value(a[1]);
    if (list instanceof SymbolicAzList) return new ComputedUnknown(`Fn::Join: ${list.reason}`, [], undefined, { delimiter: d, list });
    if (list instanceof Unknown) return unknownFrom(`Fn::Join: ${list.reason}`, [list]);
    if (!Array.isArray(list)) return this.bad(e, 'the second argument must be a list');
    const strings: string[] = [];
    let unknown: Unknown | undefined;
    for (const item of list) {
      if (item instanceof Unknown) {
        unknown ??= item;
        continue;
      }
      const s = scalarString(item);
      if (s === undefined) return this.bad(e, `list items must be strings, got ${describe(item)}`);
      strings.push(s);
    }
    if (!unknown) return strings.join(d);
    return new ComputedUnknown(`Fn::Join: ${unknown.reason}`, dedupeRefs(refsIn(list)), { delimiter: d, items: list });
  }

  private select(e: MapEntry): Value {
    const a = this.args(e, 2);
    if (!a) return new Unknown('invalid Fn::Select');
    const idxV = this.value(a[0]);
    const list = this.value(a[1]);
    const idx = typeof idxV === 'number' ? idxV : typeof idxV === 'string' && /^\d+$/.test(idxV) ? Number(idxV) : undefined;
    if (idxV instanceof Unknown) return unknownFrom(`Fn::Select: index ${idxV.reason}`, [idxV, list]);
    if (idx === undefined || !Number.isInteger(idx) || idx < 0) return this.bad(e, `the index must be a non-negative integer, got ${describe(idxV)}`);
    // CloudFormation fails on an index past the end, so element idx exists: no wrapping.
    if (list instanceof SymbolicAzList) {
      if (list.origin.length !== undefined && idx >= list.origin.length) return this.bad(e, `index ${idx} is out of range (${list.origin.label} has ${list.origin.length} items)`);
      return list.at(idx);
    }
    if (list instanceof Unknown) {
      if (list instanceof ComputedUnknown && list.joined) return unknownFrom(`Fn::Select ${idx}: ${list.reason}`, [list]);
      return unknownFrom(`Fn::Select ${idx} of ${list.reason}`, [list]);
    }
    if (!Array.isArray(list)) return this.bad(e, 'the second argument must be a list');
    if (idx >= list.length) return this.bad(e, `index ${idx} is out of range (the list has ${list.length} items)`);
    return list[idx];
  }

  private split(e: MapEntry): Value {
    const a = this.args(e, 2);
    if (!a) return new Unknown('invalid Fn::Split');
    const d = this.value(a[0]);
    if (typeof d !== 'string' || d === '') return d instanceof Unknown ? d : this.bad(e, 'the delimiter must be a non-empty string');
    const s = this.value(a[1]);
    if (typeof s === 'string') return s.split(d);
    if (s instanceof ComputedUnknown && s.joinedList?.delimiter === d) return s.joinedList.list;
    if (s instanceof ComputedUnknown && s.joined && s.joined.delimiter === d) {
      const out: Value[] = [];
      for (const item of s.joined.items) {
        if (typeof item === 'string') out.push(...item.split(d));
        else out.push(item);
      }
      return out;
    }
    if (s instanceof Unknown) return unknownFrom(`Fn::Split: ${s.reason}`, [s]);
    return this.bad(e, 'the second argument must be a string');
  }

  private findInMap(e: MapEntry): Value {
    const a = this.args(e, 3, 4);
    if (!a) return new Unknown('invalid Fn::FindInMap');
    const keys = a.slice(0, 3).map((n) => this.value(n));
    let fallback: TNode | undefined;
    if (a[3]) {
      fallback = getValue(a[3], 'DefaultValue');
      if (!fallback) return this.bad(e, 'the fourth argument must be {DefaultValue: …}');
    }
    const u = keys.find((k): k is Unknown => k instanceof Unknown);
    if (u) return unknownFrom(`Fn::FindInMap: key ${u.reason}`, keys);
    const [mapName, top, second] = keys.map((k) => scalarString(k));
    if (mapName === undefined || top === undefined || second === undefined) return this.bad(e, 'the keys must be strings');
    const mapping = this.template.mappings.get(mapName);
    if (!mapping) {
      this.err(e.keyPos, 'reference', `Fn::FindInMap: no mapping named ${mapName}`);
      return new Unknown(`Fn::FindInMap: no mapping named ${mapName}`);
    }
    const node = getValue(getValue(mapping.value, top), second);
    if (!node) {
      if (fallback) return this.value(fallback);
      this.err(e.keyPos, 'reference', `Fn::FindInMap: mapping ${mapName} has no ${top} → ${second}`);
      return new Unknown(`Fn::FindInMap: mapping ${mapName} has no ${top} → ${second}`);
    }
    return this.value(node);
  }

  private cidr(e: MapEntry): Value {
    const a = this.args(e, 3);
    if (!a) return new Unknown('invalid Fn::Cidr');
    const [ip, count, bits] = a.map((n) => this.value(n));
    const u = [ip, count, bits].find((x): x is Unknown => x instanceof Unknown);
    if (u) return unknownFrom(`Fn::Cidr: ${u.reason}`, [ip, count, bits]);
    const ipS = scalarString(ip);
    const n = Number(scalarString(count));
    const b = Number(scalarString(bits));
    if (ipS === undefined) return this.bad(e, 'the IP block must be a string');
    const r = cidrSubnets(ipS, n, b);
    return Array.isArray(r) ? r : this.bad(e, r.error.replace(/^Fn::Cidr: /, ''));
  }
}

/** Items of a list parameter's value: a list, a comma-separated string, or a joined / single reference. */
function listItems(raw: Value): Value[] | Unknown {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'string') return raw === '' ? [] : raw.split(',').map((s) => s.trim());
  if (typeof raw === 'number' || typeof raw === 'boolean') return [String(raw)];
  if (raw instanceof ComputedUnknown && raw.joinedList?.delimiter === ',') return raw.joinedList.list;
  if (raw instanceof ComputedUnknown && raw.joined && raw.joined.delimiter === ',') {
    const out: Value[] = [];
    for (const item of raw.joined.items) {
      if (typeof item === 'string') out.push(...item.split(',').map((s) => s.trim()));
      else out.push(item);
    }
    return out;
  }
  if (raw instanceof StackRef) return [raw];
  if (raw instanceof Unknown) return raw;
  return new Unknown('a list parameter got a mapping');
}

function concat(parts: Value[], fn: string): Value {
  let unknown: Unknown | undefined;
  let s = '';
  for (const p of parts) {
    if (p instanceof Unknown) {
      unknown ??= p;
      continue;
    }
    s += scalarString(p) ?? JSON.stringify(p);
  }
  if (!unknown) return s;
  return unknownFrom(`${fn}: ${unknown.reason}`, parts);
}

function describe(v: Value): string {
  if (Array.isArray(v)) return 'a list';
  if (isObject(v)) return 'a mapping';
  return JSON.stringify(v);
}
