import { describe, expect, it } from 'vitest';
import { compileValue, parseExpression, references, type Traversal } from '../../../src/sources/terraform/expr/index.js';

const refs = (source: string): Traversal[] => references(parseExpression(source));

describe('references', () => {
  it('variables, locals, modules and data sources', () => {
    expect(refs('var.x')).toEqual([{ root: 'var', path: ['x'] }]);
    expect(refs('local.a.b')).toEqual([{ root: 'local', path: ['a', 'b'] }]);
    expect(refs('module.net.subnet_ids')).toEqual([{ root: 'module', path: ['net', 'subnet_ids'] }]);
    expect(refs('data.aws_vpc.main.id')).toEqual([{ root: 'data', path: ['aws_vpc', 'main', 'id'] }]);
  });

  it('resources with literal indexes, string keys and legacy indexes', () => {
    expect(refs('aws_subnet.private[0].id')).toEqual([{ root: 'aws_subnet', path: ['private', 0, 'id'] }]);
    expect(refs('aws_subnet.by_az["eu-west-1a"].id')).toEqual([{ root: 'aws_subnet', path: ['by_az', 'eu-west-1a', 'id'] }]);
    expect(refs('aws_subnet.private.1.id')).toEqual([{ root: 'aws_subnet', path: ['private', 1, 'id'] }]);
  });

  it('the path stops at a splat or a non-literal index, whose key is a reference of its own', () => {
    expect(refs('aws_subnet.private[*].id')).toEqual([{ root: 'aws_subnet', path: ['private'] }]);
    expect(refs('aws_subnet.private.*.id')).toEqual([{ root: 'aws_subnet', path: ['private'] }]);
    expect(refs('aws_subnet.private[count.index].id')).toEqual([
      { root: 'aws_subnet', path: ['private'] },
      { root: 'count', path: ['index'] },
    ]);
    expect(refs('aws_subnet.private[*].tags[var.key]')).toEqual([
      { root: 'aws_subnet', path: ['private'] },
      { root: 'var', path: ['key'] },
    ]);
  });

  it('count, each and self are references', () => {
    expect(refs('"${count.index}-${each.key}-${each.value.name}-${self.id}"')).toEqual([
      { root: 'count', path: ['index'] },
      { root: 'each', path: ['key'] },
      { root: 'each', path: ['value', 'name'] },
      { root: 'self', path: ['id'] },
    ]);
  });

  it('for-expression iterator names and their sub-paths are not references', () => {
    expect(refs('[for s in aws_subnet.private : s.id if s.map_public_ip == var.public]')).toEqual([
      { root: 'aws_subnet', path: ['private'] },
      { root: 'var', path: ['public'] },
    ]);
    expect(refs('{ for k, v in var.m : k => v.name... if local.keep[k] }')).toEqual([
      { root: 'var', path: ['m'] },
      { root: 'local', path: ['keep'] },
    ]);
  });

  it('iterator names are bound only inside their for expression', () => {
    expect(refs('[[for s in var.l : s], s.id]')).toEqual([
      { root: 'var', path: ['l'] },
      { root: 's', path: ['id'] },
    ]);
    expect(refs('[for a in var.l : [for b in a : b + a.x + c]]')).toEqual([
      { root: 'var', path: ['l'] },
      { root: 'c', path: [] },
    ]);
  });

  it('template for-directive names are not references', () => {
    expect(references(compileValue('%{ for k, v in var.tags }${k}=${v.value}${local.sep}%{ endfor }'))).toEqual([
      { root: 'var', path: ['tags'] },
      { root: 'local', path: ['sep'] },
    ]);
  });

  it('inside calls, operators, conditionals, collections, templates and object keys', () => {
    expect(
      references(
        compileValue({
          '${var.key}': '${length(var.azs) > 1 ? aws_nat_gateway.a[0].id : null}',
          tags: ['${merge(local.tags, { Name = "web-${var.env}" })}', '%{ if var.on }x%{ endif }'],
          n: '${-var.n + try(local.o.p, 1)}',
        }),
      ),
    ).toEqual([
      { root: 'var', path: ['key'] },
      { root: 'var', path: ['azs'] },
      { root: 'aws_nat_gateway', path: ['a', 0, 'id'] },
      { root: 'local', path: ['tags'] },
      { root: 'var', path: ['env'] },
      { root: 'var', path: ['on'] },
      { root: 'var', path: ['n'] },
      { root: 'local', path: ['o', 'p'] },
    ]);
  });

  it('lists each traversal once, in source order', () => {
    expect(refs('var.a + var.b + var.a + var.a.c')).toEqual([
      { root: 'var', path: ['a'] },
      { root: 'var', path: ['b'] },
      { root: 'var', path: ['a', 'c'] },
    ]);
  });

  it('literals, function names and object literal keys are not references', () => {
    expect(refs('upper("x")')).toEqual([]);
    expect(refs('{ var = 1, local = true }')).toEqual([]);
    expect(references(compileValue({ a: 'plain', b: 1, c: null }))).toEqual([]);
  });

  it('an index key of a static string or number keeps the path going, a computed one stops it', () => {
    expect(refs('var.m["a"].b')).toEqual([{ root: 'var', path: ['m', 'a', 'b'] }]);
    expect(refs('var.m["${local.k}"].b')).toEqual([
      { root: 'var', path: ['m'] },
      { root: 'local', path: ['k'] },
    ]);
    expect(refs('var.m[1 + 1]')).toEqual([{ root: 'var', path: ['m'] }]);
  });
});
