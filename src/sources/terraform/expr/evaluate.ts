/**
 * Tree-walking evaluator. Never throws on user input: an error becomes an
 * Unknown carrying the message, plus an EvalIssue (unless inside try()/can()).
 *
 * Unknown propagation: an operator or value-inspecting function over an
 * Unknown gives a plain Unknown with the operand's reason. Building and
 * taking apart collections (tuples, objects, indexing, splats, for) keeps
 * element values as they are, so ResourceRefs survive into lists and maps.
 */
import { SymbolicAz, SymbolicAzList } from '../../../graph/az.js';
import { Unknown } from '../../../graph/values.js';
import { compareAz } from '../../../analysis/az.js';
import { azKeysConflict, dedupeAzs, hasSymbolicAz, materialize, nameCandidates, symbolicIndex, unorderedReason } from './az.js';
import { describe, type BinaryNode, type CallNode, type ForNode, type Node, type TemplateForNode, type TemplateNode } from './ast.js';
import {
  equals,
  hasOwn,
  isObject,
  numToString,
  plain,
  primitiveToString,
  sameValue,
  setOwn,
  sortedKeys,
  toBoolValue,
  toNumberValue,
  typeName,
} from './convert.js';
import { charge, FunctionError, resetBuildBudget, UnknownResult } from './errors.js';
import { currentLimits } from '../../common/limits.js';
import { FUNCTIONS, NOT_EVALUATED } from './functions.js';
import { isUnordered, keyValue, markUnordered, RESOURCE_ADDRESS, ResourceRef, UNKNOWN_REST, withSymbolicKeys, type Value, type ValueObject } from './values.js';

export interface EvalScope {
  /** Value of a root name (`var`, `local`, `module`, `data`, `count`, `each`, `path`, `terraform`, `self`,
   *  or a resource type such as `aws_subnet`). undefined = no such name. */
  lookup(root: string): Value | undefined;
}

export interface EvalIssue {
  kind: 'function' | 'type' | 'reference' | 'index';
  message: string;
}

/** Local names bound by for expressions and template for directives. */
interface Frame {
  readonly name: string;
  readonly value: Value;
  readonly next: Frame | null;
}

class Evaluator {
  private locals: Frame | null = null;
  private readonly splatItems: Value[] = [];
  /** Errors seen so far, including suppressed ones (try/can need to know). */
  private errors = 0;
  /** Symbolic AZs met while evaluating a condition (null outside one). */
  private seenAzs: SymbolicAz[] | null = null;
  /** While a condition is tried for each name an AZ can have: that AZ and the name standing for it. */
  private candidate: { az: SymbolicAz; name: string } | null = null;

  constructor(
    private readonly scope: EvalScope,
    private issues: EvalIssue[] | undefined,
  ) {}

  private issue(kind: EvalIssue['kind'], message: string): Unknown {
    this.errors++;
    this.issues?.push({ kind, message });
    return new Unknown(message);
  }

  /** Evaluate without reporting issues; `failed` tells whether any occurred. */
  private quietly(node: Node): { value: Value; failed: boolean } {
    const savedIssues = this.issues;
    const savedErrors = this.errors;
    this.issues = undefined;
    const value = this.eval(node);
    const failed = this.errors > savedErrors;
    this.issues = savedIssues;
    this.errors = savedErrors;
    return { value, failed };
  }

  eval(node: Node): Value {
    const v = this.evalNode(node);
    if (v instanceof SymbolicAz) {
      if (this.candidate && compareAz(v, this.candidate.az) === 'same') return this.candidate.name;
      this.seenAzs?.push(v);
    }
    return v;
  }

  private evalNode(node: Node): Value {
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'variable':
        return this.variable(node.name);
      case 'getattr':
        return this.getAttr(this.eval(node.object), node.name, node.object);
      case 'index':
        return this.index(this.eval(node.object), this.eval(node.key), node.object);
      case 'splat':
        return this.splat(node.source, node.body);
      case 'splat-item':
        return this.splatItems[this.splatItems.length - 1] ?? null;
      case 'call':
        return this.call(node);
      case 'unary':
        return this.unary(node.op, this.eval(node.operand));
      case 'binary':
        return this.binary(node);
      case 'conditional':
        return this.conditional(node.condition, node.whenTrue, node.whenFalse);
      case 'tuple': {
        const out = new Array<Value>(node.items.length);
        for (let i = 0; i < out.length; i++) out[i] = this.eval(node.items[i]);
        return out;
      }
      case 'object':
        return this.object(node.keys, node.values);
      case 'for':
        return this.forExpr(node);
      case 'template':
        return this.template(node);
      case 'template-if':
        return this.conditional(node.condition, node.whenTrue, node.whenFalse);
      case 'template-for':
        return this.templateFor(node);
    }
  }

  private variable(name: string): Value {
    for (let f = this.locals; f !== null; f = f.next) if (f.name === name) return f.value;
    const v = this.scope.lookup(name);
    if (v === undefined) return this.issue('reference', `unknown name '${name}'`);
    return v;
  }

  private getAttr(obj: Value, name: string, from: Node): Value {
    if (isObject(obj)) {
      if (hasOwn(obj, name)) return obj[name];
      const address = obj[RESOURCE_ADDRESS];
      if (address !== undefined) return new ResourceRef(address, name);
      const rest = obj[UNKNOWN_REST];
      if (rest !== undefined) return new Unknown(rest);
      return this.issue('reference', `${describe(from)} has no attribute '${name}'`);
    }
    if (obj instanceof Unknown) return obj instanceof ResourceRef ? new ResourceRef(obj.address, `${obj.attribute}.${name}`) : plain(obj);
    if (Array.isArray(obj)) return this.issue('type', `${describe(from)} is a list: use an index or a splat to read '${name}' of its elements`);
    return this.issue('type', `cannot read attribute '${name}' of ${describe(from)}, which is ${typeName(obj)}`);
  }

  private index(coll: Value, key: Value, from: Node): Value {
    if (coll instanceof Unknown) {
      if (coll instanceof ResourceRef) {
        const k = key instanceof Unknown ? undefined : primitiveToString(key);
        return k === undefined ? plain(coll) : new ResourceRef(coll.address, `${coll.attribute}.${k}`);
      }
      const i = coll instanceof SymbolicAzList && !(key instanceof Unknown) ? toNumberValue(key) : undefined;
      if (coll instanceof SymbolicAzList && i !== undefined && Number.isInteger(i)) {
        // L[i] of an AZ list whose names are not known: element i of L. (Any other key: the value may be a map, as before.)
        const az = symbolicIndex(coll, i, false);
        return typeof az === 'string' ? this.issue('index', az) : az;
      }
      return plain(coll);
    }
    if (key instanceof SymbolicAz && isObject(coll) && !key.wrapped && hasOwn(coll, key.label)) {
      // Instances of a for_each over symbolic AZs are keyed by the AZ's label (see the Terraform evaluator).
      return coll[key.label];
    }
    if (key instanceof Unknown) return plain(key);
    if (Array.isArray(coll)) {
      const i = toNumberValue(key);
      if (i === undefined || !Number.isInteger(i)) return this.issue('type', `${describe(from)} is a list: the index must be a whole number, not ${typeName(key)} ${JSON.stringify(key)}`);
      if (i < 0 || i >= coll.length) return this.issue('index', `index ${i} is out of range for ${describe(from)}, which has ${coll.length} element${coll.length === 1 ? '' : 's'}`);
      return unorderedReason(coll) ?? coll[i];
    }
    if (isObject(coll)) {
      const k = primitiveToString(key);
      if (k === undefined) return this.issue('type', `${describe(from)} is a map: the key must be a string, not ${typeName(key)}`);
      if (hasOwn(coll, k)) return coll[k];
      const address = coll[RESOURCE_ADDRESS];
      if (address !== undefined) return new ResourceRef(address, k);
      const rest = coll[UNKNOWN_REST];
      if (rest !== undefined) return new Unknown(rest);
      return this.issue('index', `${describe(from)} has no element ${JSON.stringify(k)}`);
    }
    return this.issue('type', `cannot index ${describe(from)}, which is ${typeName(coll)}`);
  }

  private splat(sourceNode: Node, body: Node): Value {
    const source = this.eval(sourceNode);
    if (source instanceof Unknown) {
      if (!(source instanceof ResourceRef)) return source;
      // Keep the resource's identity: aws_instance.a.ebs_block_device[*].volume_id → attribute "ebs_block_device.*.volume_id".
      this.splatItems.push(new ResourceRef(source.address, `${source.attribute}.*`));
      const v = this.eval(body);
      this.splatItems.pop();
      return v;
    }
    if (source === null) return [];
    const items = Array.isArray(source) ? source : [source];
    const out = new Array<Value>(items.length);
    for (let i = 0; i < items.length; i++) {
      this.splatItems.push(items[i]);
      out[i] = this.eval(body);
      this.splatItems.pop();
    }
    return out;
  }

  private call(node: CallNode): Value {
    const name = node.name;
    if (name === 'try') return this.tryCall(node);
    if (name === 'can') return this.canCall(node);
    const def = FUNCTIONS.get(name);
    if (!def) {
      const reason = NOT_EVALUATED.get(name);
      if (reason !== undefined) return new Unknown(reason);
      if (name.includes('::')) return this.issue('function', `provider function ${name}() is not supported`);
      return this.issue('function', `unknown function '${name}'`);
    }
    const args: Value[] = [];
    for (const a of node.args) args.push(this.eval(a));
    if (node.expandFinal) {
      const last = args.pop()!;
      if (last instanceof Unknown) return plain(last);
      if (!Array.isArray(last)) return this.issue('type', `${name}(): the argument before '...' must be a list, not ${typeName(last)}`);
      for (const v of last) args.push(v);
    }
    if (args.length < def.min || args.length > def.max) {
      const expected = def.min === def.max ? `${def.min}` : def.max === Infinity ? `at least ${def.min}` : `${def.min} to ${def.max}`;
      return this.issue('type', `${name}() takes ${expected} argument${expected === '1' ? '' : 's'}, not ${args.length}`);
    }
    if (!def.acceptsUnknown) {
      for (const a of args) if (a instanceof Unknown) return plain(a);
    }
    try {
      return def.impl(args);
    } catch (e) {
      if (e instanceof UnknownResult) return e.value;
      if (e instanceof FunctionError) return this.issue(e.kind, `${name}(): ${e.message}`);
      return this.issue('function', `${name}(): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** try(a, b, ...): the first argument that evaluates without an error. */
  private tryCall(node: CallNode): Value {
    if (node.args.length === 0) return this.issue('type', 'try() takes at least 1 argument');
    if (node.expandFinal) return this.issue('type', "try() does not accept '...' arguments");
    for (const arg of node.args) {
      const { value, failed } = this.quietly(arg);
      if (!failed) return value;
    }
    return this.issue('function', 'try(): no argument could be evaluated without an error');
  }

  /** can(x): whether x evaluates without an error (Unknown when x is unknown). */
  private canCall(node: CallNode): Value {
    if (node.args.length !== 1 || node.expandFinal) return this.issue('type', `can() takes 1 argument, not ${node.args.length}`);
    const { value, failed } = this.quietly(node.args[0]);
    if (failed) return false;
    return value instanceof Unknown ? plain(value) : true;
  }

  private unary(op: '-' | '!', v: Value): Value {
    if (v instanceof Unknown) return plain(v);
    if (op === '-') {
      const n = toNumberValue(v);
      if (n === undefined) return this.issue('type', `unary '-' needs a number, not ${typeName(v)}`);
      return -n;
    }
    const b = toBoolValue(v);
    if (b === undefined) return this.issue('type', `'!' needs a bool, not ${typeName(v)}`);
    return !b;
  }

  private binary(node: BinaryNode): Value {
    const op = node.op;
    if (op === '&&' || op === '||') return this.logical(node, op === '||');
    const l = this.eval(node.left);
    const r = this.eval(node.right);
    if (op === '==' || op === '!=') {
      const eq = equals(l, r);
      if (eq instanceof Unknown) return eq;
      return op === '==' ? eq : !eq;
    }
    if (l instanceof Unknown) return plain(l);
    if (r instanceof Unknown) return plain(r);
    const a = toNumberValue(l);
    const b = toNumberValue(r);
    if (a === undefined || b === undefined) {
      const bad = a === undefined ? l : r;
      return this.issue('type', `'${op}' needs numbers, not ${typeName(bad)}${typeof bad === 'string' ? ` ${JSON.stringify(bad)}` : ''}`);
    }
    let result: number;
    switch (op) {
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case '+':
        result = a + b;
        break;
      case '-':
        result = a - b;
        break;
      case '*':
        result = a * b;
        break;
      case '/':
        if (b === 0) return this.issue('type', 'division by zero');
        result = a / b;
        break;
      default:
        if (b === 0) return this.issue('type', 'modulo by zero');
        result = a % b;
    }
    if (!Number.isFinite(result)) return this.issue('type', `'${op}' overflowed`);
    return result;
  }

  /** && and ||: a known deciding operand (false for &&, true for ||) decides even if the other is unknown. */
  private logical(node: BinaryNode, isOr: boolean): Value {
    const decides = isOr;
    const opText = isOr ? '||' : '&&';
    const l = this.eval(node.left);
    let lb: boolean | Unknown;
    if (l instanceof Unknown) lb = plain(l);
    else {
      const b = toBoolValue(l);
      if (b === undefined) return this.issue('type', `'${opText}' needs bools, not ${typeName(l)}`);
      if (b === decides) return decides;
      lb = b;
    }
    const r = this.eval(node.right);
    if (r instanceof Unknown) return lb instanceof Unknown ? lb : plain(r);
    const rb = toBoolValue(r);
    if (rb === undefined) return this.issue('type', `'${opText}' needs bools, not ${typeName(r)}`);
    if (rb === decides) return decides;
    return lb;
  }

  private conditional(condition: Node, whenTrue: Node, whenFalse: Node): Value {
    const outer = this.seenAzs;
    this.seenAzs = [];
    let c = this.eval(condition);
    const seen = this.seenAzs;
    this.seenAzs = outer;
    outer?.push(...seen);
    if (c instanceof Unknown) c = this.overAzNames(condition, seen) ?? c;
    if (c instanceof Unknown) {
      // Both outcomes are possible; they are only reported if they agree.
      const a = this.quietly(whenTrue);
      const b = this.quietly(whenFalse);
      if (!a.failed && !b.failed && sameValue(a.value, b.value)) return a.value;
      return plain(c);
    }
    const b = toBoolValue(c);
    if (b === undefined) return this.issue('type', `the condition must be a bool, not ${typeName(c)}`);
    return this.eval(b ? whenTrue : whenFalse);
  }

  /**
   * A condition that is unknown only because of one symbolic AZ, decided
   * when it comes out the same for every name that AZ can have
   * (`length(regexall("^[a-z]{2}-", element(var.azs, i))) > 0`: true for
   * every AZ name). Undefined when it cannot be decided that way.
   */
  private overAzNames(condition: Node, seen: SymbolicAz[]): Value | undefined {
    if (seen.length === 0 || this.candidate) return undefined;
    const az = seen[0];
    if (seen.some((o) => compareAz(o, az) !== 'same')) return undefined;
    const names = nameCandidates(az.origin);
    if (!names?.length) return undefined;
    let result: Value | undefined;
    try {
      for (const name of names) {
        this.candidate = { az, name };
        const { value, failed } = this.quietly(condition);
        if (failed || value instanceof Unknown || (result !== undefined && !sameValue(result, value))) return undefined;
        result = value;
      }
    } finally {
      this.candidate = null;
    }
    return result;
  }

  /** A key as text; a symbolic AZ (not wrapped) is keyed by its label and noted in `azKeys`. */
  private objectKey(k: Value, azKeys?: Map<string, SymbolicAz>): string | Unknown {
    if (azKeys && k instanceof SymbolicAz && !k.wrapped) {
      azKeys.set(k.label, k);
      return k.label;
    }
    if (k instanceof Unknown) return plain(k);
    const s = primitiveToString(k);
    if (s === undefined) return this.issue('type', `an object key must be a string, not ${typeName(k)}`);
    return s;
  }

  private object(keys: readonly Node[], values: readonly Node[]): Value {
    const out: ValueObject = {};
    const azKeys = new Map<string, SymbolicAz>();
    for (let i = 0; i < keys.length; i++) {
      const kn = keys[i];
      const key = kn.type === 'literal' && typeof kn.value === 'string' ? kn.value : this.objectKey(this.eval(kn), azKeys);
      if (key instanceof Unknown) return key;
      setOwn(out, key, this.eval(values[i]));
    }
    return this.azKeyed(out, azKeys);
  }

  /**
   * An object some of whose keys are symbolic AZs (`{ for az in local.azs : az => … }`):
   * keyed by the AZs' labels, the keys read back as the AZs. Only when every
   * key is such an AZ and every pair is a different AZ for sure; otherwise
   * which keys collide, and so the object, is unknown.
   */
  private azKeyed(obj: ValueObject, azKeys: Map<string, SymbolicAz>): Value {
    if (azKeys.size === 0) return obj;
    return azKeysConflict(Object.keys(obj), azKeys) ?? withSymbolicKeys(obj, azKeys);
  }

  /** Keys and values to iterate: lists by index, maps/objects by sorted key. */
  private iteration(coll: Value, what: string): { keys: Value[] | null; values: Value[]; unordered?: boolean } | Unknown {
    if (coll instanceof SymbolicAzList) {
      // A symbolic AZ list of known length iterates element-wise; otherwise how many elements is not known.
      const items = materialize(coll);
      return items ? { keys: null, values: items } : plain(coll);
    }
    if (coll instanceof Unknown) return plain(coll);
    if (Array.isArray(coll)) return { keys: null, values: coll, unordered: isUnordered(coll) };
    if (isObject(coll)) {
      const keys = sortedKeys(coll).map((k) => keyValue(coll, k));
      // Keys that are AZs nobody knows the names of sort in an order nobody knows, unless it is their list's.
      return { keys, values: sortedKeys(coll).map((k) => coll[k]), unordered: hasSymbolicAz(keys) && isUnordered(dedupeAzs(keys)) };
    }
    return this.issue('type', `${what} cannot iterate over ${typeName(coll)}`);
  }

  private forExpr(node: ForNode): Value {
    const it = this.iteration(this.eval(node.collection), 'a for expression');
    if (it instanceof Unknown) return it;
    charge(it.values.length);
    const saved = this.locals;
    const isObj = node.keyExpr !== null;
    const list: Value[] = [];
    const obj: ValueObject = {};
    const azKeys = new Map<string, SymbolicAz>();
    let unknown: Unknown | undefined;
    for (let i = 0; i < it.values.length && !unknown; i++) {
      let frame: Frame = { name: node.valueVar, value: it.values[i], next: saved };
      if (node.keyVar !== null) frame = { name: node.keyVar, value: it.keys ? it.keys[i] : i, next: frame };
      this.locals = frame;
      if (node.condition) {
        const c = this.eval(node.condition);
        if (c instanceof Unknown) {
          unknown = plain(c);
          break;
        }
        const b = toBoolValue(c);
        if (b === undefined) {
          unknown = this.issue('type', `the for expression's condition must be a bool, not ${typeName(c)}`);
          break;
        }
        if (!b) continue;
      }
      if (!isObj) {
        list.push(this.eval(node.valueExpr));
        continue;
      }
      const key = this.objectKey(this.eval(node.keyExpr!), azKeys);
      if (key instanceof Unknown) {
        unknown = key;
        break;
      }
      const value = this.eval(node.valueExpr);
      if (node.group) {
        const group = hasOwn(obj, key) ? (obj[key] as Value[]) : undefined;
        if (group) group.push(value);
        else setOwn(obj, key, [value]);
      } else if (hasOwn(obj, key)) {
        unknown = this.issue('type', `duplicate key ${JSON.stringify(key)} in a for expression; add '...' after the value to group values by key`);
      } else {
        setOwn(obj, key, value);
      }
    }
    this.locals = saved;
    if (unknown) return unknown;
    if (isObj) return this.azKeyed(obj, azKeys);
    // A list built from a collection whose order is not known has no known order either.
    return it.unordered ? markUnordered(list) : list;
  }

  /** A value as template text, or Unknown (an issue for values that have no string form). */
  private templateText(v: Value): string | Unknown {
    if (typeof v === 'string') return v;
    if (v instanceof Unknown) return plain(v);
    if (typeof v === 'number') return numToString(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v === null) return this.issue('type', 'a template cannot include a null value');
    return this.issue('type', `a template cannot include a ${typeName(v)}; use jsonencode() or join()`);
  }

  private template(node: TemplateNode): Value {
    let out = '';
    let unknown: Unknown | undefined;
    for (const part of node.parts) {
      const t = this.templateText(this.eval(part));
      if (t instanceof Unknown) unknown ??= t;
      else out += t;
    }
    return unknown ?? out;
  }

  private templateFor(node: TemplateForNode): Value {
    const it = this.iteration(this.eval(node.collection), 'a template for directive');
    if (it instanceof Unknown) return it;
    const saved = this.locals;
    let out = '';
    let unknown: Unknown | undefined;
    for (let i = 0; i < it.values.length; i++) {
      let frame: Frame = { name: node.valueVar, value: it.values[i], next: saved };
      if (node.keyVar !== null) frame = { name: node.keyVar, value: it.keys ? it.keys[i] : i, next: frame };
      this.locals = frame;
      const t = this.templateText(this.template(node.body));
      if (t instanceof Unknown) unknown ??= t;
      else out += t;
    }
    this.locals = saved;
    return unknown ?? out;
  }
}

export function evaluateNode(node: Node, scope: EvalScope, issues?: EvalIssue[]): Value {
  try {
    resetBuildBudget(currentLimits().maxCollectionSize);
    return new Evaluator(scope, issues).eval(node);
  } catch (e) {
    // A limit hit outside a function call (a for expression): the expression's error, at its attribute.
    if (e instanceof FunctionError) {
      issues?.push({ kind: e.kind, message: e.message });
      return new Unknown(e.message);
    }
    if (e instanceof RangeError) {
      const message = 'the expression is nested too deeply or builds a value too large to evaluate';
      issues?.push({ kind: 'function', message });
      return new Unknown(message);
    }
    // Only a defect (or a scope that throws) gets here; keep the promise of never throwing.
    const message = `internal error while evaluating: ${e instanceof Error ? e.message : String(e)}`;
    issues?.push({ kind: 'function', message });
    return new Unknown(message);
  }
}
