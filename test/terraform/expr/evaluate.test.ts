import { describe, expect, it } from 'vitest';
import {
  compileValue,
  evaluate,
  parseExpression,
  ResourceRef,
  Unknown,
  type EvalIssue,
  type EvalScope,
  type Value,
} from '../../../src/sources/terraform/expr/index.js';
import { ROOTS, ev, expectPlainUnknown, expectRef, private0, private1, run, runValue, scope } from './helpers.js';

describe('conversions in operators', () => {
  it('arithmetic converts numeric strings', () => {
    expect(ev('"2" + 1')).toBe(3);
    expect(ev('"1.5" * "2"')).toBe(3);
    expect(ev('-"4"')).toBe(-4);
    expect(ev('"10" > 9')).toBe(true);
  });

  it('a non-numeric operand is a type issue', () => {
    const r = run('"abc" + 1');
    expectPlainUnknown(r.value);
    expect(r.issues).toEqual([{ kind: 'type', message: `'+' needs numbers, not string "abc"` }]);
    expect(run('true * 2').issues).toEqual([{ kind: 'type', message: "'*' needs numbers, not bool" }]);
    expect(run('null < 2').issues).toEqual([{ kind: 'type', message: "'<' needs numbers, not null" }]);
  });

  it('division and modulo by zero are issues, not Infinity', () => {
    expect(run('1 / 0').issues).toEqual([{ kind: 'type', message: 'division by zero' }]);
    expect(run('1 % 0').issues).toEqual([{ kind: 'type', message: 'modulo by zero' }]);
  });

  it('logic operators take bools (and "true"/"false")', () => {
    expect(ev('"true" && true')).toBe(true);
    expect(ev('!"false"')).toBe(true);
    expect(run('1 && true').issues).toEqual([{ kind: 'type', message: "'&&' needs bools, not number" }]);
    expect(run('!3').issues).toEqual([{ kind: 'type', message: "'!' needs a bool, not number" }]);
  });
});

describe('equality', () => {
  it('compares type and value: "1" == 1 is false', () => {
    expect(ev('"1" == 1')).toBe(false);
    expect(ev('"1" != 1')).toBe(true);
    expect(ev('1 == 1.0')).toBe(true);
    expect(ev('null == null')).toBe(true);
    expect(ev('var.nothing == null')).toBe(true);
    expect(ev('"" == null')).toBe(false);
  });

  it('compares collections deeply', () => {
    expect(ev('[1, [2, "x"]] == [1, [2, "x"]]')).toBe(true);
    expect(ev('[1, 2] == [2, 1]')).toBe(false);
    expect(ev('{ a = 1, b = [true] } == { b = [true], a = 1 }')).toBe(true);
    expect(ev('{ a = 1 } == { a = 1, b = 2 }')).toBe(false);
    expect(ev('[] == {}')).toBe(false);
  });

  it('is unknown when it depends on an unknown, known when lengths already differ', () => {
    expectPlainUnknown(ev('var.size == 1'));
    expectPlainUnknown(ev('[aws_subnet.a.id] == ["x"]'));
    expect(ev('[aws_subnet.a.id] == []')).toBe(false);
    expect(ev('[aws_subnet.a.id, 1] == ["x", 2]')).toBe(false);
  });
});

describe('unknown propagation', () => {
  it('an operator over an unknown gives a plain Unknown naming the cause', () => {
    expect(expectPlainUnknown(ev('var.size + 1'))).toBe('var.size has no value');
    expect(expectPlainUnknown(ev('aws_subnet.a.id + 1'))).toBe('aws_subnet.a.id is known only after apply');
    expect(expectPlainUnknown(ev('!var.size'))).toBe('var.size has no value');
    expect(expectPlainUnknown(ev('-aws_subnet.a.arn'))).toBe('aws_subnet.a.arn is known only after apply');
    expect(expectPlainUnknown(ev('var.size > 2'))).toBe('var.size has no value');
  });

  it('attribute access into an unknown is unknown without an issue', () => {
    const r = run('var.size.x[0]');
    expect(expectPlainUnknown(r.value)).toBe('var.size has no value');
    expect(r.issues).toEqual([]);
  });

  it('&& with a known false, || with a known true, decide whatever the other side is', () => {
    expect(ev('false && var.size')).toBe(false);
    expect(ev('var.size && false')).toBe(false);
    expect(ev('true || var.size')).toBe(true);
    expect(ev('var.size || true')).toBe(true);
    expectPlainUnknown(ev('true && var.size'));
    expectPlainUnknown(ev('var.size || false'));
    expectPlainUnknown(ev('var.size && var.size'));
  });

  it('&& and || short-circuit: the right side is not evaluated when the left decides', () => {
    expect(ev('var.nothing != null && var.nothing.x == 1')).toBe(false);
    expect(ev('var.nothing == null || var.nothing.x == 1')).toBe(true);
  });

  it('a conditional with an unknown condition is unknown unless both branches agree', () => {
    expect(expectPlainUnknown(ev('var.size > 1 ? "big" : "small"'))).toBe('var.size has no value');
    expect(ev('var.size ? "same" : "same"')).toBe('same');
    expect(ev('var.size ? [1, { a = 2 }] : [1, { a = 2 }]')).toEqual([1, { a: 2 }]);
    expectRef(ev('var.size ? aws_subnet.a.id : aws_subnet.a.id'), 'aws_subnet.a', 'id');
    expectPlainUnknown(ev('var.size ? aws_subnet.a.id : aws_subnet.a.arn'));
  });

  it('only the selected branch of a known conditional is evaluated', () => {
    const r = run('length(var.l) > 5 ? var.l[5] : "default"');
    expect(r).toEqual({ value: 'default', issues: [] });
    expect(run('var.t ? 1 : nope(2)')).toEqual({ value: 1, issues: [] });
  });

  it('errors in branches of an unknown conditional are not reported', () => {
    const r = run('var.size ? var.l[10] : 0');
    expectPlainUnknown(r.value);
    expect(r.issues).toEqual([]);
  });

  it('a non-bool condition is a type issue', () => {
    expect(run('"yes" ? 1 : 2').issues).toEqual([{ kind: 'type', message: 'the condition must be a bool, not string' }]);
  });
});

describe('variables, attributes and indexes', () => {
  it('reads roots, attributes, list indexes and map keys', () => {
    expect(ev('var.s')).toBe('hello');
    expect(ev('var.l[1]')).toBe(2);
    expect(ev('var.l["2"]')).toBe(3);
    expect(ev('var.m["b"]')).toBe(2);
    expect(ev('var.m.c')).toBe(3);
    expect(ev('var.nested.a["b"].c')).toBe('deep');
    expect(ev('var.objs[1].tags.Name')).toBe('second');
    expect(ev('count.index')).toBe(1);
    expect(ev('each.value.weight')).toBe(10);
  });

  it('legacy index syntax: foo.0', () => {
    expect(ev('var.l.0')).toBe(1);
    expect(ev('var.objs.1.id')).toBe('y');
  });

  it('an unknown root name is a reference issue', () => {
    const r = run('nope.x');
    expect(expectPlainUnknown(r.value)).toBe("unknown name 'nope'");
    expect(r.issues).toEqual([{ kind: 'reference', message: "unknown name 'nope'" }]);
  });

  it('a missing attribute of a plain object is a reference issue', () => {
    const r = run('var.m.zzz');
    expectPlainUnknown(r.value);
    expect(r.issues).toEqual([{ kind: 'reference', message: "var.m has no attribute 'zzz'" }]);
  });

  it('never reads inherited members', () => {
    expect(run('var.m.constructor').issues).toEqual([{ kind: 'reference', message: "var.m has no attribute 'constructor'" }]);
    expect(run('var.m["__proto__"]').issues).toEqual([{ kind: 'index', message: 'var.m has no element "__proto__"' }]);
    expect(ev('{ "__proto__" = 1 }')).toEqual(JSON.parse('{"__proto__": 1}'));
  });

  it('an index out of range is an index issue', () => {
    const r = run('var.l[3]');
    expectPlainUnknown(r.value);
    expect(r.issues).toEqual([{ kind: 'index', message: 'index 3 is out of range for var.l, which has 3 elements' }]);
    expect(run('var.l[-1]').issues).toEqual([{ kind: 'index', message: 'index -1 is out of range for var.l, which has 3 elements' }]);
    expect(run('var.m["zz"]').issues).toEqual([{ kind: 'index', message: 'var.m has no element "zz"' }]);
  });

  it('wrong kinds of access are type issues', () => {
    expect(run('var.l.x').issues).toEqual([{ kind: 'type', message: "var.l is a list: use an index or a splat to read 'x' of its elements" }]);
    expect(run('var.s.x').issues).toEqual([{ kind: 'type', message: "cannot read attribute 'x' of var.s, which is string" }]);
    expect(run('var.nothing.x').issues).toEqual([{ kind: 'type', message: "cannot read attribute 'x' of var.nothing, which is null" }]);
    expect(run('var.l[1.5]').issues).toEqual([{ kind: 'type', message: 'var.l is a list: the index must be a whole number, not number 1.5' }]);
    expect(run('var.s[0]').issues).toEqual([{ kind: 'type', message: 'cannot index var.s, which is string' }]);
  });

  it('an unknown index into a known list is unknown', () => {
    expect(expectPlainUnknown(ev('var.l[var.size]'))).toBe('var.size has no value');
  });
});

describe('resource attributes (RESOURCE_ADDRESS objects)', () => {
  it('a configured attribute is its value', () => {
    expect(ev('aws_subnet.a.cidr_block')).toBe('10.0.1.0/24');
    expect(ev('aws_subnet.a.tags.Tier')).toBe('private');
    expect(ev('aws_subnet.private[1].availability_zone')).toBe('eu-west-1b');
  });

  it('an attribute the object does not define is a ResourceRef, without an issue', () => {
    const r = run('aws_subnet.a.id');
    expectRef(r.value, 'aws_subnet.a', 'id');
    expect((r.value as Unknown).reason).toBe('aws_subnet.a.id is known only after apply');
    expect(r.issues).toEqual([]);
    expectRef(ev('aws_subnet.private[0].arn'), 'aws_subnet.private[0]', 'arn');
    expectRef(ev('aws_subnet.a["id"]'), 'aws_subnet.a', 'id');
  });

  it('traversal past a ResourceRef extends its attribute path', () => {
    expectRef(ev('aws_instance.web.network_interface[0].id'), 'aws_instance.web', 'network_interface.0.id');
    expectRef(ev('aws_instance.web.root_block_device.0.volume_id'), 'aws_instance.web', 'root_block_device.0.volume_id');
    expectRef(ev('aws_instance.web.tags["Name"]'), 'aws_instance.web', 'tags.Name');
  });

  it('ResourceRefs flow through locals and collections unchanged', () => {
    expectRef(ev('local.subnet.id'), 'aws_subnet.a', 'id');
    const v = ev('{ ids = [aws_subnet.a.id, aws_subnet.private[1].id], one = { id = aws_instance.web.id } }') as any;
    expectRef(v.ids[0], 'aws_subnet.a', 'id');
    expectRef(v.ids[1], 'aws_subnet.private[1]', 'id');
    expectRef(v.one.id, 'aws_instance.web', 'id');
  });
});

describe('splats', () => {
  it('full splat [*] over a list of objects', () => {
    expect(ev('var.objs[*].id')).toEqual(['x', 'y']);
    expect(ev('var.objs[*].tags.Name')).toEqual(['first', 'second']);
    expect(ev('var.l[*]')).toEqual([1, 2, 3]);
  });

  it('an index after a full splat applies to each element', () => {
    expect(ev('var.objs[*].ips[0]')).toEqual(['10.0.0.1', '10.0.0.3']);
  });

  it('legacy attribute-only splat .* ; an index after it applies to the result', () => {
    expect(ev('var.objs.*.id')).toEqual(['x', 'y']);
    expect(ev('var.objs.*.tags.Name')).toEqual(['first', 'second']);
    expect(ev('var.objs.*.id[1]')).toBe('y');
    expect(ev('var.objs.*.ips[0]')).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('nested splats', () => {
    expect(ev('[var.objs, var.objs][*][*].id')).toEqual([
      ['x', 'y'],
      ['x', 'y'],
    ]);
  });

  it('a null value splats to an empty list, a single value to a one-element list', () => {
    expect(ev('var.nothing[*].id')).toEqual([]);
    expect(ev('var.nothing.*.id')).toEqual([]);
    expect(ev('var.one[*].id')).toEqual(['solo']);
    expect(ev('var.one.*.id')).toEqual(['solo']);
    expect(ev('var.n[*]')).toEqual([3]);
  });

  it('splat over resource instances gives their ResourceRefs', () => {
    const v = ev('aws_subnet.private[*].id') as Value[];
    expect(v).toHaveLength(2);
    expectRef(v[0], 'aws_subnet.private[0]', 'id');
    expectRef(v[1], 'aws_subnet.private[1]', 'id');
    expect(ev('aws_subnet.private.*.availability_zone')).toEqual(['eu-west-1a', 'eu-west-1b']);
    const single = ev('aws_instance.web[*].id') as Value[];
    expectRef(single[0], 'aws_instance.web', 'id');
  });

  it('splat over a ResourceRef keeps the resource identity, still unknown', () => {
    expectRef(ev('aws_instance.web.ebs_block_device[*].volume_id'), 'aws_instance.web', 'ebs_block_device.*.volume_id');
  });

  it('splat over a plain unknown is unknown', () => {
    expect(expectPlainUnknown(ev('var.size[*].id'))).toBe('var.size has no value');
  });

  it('an error in one element makes that element unknown', () => {
    const r = run('[{ a = 1 }, { b = 2 }][*].a');
    expect((r.value as Value[])[0]).toBe(1);
    expectPlainUnknown((r.value as Value[])[1]);
    expect(r.issues).toHaveLength(1);
  });
});

describe('for expressions', () => {
  it('list for over a list, with and without the index', () => {
    expect(ev('[for v in var.l : v * 10]')).toEqual([10, 20, 30]);
    expect(ev('[for i, v in ["a", "b"] : "${i}=${v}"]')).toEqual(['0=a', '1=b']);
  });

  it('an if clause filters', () => {
    expect(ev('[for v in var.l : v if v != 2]')).toEqual([1, 3]);
    expect(ev('[for i, v in ["a", "b", "c"] : v if i < 2]')).toEqual(['a', 'b']);
  });

  it('iterating a map visits sorted keys', () => {
    expect(ev('[for k, v in var.m : "${k}${v}"]')).toEqual(['a1', 'b2', 'c3']);
    expect(ev('[for v in var.m : v]')).toEqual([1, 2, 3]);
  });

  it('object for, and grouping with ...', () => {
    expect(ev('{ for k, v in var.m : upper(k) => v * 2 }')).toEqual({ A: 2, B: 4, C: 6 });
    expect(ev('{ for i, v in ["a", "b"] : v => i }')).toEqual({ a: 0, b: 1 });
    expect(ev('{ for i, v in ["a", "a", "b"] : v => i... }')).toEqual({ a: [0, 1], b: [2] });
    expect(ev('{ for o in var.objs : o.id => o.tags.Name if o.id != "y" }')).toEqual({ x: 'first' });
  });

  it('a set of strings iterates in sorted order', () => {
    expect(ev('[for s in toset(["c", "a", "b", "a"]) : s]')).toEqual(['a', 'b', 'c']);
  });

  it('duplicate keys without ... are a type issue', () => {
    const r = run('{ for v in ["a", "a"] : v => 1 }');
    expectPlainUnknown(r.value);
    expect(r.issues).toEqual([{ kind: 'type', message: `duplicate key "a" in a for expression; add '...' after the value to group values by key` }]);
  });

  it('keeps element values, ResourceRefs included, over a known collection', () => {
    const v = ev('[for s in aws_subnet.private : s.id]') as Value[];
    expectRef(v[0], 'aws_subnet.private[0]', 'id');
    expectRef(v[1], 'aws_subnet.private[1]', 'id');
    const m = ev('{ for s in aws_subnet.private : s.availability_zone => s }') as Record<string, Value>;
    expect(m['eu-west-1a']).toBe(private0);
    expect(m['eu-west-1b']).toBe(private1);
  });

  it('an unknown collection or condition makes the result unknown', () => {
    expect(expectPlainUnknown(ev('[for v in var.size : v]'))).toBe('var.size has no value');
    expectPlainUnknown(ev('[for v in var.l : v if v == var.size]'));
    expectPlainUnknown(ev('{ for v in var.l : aws_subnet.a.id => v }'));
  });

  it('iterating a scalar or null is a type issue', () => {
    expect(run('[for v in "abc" : v]').issues).toEqual([{ kind: 'type', message: 'a for expression cannot iterate over string' }]);
    expect(run('[for v in var.nothing : v]').issues).toEqual([{ kind: 'type', message: 'a for expression cannot iterate over null' }]);
  });

  it('iterator names shadow roots only inside the for expression', () => {
    expect(ev('[[for var in [1, 2] : var], var.n]')).toEqual([[1, 2], 3]);
  });

  it('a for expression as an hcl2json string', () => {
    expect(runValue('${[for k, v in var.m : upper(k) if v != 2]}').value).toEqual(['A', 'C']);
    expect(runValue('${{for k, v in var.m : k => v...}}').value).toEqual({ a: [1], b: [2], c: [3] });
  });
});

describe('templates', () => {
  it('interpolations convert numbers and bools to strings', () => {
    expect(runValue('n=${var.n}, t=${var.t}, x=${1.5}, big=${1e21}').value).toBe('n=3, t=true, x=1.5, big=1000000000000000000000');
  });

  it('$${ and %%{ are literal ${ and %{', () => {
    expect(runValue('$${lit} and ${var.s} %%{x}').value).toBe('${lit} and hello %{x}');
    expect(runValue('cost: $$5 and 100%').value).toBe('cost: $$5 and 100%');
    expect(runValue('$$${var.s}').value).toBe('$${var.s}');
  });

  it('backslashes in an hcl2json string are literal (hcl2json already decoded escapes)', () => {
    expect(runValue('C:\\dir\\${var.s}').value).toBe('C:\\dir\\hello');
  });

  it('quoted strings inside interpolations have escapes and nest', () => {
    expect(runValue('x${upper("a\\t${var.s}")}').value).toBe('xA\tHELLO');
    expect(runValue('${"\\"${var.n}\\""}').value).toBe('"3"');
  });

  it('%{if} with and without %{else}', () => {
    expect(runValue('%{if var.n > 2}big%{else}small%{endif}').value).toBe('big');
    expect(runValue('%{if var.f}yes%{endif}!').value).toBe('!');
    expect(runValue('[%{ if var.t }on%{ else }off%{ endif }]').value).toBe('[on]');
  });

  it('%{for} over lists and maps', () => {
    expect(runValue('%{for x in var.l}${x},%{endfor}').value).toBe('1,2,3,');
    expect(runValue('%{for k, v in var.m}${k}=${v};%{endfor}').value).toBe('a=1;b=2;c=3;');
    expect(runValue('%{ for v in [true] }${v}%{ endfor }').value).toBe('true');
  });

  it('strip markers remove adjacent whitespace', () => {
    expect(runValue('hello ${~ "world" }').value).toBe('helloworld');
    expect(runValue('%{ if true ~} hello %{~ endif }').value).toBe('hello');
    expect(runValue('${"hello" ~}${" world"}').value).toBe('hello world');
    expect(runValue('%{ for x in var.l ~}\n  ${x}\n%{~ endfor ~}\n').value).toBe('123');
  });

  it('directives in heredocs', () => {
    expect(ev('<<EOT\n%{ for s in var.strs ~}\n- ${s}\n%{ endfor ~}\nEOT')).toBe('- b\n- a\n');
  });

  it('a template with an unknown part is unknown, naming it', () => {
    expect(expectPlainUnknown(runValue('subnet-${aws_subnet.a.id}').value)).toBe('aws_subnet.a.id is known only after apply');
    expectPlainUnknown(runValue('%{if var.size}x%{endif}').value);
    expectPlainUnknown(runValue('%{for x in var.size}x%{endfor}').value);
    expect(runValue('%{if var.size}same%{else}same%{endif}').value).toBe('same');
  });

  it('null or a collection in a template is a type issue', () => {
    const r = runValue('a-${var.nothing}');
    expectPlainUnknown(r.value);
    expect(r.issues).toEqual([{ kind: 'type', message: 'a template cannot include a null value' }]);
    expect(runValue('a-${var.l}').issues).toEqual([{ kind: 'type', message: 'a template cannot include a list; use jsonencode() or join()' }]);
  });
});

describe('function calls', () => {
  it('expands the final argument with ...', () => {
    expect(ev('max(var.l...)')).toBe(3);
    expect(ev('concat([0], [[1], [2]]...)')).toEqual([0, 1, 2]);
    expect(ev('format("%s-%s", ["a", "b"]...)')).toBe('a-b');
    expectPlainUnknown(ev('max(var.size...)'));
    expect(run('max(1...)').issues).toEqual([{ kind: 'type', message: "max(): the argument before '...' must be a list, not number" }]);
  });

  it('an unknown function is a function issue', () => {
    const r = run('foo(1)');
    expect(expectPlainUnknown(r.value)).toBe("unknown function 'foo'");
    expect(r.issues).toEqual([{ kind: 'function', message: "unknown function 'foo'" }]);
    expect(runValue('${list("a")}').issues).toEqual([{ kind: 'function', message: "unknown function 'list'" }]);
  });

  it('a provider-namespaced function is a function issue', () => {
    const r = run('provider::aws::arn_parse("arn:aws:s3:::b")');
    expectPlainUnknown(r.value);
    expect(r.issues).toEqual([{ kind: 'function', message: 'provider function provider::aws::arn_parse() is not supported' }]);
  });

  it('a wrong number of arguments is a type issue', () => {
    expect(run('upper()').issues).toEqual([{ kind: 'type', message: 'upper() takes 1 argument, not 0' }]);
    expect(run('lookup({})').issues).toEqual([{ kind: 'type', message: 'lookup() takes 2 to 3 arguments, not 1' }]);
    expect(run('format()').issues).toEqual([{ kind: 'type', message: 'format() takes at least 1 arguments, not 0' }]);
  });

  it('a wrong argument type is a type issue', () => {
    expect(run('upper([1])').issues).toEqual([{ kind: 'type', message: 'upper(): argument 1 must be a string, not list' }]);
    expect(run('keys([1])').issues).toEqual([{ kind: 'type', message: 'keys(): argument 1 must be a map or object, not list' }]);
    expect(run('abs("x")').issues).toEqual([{ kind: 'type', message: 'abs(): argument 1 must be a number, not "x"' }]);
  });

  it('a failing function is a function issue', () => {
    expect(run('index(["a"], "b")').issues).toEqual([{ kind: 'function', message: 'index(): item not found in the list' }]);
  });
});

describe('try and can', () => {
  it('try returns the first argument that evaluates without an error', () => {
    expect(run('try(var.m.zzz, var.l[7], "fallback")')).toEqual({ value: 'fallback', issues: [] });
    expect(ev('try(var.m.a, "fallback")')).toBe(1);
    expect(ev('try(tonumber("x"), 0)')).toBe(0);
  });

  it('try keeps the value as it is, ResourceRefs included', () => {
    expectRef(ev('try(aws_subnet.a.id, null)'), 'aws_subnet.a', 'id');
    expect(ev('try([aws_subnet.a.cidr_block], [])')).toEqual(['10.0.1.0/24']);
  });

  it('try of a value that depends on an unknown is unknown (it might still fail)', () => {
    expectPlainUnknown(ev('try(var.size.x, "fallback")'));
  });

  it('try with no successful argument is a function issue', () => {
    const r = run('try(var.m.zzz, var.l[9])');
    expectPlainUnknown(r.value);
    expect(r.issues).toEqual([{ kind: 'function', message: 'try(): no argument could be evaluated without an error' }]);
  });

  it('can tells whether an expression evaluates without an error', () => {
    expect(run('can(var.m.zzz)')).toEqual({ value: false, issues: [] });
    expect(ev('can(var.m.a)')).toBe(true);
    expect(ev('can(regex("^ami-", "ami-123"))')).toBe(true);
    expect(ev('can(regex("^ami-", "x"))')).toBe(false);
    expectPlainUnknown(ev('can(var.size.x)'));
  });

  it('issues inside try/can are swallowed even when nested in a larger expression', () => {
    const issues: EvalIssue[] = [];
    const v = evaluate(parseExpression('[try(nope(1), 1), can(var.l[10]), var.l[10]]'), scope, issues);
    expect((v as Value[]).slice(0, 2)).toEqual([1, false]);
    expect(issues).toEqual([{ kind: 'index', message: 'index 10 is out of range for var.l, which has 3 elements' }]);
  });
});

describe('evaluate never throws', () => {
  it('on a scope that throws', () => {
    const bad: EvalScope = {
      lookup: () => {
        throw new Error('boom');
      },
    };
    const issues: EvalIssue[] = [];
    const v = evaluate(compileValue('${var.x}'), bad, issues);
    expect(expectPlainUnknown(v)).toBe('internal error while evaluating: boom');
    expect(issues).toEqual([{ kind: 'function', message: 'internal error while evaluating: boom' }]);
  });

  it('without an issues array', () => {
    expect(evaluate(parseExpression('nope(1) + var.l[99]'), scope)).toBeInstanceOf(Unknown);
  });

  it('results are fresh objects the caller may modify', () => {
    const e = compileValue({ a: ['${var.n}'] });
    const v1 = evaluate(e, scope) as Record<string, Value[]>;
    v1.a.push('changed');
    expect(evaluate(e, scope)).toEqual({ a: [3] });
    expect(ROOTS.var).toMatchObject({ n: 3 });
    expect(new ResourceRef('a.b', 'id')).toBeInstanceOf(Unknown);
  });
});
