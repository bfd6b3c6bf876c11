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
import { Unknown } from '../../graph/values.js';
import { location, type Decl } from './config.js';
import { compileDecl, type CompiledAttr, type CompiledBody } from './compile.js';
import { isObject } from './expr/convert.js';
import { evaluate, references, type EvalIssue, type EvalScope, type Traversal } from './expr/index.js';
import { RESOURCE_ADDRESS, type Value, type ValueObject } from './expr/values.js';
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

  constructor(
    private readonly root: RootModule,
    private readonly rootVars: Map<string, RootVarValue>,
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
    const pathObj: ValueObject = { module: moduleDir, root: '.', cwd: '.' };
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
          (inst.data[d.type!] ??= {})[d.label] = new Unknown(`data source ${prefixed(inst, d.name)} is read at plan time`);
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
    if (v === undefined) return new Unknown(`variable ${n.name} has no value`);
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

  /** Expansion keys of a count / for_each, or Unknown. */
  private expansion(count: CompiledAttr | undefined, forEach: CompiledAttr | undefined, scope: EvalScope, decl: Decl): { keys: (string | number | undefined)[]; each?: Map<string, Value> } | Unknown {
    if (count) {
      const c = this.evalAttr(count, scope, decl);
      if (c instanceof Unknown) return c;
      const n = typeof c === 'number' ? c : typeof c === 'string' && /^\d+$/.test(c) ? Number(c) : NaN;
      if (!Number.isInteger(n) || n < 0) {
        this.pushError({ ...location(decl, 'count'), kind: 'eval', message: `count must be a whole number, got ${describe(c)}` });
        return new Unknown(`count is not a whole number (${describe(c)})`);
      }
      return { keys: Array.from({ length: n }, (_, i) => i) };
    }
    if (forEach) {
      const fe = this.evalAttr(forEach, scope, decl);
      if (fe instanceof Unknown) return fe;
      const each = new Map<string, Value>();
      if (Array.isArray(fe)) {
        for (const item of fe) {
          if (item instanceof Unknown) return item;
          if (typeof item !== 'string') {
            this.pushError({ ...location(decl, 'for_each'), kind: 'eval', message: `for_each over a list needs strings (a set of strings), got ${describe(item)}` });
            return new Unknown('for_each is not a map or set of strings');
          }
          each.set(item, item);
        }
      } else if (isObject(fe)) {
        for (const [k, v] of Object.entries(fe)) each.set(k, v);
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
    if (compiled.count) {
      inst.modules[n.name] = exp.keys.map((k) => make(k, { count: { index: k as number } }).outputs);
    } else if (compiled.forEach) {
      const obj: ValueObject = {};
      for (const k of exp.keys) obj[k as string] = make(k, { each: { key: k as string, value: exp.each!.get(k as string)! } }).outputs;
      inst.modules[n.name] = obj;
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
      for (const k of exp.keys) obj[k as string] = one(k, { each: { key: k as string, value: exp.each!.get(k as string)! } });
      v = obj;
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

  pushError(e: InputError): void {
    const key = `${e.file}\0${e.line}\0${e.column}\0${e.kind}\0${e.message}`;
    if (this.errorKeys.has(key)) return;
    this.errorKeys.add(key);
    this.errors.push(e);
  }

  // ---------------------------------------------------------------- providers

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
