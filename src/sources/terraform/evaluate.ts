/**
 * Evaluation of one root module and its module tree.
 *
 * Variables, locals, resources, data sources, module calls and module
 * outputs are nodes of one static dependency graph (edges from the
 * `references()` of their expressions). Strongly connected components give
 * the evaluation order and the reference cycles. Every node is then
 * evaluated once per instance of its module (module calls with
 * count/for_each multiply the instances), and resources expand into their
 * count/for_each instances with Terraform's addresses.
 */
import path from 'node:path';
import type { CoverageGap, InputError } from '../../graph/types.js';
import { regionAzNames } from '../../analysis/az-regions.js';
import { compareAz } from '../../analysis/az.js';
import { SymbolicAz, SymbolicAzList } from '../../graph/az.js';
import { Unknown } from '../../graph/values.js';
import { DEFAULT_LIMITS, limitHint, type InputLimits } from '../common/limits.js';
import { DATA_AZ_KEY, VAR_AZ_KEY, type TfAzListOrigin } from './expr/az.js';
import { location, type Decl } from './config.js';
import { compileDecl, type CompiledAttr, type CompiledBody } from './compile.js';
import { isObject } from './expr/convert.js';
import { evaluate, references, type EvalIssue, type EvalScope, type Traversal } from './expr/index.js';
import { keyValue, RESOURCE_ADDRESS, UNKNOWN_REST, withSymbolicKeys, type Value, type ValueObject } from './expr/values.js';
import type { RootModule, StaticModule } from './modules.js';
import { convertValue, declaredType } from './types.js';
import type { RootVarValue } from './variables.js';

export interface ModuleInstance {
  sm: StaticModule;
  /** `''` for the root, `module.db[0].module.sub`. */
  address: string;
  /** `['module.db[0]', 'module.sub']`. */
  segments: string[];
  parent?: ModuleInstance;
  /** count/each of the module call that created this instance. */
  callContext?: IterContext;
  vars: ValueObject;
  locals: ValueObject;
  /** Call name → outputs object (or list / map of them, or Unknown). */
  modules: ValueObject;
  /** Resource type → block name → instance value(s). */
  resources: Record<string, ValueObject>;
  /** Data type → block name → Unknown. */
  data: Record<string, ValueObject>;
  /** This instance's outputs (the object the parent sees as `module.x`). */
  outputs: ValueObject;
  scope: EvalScope;
  /** Memoized provider configurations (`aws`, `aws.west`) → default tags. */
  providerTags?: Map<string, Value | undefined>;
  /** Memoized provider configurations (`aws`, `aws.west`) declared here → their `region`. */
  providerRegions?: Map<string, Value | undefined>;
}

/** What the evaluation needs to know beyond the configuration. */
export interface EvaluationOptions {
  /** Region of an aws provider configuration that sets none (the scan's `--region`). */
  region?: string;
  /** The policy's `availabilityZones`: AZ names per Region, over the built-in table. */
  availabilityZones?: Readonly<Record<string, readonly string[]>>;
  /** Input limits (docs/limits.md); the defaults when absent. */
  limits?: InputLimits;
}

export interface IterContext {
  count?: ValueObject;
  each?: ValueObject;
}

export interface ResourceInstance {
  /** Graph id: prefix + address. */
  id: string;
  address: string;
  /** Address of the block (without instance key). */
  blockAddress: string;
  type: string;
  label: string;
  key?: string | number;
  /** Root prefix (`envs/prod:` or ``). */
  prefix: string;
  module: ModuleInstance;
  decl: Decl;
  value: ValueObject;
  /** count / for_each could not be evaluated: this instance stands for all of them. */
  countUnknown?: Unknown;
}

export interface EvaluationResult {
  instances: ResourceInstance[];
  errors: InputError[];
  coverage: CoverageGap[];
}

type NodeKind = 'var' | 'local' | 'resource' | 'data' | 'call' | 'output';

interface Node {
  sm: StaticModule;
  kind: NodeKind;
  name: string;
  decl?: Decl;
  deps: Node[];
  // Tarjan state
  index: number;
  low: number;
  onStack: boolean;
}

export function instanceKeySuffix(key: string | number | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

const EMPTY_SCOPE: EvalScope = { lookup: () => undefined };

export class RootEvaluator {
  private readonly nodes: Node[] = [];
  private readonly nodeIndex = new Map<StaticModule, Map<string, Node>>();
  private readonly instancesOf = new Map<StaticModule, ModuleInstance[]>();
  /** Errors found so far (evaluation, then provider blocks evaluated for default tags). */
  readonly errors: InputError[] = [];
  private readonly errorKeys = new Set<string>();
  readonly coverage: CoverageGap[] = [];
  private readonly instances: ResourceInstance[] = [];
  private moduleInstances = 1;
  private get limits(): InputLimits {
    return this.options.limits ?? DEFAULT_LIMITS;
  }

  constructor(
    private readonly root: RootModule,
    private readonly rootVars: Map<string, RootVarValue>,
    private readonly options: EvaluationOptions = {},
  ) {}

  run(): EvaluationResult {
    const tree = this.root.tree;
    this.buildNodes(tree);
    this.linkDeps();
    const rootInst = this.newInstance(tree, '', [], undefined, undefined);
    this.instancesOf.set(tree, [rootInst]);
    for (const scc of this.components()) this.evaluateComponent(scc);
    return { instances: this.instances, errors: this.errors, coverage: this.coverage };
  }

  // ---------------------------------------------------------------- graph

  private addNode(sm: StaticModule, kind: NodeKind, name: string, decl?: Decl): Node {
    const node: Node = { sm, kind, name, decl, deps: [], index: -1, low: 0, onStack: false };
    this.nodes.push(node);
    let idx = this.nodeIndex.get(sm);
    if (!idx) this.nodeIndex.set(sm, (idx = new Map()));
    idx.set(`${kind}:${name}`, node);
    return node;
  }

  private node(sm: StaticModule, kind: NodeKind, name: string): Node | undefined {
    return this.nodeIndex.get(sm)?.get(`${kind}:${name}`);
  }

  private buildNodes(sm: StaticModule): void {
    const dir = sm.dir;
    if (!dir) return;
    for (const [name, d] of dir.variables) this.addNode(sm, 'var', name, d);
    for (const [name, d] of dir.locals) this.addNode(sm, 'local', name, d);
    for (const [name, d] of dir.resources) this.addNode(sm, 'resource', name, d);
    for (const [name, d] of dir.data) this.addNode(sm, 'data', name, d);
    for (const [name, d] of dir.outputs) this.addNode(sm, 'output', name, d);
    for (const [name, d] of dir.modules) this.addNode(sm, 'call', name, d);
    for (const child of sm.children.values()) this.buildNodes(child);
  }

  /** Node(s) a traversal in module `sm` depends on. */
  private depsOf(sm: StaticModule, t: Traversal, out: Node[]): void {
    const p0 = t.path[0];
    switch (t.root) {
      case 'var':
      case 'local': {
        if (typeof p0 !== 'string') return;
        const n = this.node(sm, t.root === 'var' ? 'var' : 'local', p0);
        if (n) out.push(n);
        return;
      }
      case 'data': {
        const p1 = t.path[1];
        if (typeof p0 !== 'string' || typeof p1 !== 'string') return;
        const n = this.node(sm, 'data', `data.${p0}.${p1}`);
        if (n) out.push(n);
        return;
      }
      case 'module': {
        if (typeof p0 !== 'string') return;
        const call = this.node(sm, 'call', p0);
        if (!call) return;
        out.push(call);
        const child = sm.children.get(p0);
        if (!child?.dir) return;
        const expanded = !!(call.decl && (call.decl.body.count !== undefined || call.decl.body.for_each !== undefined));
        const outName = expanded ? t.path[2] : t.path[1];
        if (typeof outName === 'string' && (!expanded || t.path.length >= 3)) {
          const o = this.node(child, 'output', outName);
          if (o) out.push(o);
          return;
        }
        for (const name of child.dir.outputs.keys()) {
          const o = this.node(child, 'output', name);
          if (o) out.push(o);
        }
        return;
      }
      case 'count':
      case 'each':
      case 'self':
      case 'path':
      case 'terraform':
        return;
      default: {
        if (typeof p0 !== 'string' || !sm.dir?.resourceTypes.has(t.root)) return;
        const n = this.node(sm, 'resource', `${t.root}.${p0}`);
        if (n) out.push(n);
      }
    }
  }

  private linkDeps(): void {
    for (const node of this.nodes) {
      const deps: Node[] = [];
      const sm = node.sm;
      // Every node of a child module waits for the call that creates its instances.
      if (sm.parent && sm.call) {
        const call = this.node(sm.parent, 'call', sm.name);
        if (call) deps.push(call);
      }
      if (node.kind === 'var' && sm.parent && sm.call) {
        const args = compileDecl(sm.call).byName.get(node.name);
        if (args) for (const t of refsOf(args)) this.depsOf(sm.parent, t, deps);
      } else if (node.kind === 'call' && node.decl) {
        // A call only creates its instances: it waits for its count / for_each. Its
        // arguments are the child's variables (above), so calls that read each
        // other's outputs are no cycle unless the values are (Terraform's graph is
        // per variable and output, not per module).
        const c = compileDecl(node.decl);
        for (const a of [c.count, c.forEach]) if (a) for (const t of refsOf(a)) this.depsOf(sm, t, deps);
      } else if (node.decl && node.kind !== 'var') {
        for (const t of compileDecl(node.decl).refs) this.depsOf(sm, t, deps);
      }
      if (node.kind === 'data' && node.decl?.type === 'aws_availability_zones') {
        // The list depends on its provider's region, which may read variables of this or a calling module.
        for (let m: StaticModule | undefined = sm; m; m = m.parent) {
          for (const p of m.dir?.providers ?? []) if (p.label === 'aws') for (const t of compileDecl(p).refs) this.depsOf(m, t, deps);
        }
      }
      node.deps = [...new Set(deps)];
    }
  }

  /** Tarjan's SCC (iterative); components come out dependencies first. */
  private components(): Node[][] {
    const out: Node[][] = [];
    const stack: Node[] = [];
    let index = 0;
    for (const start of this.nodes) {
      if (start.index >= 0) continue;
      const work: { node: Node; next: number }[] = [{ node: start, next: 0 }];
      start.index = start.low = index++;
      stack.push(start);
      start.onStack = true;
      while (work.length) {
        const frame = work[work.length - 1];
        const v = frame.node;
        if (frame.next < v.deps.length) {
          const w = v.deps[frame.next++];
          if (w.index < 0) {
            w.index = w.low = index++;
            stack.push(w);
            w.onStack = true;
            work.push({ node: w, next: 0 });
          } else if (w.onStack) {
            v.low = Math.min(v.low, w.index);
          }
          continue;
        }
        work.pop();
        if (work.length) {
          const parent = work[work.length - 1].node;
          parent.low = Math.min(parent.low, v.low);
        }
        if (v.low === v.index) {
          const scc: Node[] = [];
          let w: Node;
          do {
            w = stack.pop()!;
            w.onStack = false;
            scc.push(w);
          } while (w !== v);
          out.push(scc);
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- instances

  private newInstance(sm: StaticModule, address: string, segments: string[], parent: ModuleInstance | undefined, callContext: IterContext | undefined): ModuleInstance {
    const inst: ModuleInstance = {
      sm,
      address,
      segments,
      parent,
      callContext,
      vars: {},
      locals: {},
      modules: {},
      resources: {},
      data: {},
      outputs: {},
      scope: EMPTY_SCOPE,
    };
    const moduleDir = sm.dir ? relDir(this.root.dir.dir, sm.dir.dir) : '.';
    // path.module and path.root are relative to the working directory, path.cwd is
    // absolute (examples name things `basename(path.cwd)`); Terraform runs in the root.
    const pathObj: ValueObject = { module: moduleDir, root: '.', cwd: path.resolve(this.root.dir.dir).split(path.sep).join('/') };
    const terraformObj: ValueObject = { workspace: 'default' };
    inst.scope = {
      lookup: (root: string): Value | undefined => {
        switch (root) {
          case 'var':
            return inst.vars;
          case 'local':
            return inst.locals;
          case 'module':
            return inst.modules;
          case 'data':
            return inst.data;
          case 'path':
            return pathObj;
          case 'terraform':
            return terraformObj;
          default:
            return inst.resources[root];
        }
      },
    };
    return inst;
  }

  private static withContext(scope: EvalScope, ctx: IterContext | undefined): EvalScope {
    if (!ctx) return scope;
    return {
      lookup: (root: string): Value | undefined => {
        if (root === 'count' && ctx.count) return ctx.count;
        if (root === 'each' && ctx.each) return ctx.each;
        return scope.lookup(root);
      },
    };
  }

  // ---------------------------------------------------------------- evaluation

  private evaluateComponent(scc: Node[]): void {
    const cyclic = scc.length > 1 || scc[0].deps.includes(scc[0]);
    if (!cyclic) {
      this.evaluateNode(scc[0], true);
      return;
    }
    const members = [...scc].sort((a, b) => compareDecl(a.decl, b.decl));
    const names = members.map((n) => nodeLabel(n));
    const first = members.find((n) => n.decl)?.decl;
    const reason = `reference cycle: ${names.join(' → ')} → ${names[0]}`;
    if (first) {
      const loc = location(first);
      this.pushError({ ...loc, kind: 'cycle', message: reason });
    }
    const unknown = new Unknown(reason);
    const preset = (): void => {
      for (const n of members) for (const inst of this.instancesOf.get(n.sm) ?? []) this.setSlot(n, inst, unknown);
    };
    preset();
    for (const n of members) if (n.kind === 'call') this.evaluateNode(n, true);
    preset();
    for (const n of members) if (n.kind === 'resource') this.evaluateNode(n, false);
  }

  private setSlot(n: Node, inst: ModuleInstance, v: Value): void {
    switch (n.kind) {
      case 'var':
        inst.vars[n.name] = v;
        break;
      case 'local':
        inst.locals[n.name] = v;
        break;
      case 'output':
        inst.outputs[n.name] = v;
        break;
      case 'resource': {
        const d = n.decl!;
        (inst.resources[d.type!] ??= {})[d.label] = v;
        break;
      }
      case 'data': {
        const d = n.decl!;
        (inst.data[d.type!] ??= {})[d.label] = v;
        break;
      }
      case 'call':
        inst.modules[n.name] = v;
        break;
    }
  }

  private evaluateNode(n: Node, publish: boolean): void {
    const insts = this.instancesOf.get(n.sm) ?? [];
    for (const inst of insts) {
      switch (n.kind) {
        case 'var':
          inst.vars[n.name] = this.variableValue(n, inst);
          break;
        case 'local': {
          const a = compileDecl(n.decl!).byName.get('value');
          inst.locals[n.name] = a ? this.evalAttr(a, inst.scope, n.decl!) : null;
          break;
        }
        case 'output': {
          const a = compileDecl(n.decl!).byName.get('value');
          inst.outputs[n.name] = a ? this.evalAttr(a, inst.scope, n.decl!) : null;
          break;
        }
        case 'data': {
          const d = n.decl!;
          (inst.data[d.type!] ??= {})[d.label] = this.dataValue(d, inst);
          break;
        }
        case 'call':
          this.evaluateCall(n, inst);
          break;
        case 'resource':
          this.evaluateResource(n, inst, publish);
          break;
      }
    }
  }

  /**
   * A variable's value: the one given (root: tfvars / --var; child: the call's
   * argument), else its default; then converted to its type constraint, as
   * Terraform does before anything reads it. A value that does not convert is
   * an input error where it was given, and the variable is Unknown.
   */
  private variableValue(n: Node, inst: ModuleInstance): Value {
    const decl = n.decl!;
    let v: Value | undefined;
    let origin: { file: string; line?: number; column?: number } | undefined;
    if (!inst.parent) {
      const given = this.rootVars.get(n.name);
      if (given) {
        v = given.value;
        const o = given.origin;
        origin = o.line !== undefined ? { file: o.file, line: o.line, column: o.column } : { file: o.file };
      }
    } else if (inst.sm.call) {
      const arg = compileDecl(inst.sm.call).byName.get(n.name);
      if (arg) {
        v = this.evalAttr(arg, RootEvaluator.withContext(inst.parent.scope, inst.callContext), inst.sm.call);
        origin = location(inst.sm.call, n.name);
      }
    }
    // nullable = false: a null given counts as not given.
    if (v === undefined || (v === null && decl.body.nullable === false)) {
      const def = compileDecl(decl).byName.get('default');
      if (def) {
        v = this.evalAttr(def, EMPTY_SCOPE, decl);
        origin = location(decl, 'default');
      }
    }
    if (v === undefined) return noValue(n.name, inst, decl.body.type, this.root.prefix);
    if (v === null && decl.body.nullable === false) {
      this.pushError({ ...(origin ?? location(decl)), kind: 'eval', message: `var.${n.name}: must not be null (nullable = false)` });
      return new Unknown(`variable ${n.name} is null but declared nullable = false`);
    }
    const type = declaredType(decl.body);
    if (type instanceof Error) {
      this.pushError({ ...location(decl, 'type'), kind: 'parse', message: `var.${n.name}: invalid type constraint: ${type.message}` });
      return v;
    }
    const converted = convertValue(v, type);
    if ('error' in converted) {
      const given = inst.parent ? undefined : this.rootVars.get(n.name);
      // A --var has no file: the error names the argument as written.
      const what = given?.origin.file === '--var' ? given.origin.label : `var.${n.name}`;
      this.pushError({ ...(origin ?? location(decl)), kind: 'type', message: `${what}: does not fit the variable's type: ${converted.error}` });
      return new Unknown(`variable ${n.name} has a value that does not fit its type (${converted.error})`);
    }
    return converted.value;
  }

  // ---------------------------------------------------------------- availability zones

  /**
   * A data source's value. `aws_availability_zones` gives its `names` (and
   * `zone_ids`) as AZ identities; `aws_availability_zone` with a literal
   * `name` gives that name. Everything else is read at plan time: Unknown.
   */
  private dataValue(d: Decl, inst: ModuleInstance): Value {
    const atPlan = `data source ${prefixed(inst, d.name)} is read at plan time`;
    const expanded = d.body.count !== undefined || d.body.for_each !== undefined;
    if (expanded || (d.type !== 'aws_availability_zones' && d.type !== 'aws_availability_zone')) return new Unknown(atPlan);
    const args = this.evalBody(compileDecl(d).body, inst.scope, d);
    delete args.provider;
    delete args.depends_on;
    delete args.lifecycle;
    const out: ValueObject = { ...args, [UNKNOWN_REST]: atPlan };
    if (d.type === 'aws_availability_zone') {
      // The singular data source with its name given: that AZ (the other attributes are looked up at plan time).
      if (typeof args.name === 'string') out.name = args.name;
      else delete out.name;
      return out;
    }
    const label = prefixed(inst, d.name);
    const provider = this.providerOf(d, inst);
    const region = typeof provider.region === 'string' ? provider.region : undefined;
    const filters = canonicalFilters(args);
    // Same arguments and same Region (or, without one, same provider configuration) = the same list.
    const where = region !== undefined ? `region=${region}` : `provider=${provider.key}`;
    const key = filters === undefined ? `${DATA_AZ_KEY}${this.root.prefix}${label}` : `${DATA_AZ_KEY}${this.root.prefix}${where}:${filters}`;
    const names: TfAzListOrigin = { key, label, distinct: true, sorted: true, ...(region !== undefined ? { region } : {}) };
    out.names = this.regionNames(region, args) ?? new SymbolicAzList(names, regionReason(label, provider.region, args));
    // Zone IDs are not names: their own list, never equal to a name.
    const ids: TfAzListOrigin = { key: `${key}:zone_ids`, label: `${label}.zone_ids`, distinct: true, ids: true, ...(region !== undefined ? { region } : {}) };
    out.zone_ids = new SymbolicAzList(ids, `the zone IDs of ${label} are not known offline`);
    return out;
  }

  /**
   * The AZ names of `region` as the data source would return them, when the
   * Region is known and every argument can be simulated exactly: the table
   * lists the standard, available, opt-in-not-required zones (the default),
   * and `exclude_names` removes names. Anything else keeps the list symbolic.
   */
  private regionNames(region: string | undefined, args: ValueObject): string[] | undefined {
    if (region === undefined) return undefined;
    const all = regionAzNames(region, this.options.availabilityZones);
    if (!all) return undefined;
    if (!simulatable(args)) return undefined;
    const exclude = args.exclude_names;
    const excluded = new Set(Array.isArray(exclude) ? (exclude as string[]) : []);
    return all.filter((n) => !excluded.has(n));
  }

  /**
   * The aws provider configuration a data source (or resource) uses, and its
   * Region: `provider = aws.x`, else the default one; a module uses the
   * configuration its call passes in `providers = { aws = aws.x }`, else
   * inherits the caller's of the same name. A configuration without `region`
   * (or none at all) has the scan's Region, when given.
   */
  private providerOf(d: Decl, inst: ModuleInstance): { key: string; region: Value | undefined } {
    let name = providerName(d.body.provider) ?? 'aws';
    for (let at: ModuleInstance | undefined = inst; at; ) {
      const decl = at.sm.dir?.providers.find((p) => p.name === name);
      if (decl) {
        at.providerRegions ??= new Map();
        if (!at.providerRegions.has(name)) {
          const a = compileDecl(decl).byName.get('region');
          at.providerRegions.set(name, a ? this.evalAttr(a, at.scope, decl) : undefined);
        }
        const region = at.providerRegions.get(name);
        return { key: `${at.address}|${name}`, region: region === undefined || region === null ? this.options.region : region };
      }
      const call = at.sm.call;
      const passed = call?.body.providers;
      if (passed && typeof passed === 'object' && !Array.isArray(passed)) {
        const mapped = providerName((passed as Record<string, unknown>)[name]);
        if (mapped) name = mapped;
      }
      at = at.parent;
    }
    return { key: `|${name}`, region: this.options.region };
  }


  /** Expansion keys of a count / for_each, or Unknown. */
  private expansion(count: CompiledAttr | undefined, forEach: CompiledAttr | undefined, scope: EvalScope, decl: Decl): { keys: (string | number | undefined)[]; each?: Map<string, Value>; eachKey?: Map<string, Value> } | Unknown {
    if (count) {
      const c = this.evalAttr(count, scope, decl);
      if (c instanceof Unknown) return c;
      const n = typeof c === 'number' ? c : typeof c === 'string' && /^\d+$/.test(c) ? Number(c) : NaN;
      if (!Number.isInteger(n) || n < 0) {
        this.pushError({ ...location(decl, 'count'), kind: 'eval', message: `count must be a whole number, got ${describe(c)}` });
        return new Unknown(`count is not a whole number (${describe(c)})`);
      }
      // Checked before anything is built: count = 1e9 must not exhaust memory.
      if (n > this.limits.maxInstances) return this.overLimit(decl, 'count', `count = ${n} is ${limitHint('maxInstances', this.limits.maxInstances)}`);
      return { keys: Array.from({ length: n }, (_, i) => i) };
    }
    if (forEach) {
      const fe = this.evalAttr(forEach, scope, decl);
      if (fe instanceof Unknown) return fe;
      const each = new Map<string, Value>();
      if (Array.isArray(fe)) {
        const symbolic = symbolicKeys(fe);
        if (symbolic) return symbolic;
        for (const item of fe) {
          if (item instanceof Unknown) return item;
          if (typeof item !== 'string') {
            this.pushError({ ...location(decl, 'for_each'), kind: 'eval', message: `for_each over a list needs strings (a set of strings), got ${describe(item)}` });
            return new Unknown('for_each is not a map or set of strings');
          }
          each.set(item, item);
        }
        if (each.size > this.limits.maxInstances) return this.overLimit(decl, 'for_each', `for_each has ${each.size} keys, ${limitHint('maxInstances', this.limits.maxInstances)}`);
      } else if (isObject(fe)) {
        const keyCount = Object.keys(fe).length;
        if (keyCount > this.limits.maxInstances) return this.overLimit(decl, 'for_each', `for_each has ${keyCount} keys, ${limitHint('maxInstances', this.limits.maxInstances)}`);
        const eachKey = new Map<string, Value>();
        for (const [k, v] of Object.entries(fe)) {
          each.set(k, v);
          const key = keyValue(fe, k);
          if (key !== k) eachKey.set(k, key);
        }
        // Keys that stand for symbolic AZs (instances of a for_each over them) stay AZs in each.key.
        return { keys: [...each.keys()], each, ...(eachKey.size ? { eachKey } : {}) };
      } else if (fe === null) {
        this.pushError({ ...location(decl, 'for_each'), kind: 'eval', message: 'for_each is null' });
        return new Unknown('for_each is null');
      } else {
        this.pushError({ ...location(decl, 'for_each'), kind: 'eval', message: `for_each needs a map or a set of strings, got ${describe(fe)}` });
        return new Unknown('for_each is not a map or set of strings');
      }
      return { keys: [...each.keys()], each };
    }
    return { keys: [undefined] };
  }

  private evaluateCall(n: Node, inst: ModuleInstance): void {
    const decl = n.decl!;
    const child = inst.sm.children.get(n.name);
    const base = `${inst.address ? `${inst.address}.` : ''}module.${n.name}`;
    const compiled = compileDecl(decl);
    const exp = this.expansion(compiled.count, compiled.forEach, inst.scope, decl);
    if (!child?.dir) {
      inst.modules[n.name] = new Unknown(child?.unavailable ?? `module ${n.name} is not available`);
      return;
    }
    const list = this.instancesOf.get(child) ?? [];
    this.instancesOf.set(child, list);
    const make = (key: string | number | undefined, ctx: IterContext | undefined): ModuleInstance => {
      this.moduleInstances++;
      const seg = `module.${n.name}${instanceKeySuffix(key)}`;
      const ci = this.newInstance(child, inst.address ? `${inst.address}.${seg}` : seg, [...inst.segments, seg], inst, ctx);
      list.push(ci);
      return ci;
    };
    if (exp instanceof Unknown) {
      const what = compiled.count ? 'count' : 'for_each';
      this.coverage.push({
        scope: this.root.prefix + base,
        errorCode: 'unknown-count',
        message: `${what} of ${base} is unknown (${exp.reason}); its resources are read once, with values that depend on ${compiled.count ? 'count.index' : 'each'} unknown`,
      });
      const u = new Unknown(`${what} of ${base} is unknown`);
      make(undefined, compiled.count ? { count: { index: u } } : { each: { key: u, value: u } });
      inst.modules[n.name] = new Unknown(`${what} of ${base} is unknown: ${exp.reason}`);
      return;
    }
    // Diamonds multiply: every call's instances times its caller's. Counted before any is made.
    if (this.moduleInstances + exp.keys.length > this.limits.maxModuleInstances) {
      const reason = `module ${base} would make the module tree ${limitHint('maxModuleInstances', this.limits.maxModuleInstances)} instances`;
      this.pushError({ ...location(decl), kind: 'limit', message: `${reason}; its resources were not assessed` });
      inst.modules[n.name] = new Unknown(reason);
      return;
    }
    if (compiled.count) {
      inst.modules[n.name] = exp.keys.map((k) => make(k, { count: { index: k as number } }).outputs);
    } else if (compiled.forEach) {
      const obj: ValueObject = {};
      for (const k of exp.keys) obj[k as string] = make(k, { each: { key: exp.eachKey?.get(k as string) ?? (k as string), value: exp.each!.get(k as string)! } }).outputs;
      inst.modules[n.name] = exp.eachKey ? withSymbolicKeys(obj, exp.eachKey) : obj;
    } else {
      inst.modules[n.name] = make(undefined, undefined).outputs;
    }
  }

  private evaluateResource(n: Node, inst: ModuleInstance, publish: boolean): void {
    const decl = n.decl!;
    const type = decl.type!;
    const compiled = compileDecl(decl);
    const blockAddress = `${inst.address ? `${inst.address}.` : ''}${type}.${decl.label}`;
    const typeObj = (inst.resources[type] ??= {});
    const exp = this.expansion(compiled.count, compiled.forEach, inst.scope, decl);
    const one = (key: string | number | undefined, ctx: IterContext | undefined, countUnknown?: Unknown): ValueObject => {
      const address = blockAddress + instanceKeySuffix(key);
      const scope = RootEvaluator.withContext(inst.scope, ctx);
      const value = this.evalBody(compiled.body, scope, decl);
      value[RESOURCE_ADDRESS] = address;
      this.instances.push({
        id: this.root.prefix + address,
        address,
        blockAddress,
        type,
        label: decl.label,
        key,
        prefix: this.root.prefix,
        module: inst,
        decl,
        value,
        countUnknown,
      });
      return value;
    };
    let v: Value;
    if (exp instanceof Unknown) {
      const what = compiled.count ? 'count' : 'for_each';
      const u = new Unknown(`${what} of ${blockAddress} is unknown`);
      this.coverage.push({
        scope: this.root.prefix + blockAddress,
        errorCode: 'unknown-count',
        message: `${what} of ${blockAddress} is unknown (${exp.reason}); reported as one resource whose values that depend on ${compiled.count ? 'count.index' : 'each'} are unknown`,
      });
      one(undefined, compiled.count ? { count: { index: u } } : { each: { key: u, value: u } }, u);
      v = new Unknown(`${what} of ${blockAddress} is unknown: ${exp.reason}`);
    } else if (compiled.count) {
      v = exp.keys.map((k) => one(k, { count: { index: k as number } }));
    } else if (compiled.forEach) {
      const obj: ValueObject = {};
      for (const k of exp.keys) obj[k as string] = one(k, { each: { key: exp.eachKey?.get(k as string) ?? (k as string), value: exp.each!.get(k as string)! } });
      v = exp.eachKey ? withSymbolicKeys(obj, exp.eachKey) : obj;
    } else {
      v = one(undefined, undefined);
    }
    if (publish) typeObj[decl.label] = v;
  }

  /** Evaluate a compiled body: attributes, nested blocks (lists of objects), dynamic blocks. */
  evalBody(body: CompiledBody, scope: EvalScope, decl: Decl): ValueObject {
    const out: ValueObject = {};
    for (const a of body.attrs) out[a.name] = this.evalAttr(a, scope, decl);
    for (const b of body.blocks) out[b.name] = b.items.map((item) => this.evalBody(item, scope, decl));
    for (const d of body.dynamics) {
      const prev = out[d.name];
      if (prev instanceof Unknown) continue;
      const list: Value[] = Array.isArray(prev) ? prev : [];
      if (!d.forEach || !d.content) continue;
      const fe = this.evalAttr(d.forEach, scope, decl);
      let entries: [Value, Value][];
      if (fe instanceof Unknown) {
        out[d.name] = new Unknown(`dynamic "${d.name}" blocks are unknown: for_each is unknown (${fe.reason})`);
        continue;
      } else if (Array.isArray(fe)) {
        entries = fe.map((v, i) => [typeof v === 'string' ? v : i, v]);
      } else if (isObject(fe)) {
        entries = Object.entries(fe);
      } else {
        entries = [];
      }
      for (const [key, value] of entries) {
        const iter: ValueObject = { key, value };
        const inner: EvalScope = { lookup: (root) => (root === d.iterator ? iter : scope.lookup(root)) };
        list.push(this.evalBody(d.content, inner, decl));
      }
      out[d.name] = list;
    }
    return out;
  }

  evalAttr(a: CompiledAttr, scope: EvalScope, decl: Decl): Value {
    if (a.constant !== undefined) return a.constant;
    if (!a.expr) {
      this.pushError({ ...location(decl, a.path), kind: 'parse', message: `cannot read ${a.path}: ${a.error ?? 'invalid expression'}` });
      return new Unknown(`${a.path} could not be parsed`);
    }
    const issues: EvalIssue[] = [];
    const v = evaluate(a.expr, scope, issues);
    if (issues.length) {
      const loc = location(decl, a.path);
      for (const issue of issues) {
        this.pushError({ ...loc, kind: issue.kind === 'function' ? 'function' : 'eval', message: `${a.path === 'value' && decl.kind === 'local' ? `local.${decl.label}` : a.path}: ${issue.message}` });
      }
    }
    return v;
  }

  /** A count / for_each over a limit: an error at the argument; the resource is then read once with its count unknown. */
  private overLimit(decl: Decl, attr: 'count' | 'for_each', message: string): Unknown {
    this.pushError({ ...location(decl, attr), kind: 'limit', message });
    return new Unknown(message);
  }

  pushError(e: InputError): void {
    const key = `${e.file}\0${e.line}\0${e.column}\0${e.kind}\0${e.message}`;
    if (this.errorKeys.has(key)) return;
    this.errorKeys.add(key);
    this.errors.push(e);
  }

  // ---------------------------------------------------------------- providers

  /**
   * The Region of an aws resource, when the configuration says it: its own
   * `region` argument (AWS provider 6), else its provider configuration's
   * (see providerOf, which the AZ data source uses too). Unset when unknown.
   */
  regionOf(ri: ResourceInstance): string | undefined {
    if (!ri.type.startsWith('aws_')) return undefined;
    const own = ri.value.region;
    if (typeof own === 'string' && own !== '') return own;
    if (own !== undefined && own !== null) return undefined;
    const named = providerName(ri.decl.body.provider);
    if (named !== undefined && named !== 'aws' && !named.startsWith('aws.')) return undefined;
    const { region } = this.providerOf(ri.decl, ri.module);
    return typeof region === 'string' && region !== '' ? region : undefined;
  }

  /** Default tags of the aws provider configuration a resource uses (inherited from calling modules), or undefined. */
  defaultTags(ri: ResourceInstance): Value | undefined {
    const providerRaw = ri.decl.body.provider;
    const m = typeof providerRaw === 'string' ? /^\$\{\s*([\w-]+)(?:\.([\w-]+))?\s*\}$/.exec(providerRaw) ?? /^([\w-]+)(?:\.([\w-]+))?$/.exec(providerRaw) : null;
    const pname = m ? m[1] : ri.type.split('_')[0];
    const name = m?.[2] ? `${pname}.${m[2]}` : pname;
    for (let inst: ModuleInstance | undefined = ri.module; inst; inst = inst.parent) {
      const decl = inst.sm.dir?.providers.find((p) => p.name === name);
      if (!decl) continue;
      inst.providerTags ??= new Map();
      if (inst.providerTags.has(name)) return inst.providerTags.get(name);
      const body = this.evalBody(compileDecl(decl).body, inst.scope, decl);
      const dt = body.default_tags;
      let tags: Value | undefined;
      if (dt instanceof Unknown) tags = dt;
      else if (Array.isArray(dt) && dt.length) {
        const first = dt[0];
        tags = isObject(first) ? first.tags : first instanceof Unknown ? first : undefined;
      }
      inst.providerTags.set(name, tags);
      return tags;
    }
    return undefined;
  }

}

const refCache = new WeakMap<CompiledAttr, Traversal[]>();

/** Static references of one compiled attribute (module call arguments are looked at once per variable). */
function refsOf(a: CompiledAttr): Traversal[] {
  if (!a.expr) return [];
  let r = refCache.get(a);
  if (!r) {
    r = references(a.expr);
    refCache.set(a, r);
  }
  return r;
}

function prefixed(inst: ModuleInstance, name: string): string {
  return inst.address ? `${inst.address}.${name}` : name;
}

function nodeLabel(n: Node): string {
  const mod = n.sm.address ? `${n.sm.address}.` : '';
  switch (n.kind) {
    case 'var':
      return `${mod}var.${n.name}`;
    case 'local':
      return `${mod}local.${n.name}`;
    case 'output':
      return `${mod}output.${n.name}`;
    case 'call':
      return `${mod}module.${n.name}`;
    default:
      return `${mod}${n.name}`;
  }
}

function compareDecl(a: Decl | undefined, b: Decl | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return a.file.file.localeCompare(b.file.file) || a.header.line - b.header.line || a.header.column - b.header.column;
}

function describe(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return JSON.stringify(v);
}

function relDir(from: string, to: string): string {
  const rel = path.relative(from, to).split(path.sep).join('/');
  if (rel === '') return '.';
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/**
 * The value of a variable nobody set. Where a list is possible (no type, or
 * a list / set / tuple type) it can be an AZ list: indexed or passed to
 * element() / slice() it gives elements of one list, `var:<module>.<name>`,
 * whose elements are taken to be pairwise different AZs (an AZ list holds
 * each AZ once; the README states this). Any other use reads as before:
 * "variable azs has no value".
 */
function noValue(name: string, inst: ModuleInstance, typeRaw: unknown, rootPrefix: string): Unknown {
  const reason = `variable ${name} has no value`;
  const type = typeof typeRaw === 'string' ? typeRaw.replace(/^\$\{\s*|\s*\}$/g, '') : undefined;
  if (type !== undefined && !/^(list|set|tuple)\b/.test(type)) return new Unknown(reason);
  const origin: TfAzListOrigin = { key: `${VAR_AZ_KEY}${rootPrefix}${inst.address}.${name}`, label: prefixed(inst, `var.${name}`), distinct: true, sorted: false, otherwise: reason };
  return new SymbolicAzList(origin, reason);
}

/** `aws.west` from a `provider` / `providers` value (`${aws.west}` in hcl2json's form). */
function providerName(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = /^(?:\$\{\s*)?([\w-]+(?:\.[\w-]+)?)(?:\s*\})?$/.exec(raw.trim());
  return m ? m[1] : undefined;
}

const AZ_FILTER_ARGS = ['state', 'all_availability_zones', 'exclude_names', 'exclude_zone_ids', 'filter'] as const;

/** The data source's filter arguments in one canonical text (order of names and blocks does not matter), or undefined when one is unknown. */
function canonicalFilters(args: ValueObject): string | undefined {
  const out: Record<string, unknown> = {};
  for (const k of AZ_FILTER_ARGS) {
    const v = args[k];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (k === 'all_availability_zones' && v === false)) continue;
    if (containsUnknown(v)) return undefined;
    if (k === 'filter' && Array.isArray(v)) {
      out[k] = v.map((f) => JSON.stringify(sortedDeep(f))).sort();
    } else {
      out[k] = sortedDeep(v);
    }
  }
  return JSON.stringify(out);
}

function containsUnknown(v: Value): boolean {
  if (v instanceof Unknown) return true;
  if (v === null || typeof v !== 'object') return false;
  return (Array.isArray(v) ? v : Object.values(v)).some(containsUnknown);
}

function sortedDeep(v: Value): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (v !== null && typeof v === 'object' && !(v instanceof Unknown)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedDeep(v[k])]));
  return v;
}

/** The default opt-in filter, as terraform-aws-modules examples write it: what the table lists anyway. */
function isDefaultOptInFilter(f: Value): boolean {
  if (!isObject(f)) return false;
  const values = f.values;
  return f.name === 'opt-in-status' && Array.isArray(values) && values.length === 1 && values[0] === 'opt-in-not-required';
}

/** True when the built-in table (minus `exclude_names`) is exactly what the data source returns. */
function simulatable(args: ValueObject): boolean {
  const { state, all_availability_zones: all, exclude_names: names, exclude_zone_ids: ids, filter } = args;
  if (state !== undefined && state !== null && state !== 'available') return false;
  if (all !== undefined && all !== null && all !== false) return false;
  if (ids !== undefined && ids !== null && !(Array.isArray(ids) && ids.length === 0)) return false;
  if (names !== undefined && names !== null && !(Array.isArray(names) && names.every((n) => typeof n === 'string'))) return false;
  if (filter !== undefined && filter !== null && !(Array.isArray(filter) && filter.every(isDefaultOptInFilter))) return false;
  return true;
}

/** Why a data source's AZ names stay symbolic. */
function regionReason(label: string, region: Value | undefined, args: ValueObject): string {
  const base = `the availability zones of ${label} are not known offline`;
  if (region instanceof Unknown) return `${base}: the region of its provider is unknown (${region.reason})`;
  if (typeof region !== 'string') return `${base}: its provider sets no region (give the scan a Region)`;
  if (!simulatable(args)) return `${base}: its filters cannot be applied offline`;
  return `${base}: Region ${region} is not in the built-in table (add it under availabilityZones in the policy)`;
}

/**
 * Instance keys of a for_each over a set of symbolic AZs. A key must be a
 * string, and the AZ's name is not known, so each instance is keyed by the
 * AZ's label — `aws_subnet.private["AZ #1 of data.aws_availability_zones.available"]`
 * — which names exactly one element of one list (labels carry the module
 * path), while each.key and each.value are the symbolic AZ itself. Only
 * when every pair of elements is a different AZ for sure: otherwise how
 * many instances there are is not known.
 */
function symbolicKeys(items: Value[]): { keys: string[]; each: Map<string, Value>; eachKey: Map<string, Value> } | Unknown | undefined {
  if (!items.some((v) => v instanceof SymbolicAz)) return undefined;
  const azs: SymbolicAz[] = [];
  for (const item of items) {
    if (!(item instanceof SymbolicAz) || item.wrapped) return new Unknown(`for_each mixes availability zones whose names are not known with ${item instanceof SymbolicAz ? `${item.label}, whose position is not known` : 'other values'}: how many instances there are is not known`);
    if (azs.some((a) => compareAz(a, item) === 'same')) continue;
    const unsure = azs.find((a) => compareAz(a, item) !== 'different');
    if (unsure) return new Unknown(`for_each over ${unsure.label} and ${item.label}, which may be the same AZ: how many instances there are is not known`);
    azs.push(item);
  }
  const each = new Map<string, Value>(azs.map((a) => [a.label, a]));
  return { keys: azs.map((a) => a.label), each, eachKey: each };
}
