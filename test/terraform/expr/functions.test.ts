import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, Unknown, type Value } from '../../../src/sources/terraform/expr/index.js';
import { ev, expectPlainUnknown, expectRef, run } from './helpers.js';

/** [expression, expected value]; every function in FUNCTION_NAMES appears in at least one. */
const CASES: [string, Value][] = [
  // collections
  ['length([1, 2, 3])', 3],
  ['length("héllo")', 5],
  ['length({ a = 1, b = 2 })', 2],
  ['length([])', 0],
  ['keys({ b = 1, a = 2 })', ['a', 'b']],
  ['values({ b = 1, a = 2 })', [2, 1]],
  ['lookup({ a = 1 }, "a")', 1],
  ['lookup({ a = 1 }, "b", 5)', 5],
  ['element(["a", "b", "c"], 1)', 'b'],
  ['element(["a", "b", "c"], 4)', 'b'],
  ['concat([1], [2, 3], [])', [1, 2, 3]],
  ['concat()', []],
  ['merge({ a = 1, b = 2 }, { b = 3 }, null)', { a: 1, b: 3 }],
  ['flatten([[1, [2]], [], 3])', [1, 2, 3]],
  ['distinct([1, 2, 1, "1", [1], [1]])', [1, 2, '1', [1]]],
  ['toset(["b", "a", "b"])', ['a', 'b']],
  ['toset([3, 1, 2, 1])', [1, 2, 3]],
  ['toset(["a", 1])', ['1', 'a']],
  ['tolist(["a", 1, true])', ['a', '1', 'true']],
  ['tolist([1, 2])', [1, 2]],
  ['tomap({ a = 1, b = "x" })', { a: '1', b: 'x' }],
  ['tonumber("42")', 42],
  ['tonumber("-1.5e2")', -150],
  ['tonumber(null)', null],
  ['tostring(1.5)', '1.5'],
  ['tostring(true)', 'true'],
  ['tostring(null)', null],
  ['tobool("true")', true],
  ['tobool(false)', false],
  ['contains(["a", "b"], "b")', true],
  ['contains(["a"], "c")', false],
  ['contains(["1"], 1)', false],
  ['contains([[1, 2]], [1, 2])', true],
  ['index(["a", "b"], "b")', 1],
  ['coalesce(null, "", "x", "y")', 'x'],
  ['coalesce(null, 2)', 2],
  ['coalescelist([], [1, 2], [3])', [1, 2]],
  ['compact(["a", "", null, "b"])', ['a', 'b']],
  ['slice(["a", "b", "c", "d"], 1, 3)', ['b', 'c']],
  ['reverse([1, 2, 3])', [3, 2, 1]],
  ['sort(["b", "a", "10", "9"])', ['10', '9', 'a', 'b']],
  ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  ['range(3)', [0, 1, 2]],
  ['range(1, 4)', [1, 2, 3]],
  ['range(10, 0, -3)', [10, 7, 4, 1]],
  ['range(3, 1)', [3, 2]],
  ['range(0, 1, 0.25)', [0, 0.25, 0.5, 0.75]],
  ['chunklist([1, 2, 3, 4, 5], 2)', [[1, 2], [3, 4], [5]]],
  ['one([])', null],
  ['one(["x"])', 'x'],
  ['alltrue([true, "true"])', true],
  ['alltrue([])', true],
  ['alltrue([true, false])', false],
  ['anytrue([false, true])', true],
  ['anytrue([])', false],
  ['setproduct(["a", "b"], [1, 2])', [['a', 1], ['a', 2], ['b', 1], ['b', 2]]],
  ['setunion(["b"], ["a", "b"])', ['a', 'b']],
  ['setintersection(["a", "b", "c"], ["b", "c", "d"], ["c", "b"])', ['b', 'c']],
  ['setsubtract(["a", "b", "c"], ["b"])', ['a', 'c']],
  ['matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])', ['i-abc', 'i-def']],
  ['transpose({ a = ["1", "2"], b = ["2", "3"] })', { 1: ['a'], 2: ['a', 'b'], 3: ['b'] }],
  ['sum([1, 2, 3.5])', 6.5],
  ['sum(["1", 2])', 3],
  // numbers
  ['min(3, 1, 2)', 1],
  ['max(3, "7", 2)', 7],
  ['abs(-3)', 3],
  ['ceil(1.2)', 2],
  ['floor(1.8)', 1],
  ['signum(-5)', -1],
  ['signum(0)', 0],
  ['pow(2, 10)', 1024],
  ['log(8, 2)', 3],
  ['parseint("FF", 16)', 255],
  ['parseint("-101", 2)', -5],
  ['parseint("zZ", 62)', 35 * 62 + 61],
  // strings
  ['format("%s-%03d", "web", 7)', 'web-007'],
  ['format("%.2f|%5s|%-4d|%x|%X|%o|%b|%t|%%", 3.14159, "ab", 7, 255, 255, 8, 5, true)', '3.14|   ab|7   |ff|FF|10|101|true|%'],
  ['format("%v %v %v %#v", [1, "a"], { a = true }, 1.5, "s")', '[1,"a"] {"a":true} 1.5 "s"'],
  ['format("%q %e %g %g %+d %05.1f", "x", 1234.5678, 0.00001234, 100, 3, -2.5)', '"x" 1.234568e+03 1.234e-05 100 +3 -02.5'],
  ['format("%[2]s %[1]s", "a", "b")', 'b a'],
  ['format("%.3s", "abcdef")', 'abc'],
  ['formatlist("%s-%s", ["a", "b"], "x")', ['a-x', 'b-x']],
  ['formatlist("%s", "x")', ['x']],
  ['join(", ", ["a", "b"], [1])', 'a, b, 1'],
  ['split(",", "a,b,,c")', ['a', 'b', '', 'c']],
  ['split("", "abc")', ['a', 'b', 'c']],
  ['lower("AbC")', 'abc'],
  ['upper("abc")', 'ABC'],
  ['title("hello wide-world")', 'Hello Wide-World'],
  ['replace("a-b-c", "-", "_")', 'a_b_c'],
  [String.raw`replace("hello world", "/o(\\w)?/", "0$1")`, 'hell0 w0rld'],
  ['replace("2019-02-01", "/(?P<y>\\\\d+)-(\\\\d+)-(\\\\d+)/", "$3.$2.$${y} $$")', '01.02.2019 $'],
  ['replace("baaac", "/a*/", "-")', '-b-c-'],
  ['replace("ABC", "/(?i)b/", "x")', 'AxC'],
  ['substr("hello world", 1, 4)', 'ello'],
  ['substr("hello", -3, -1)', 'llo'],
  ['substr("héllo", 1, 2)', 'él'],
  ['trim("?!hello?!", "!?")', 'hello'],
  ['trimspace("  a b \\n")', 'a b'],
  ['trimprefix("helloworld", "hello")', 'world'],
  ['trimprefix("helloworld", "x")', 'helloworld'],
  ['trimsuffix("helloworld", "world")', 'hello'],
  ['startswith("hello", "he")', true],
  ['endswith("hello", "he")', false],
  ['strcontains("hello", "ll")', true],
  ['strrev("abc")', 'cba'],
  ['chomp("a\\n\\r\\n")', 'a'],
  ['indent(2, "a\\nb\\n")', 'a\n  b\n  '],
  ['regex("[a-z]+", "53453453.345345aaabbbccc23454")', 'aaabbbccc'],
  [String.raw`regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01")`, ['2019', '02', '01']],
  ['regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")', { scheme: 'https', authority: 'terraform.io' }],
  ['regex("a(b)?", "a")', [null]],
  ['regex("[[:digit:]]+", "ab12c")', '12'],
  ['regexall("[a-z]+", "1234abcd5678efgh9")', ['abcd', 'efgh']],
  ['regexall("(a)(b)?", "ab a")', [['a', 'b'], ['a', null]]],
  ['regexall("x", "abc")', []],
  ['basename("foo/bar/baz.txt")', 'baz.txt'],
  ['dirname("foo/bar/baz.txt")', 'foo/bar'],
  ['dirname("/baz.txt")', '/'],
  ['urlencode("Hello World!")', 'Hello+World%21'],
  // encoding and hashing
  ['jsonencode({ b = [1, "x<y"], a = null, c = true })', '{"a":null,"b":[1,"x\\u003cy"],"c":true}'],
  ['jsondecode("{\\"a\\": [1, true, null]}")', { a: [1, true, null] }],
  ['base64encode("hello")', 'aGVsbG8='],
  ['base64decode("aGVsbG8=")', 'hello'],
  ['md5("hello")', '5d41402abc4b2a76b9719d911017c592'],
  ['sha1("hello")', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
  ['sha256("hello")', '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
  ['sha512("hello")', '9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043'],
  ['base64sha256("hello")', 'LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ='],
  ['base64sha512("hello")', 'm3HSJL1i83hdltRq0+o9czGb+8KJDKra4t/3JRlnPKcjI8PZm6XBHXx6zG4UuMXaDEZjR1wuXDre9G9zvN7AQw=='],
  // network
  ['cidrsubnet("10.0.0.0/16", 8, 2)', '10.0.2.0/24'],
  ['cidrsubnet("10.1.2.3/16", 8, 1)', '10.1.1.0/24'],
  ['cidrsubnet("172.16.0.0/12", 4, 2)', '172.18.0.0/16'],
  ['cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', 'fd00:fd12:3456:7800:a200::/72'],
  ['cidrhost("10.12.112.0/20", 16)', '10.12.112.16'],
  ['cidrhost("10.12.112.0/20", 268)', '10.12.113.12'],
  ['cidrhost("10.0.0.0/24", -1)', '10.0.0.255'],
  ['cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)', 'fd00:fd12:3456:7890::22'],
  ['cidrhost("::ffff:10.0.0.0/120", 5)', '10.0.0.5'],
  ['cidrnetmask("172.16.0.0/12")', '255.240.0.0'],
  ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
  ['cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)', ['fd00:fd12:3456:7800::/72', 'fd00:fd12:3456:7800:100::/72', 'fd00:fd12:3456:7800:200::/72', 'fd00:fd12:3456:7800:300::/88']],
  // identity
  ['sensitive("x")', 'x'],
  ['nonsensitive("x")', 'x'],
  ['issensitive("x")', false],
  ['ephemeralasnull("x")', 'x'],
  // special forms
  ['try(var.zzz, "fallback")', 'fallback'],
  ['can(tonumber("1"))', true],
];

/** Recognised, deliberately not evaluated: Unknown with a reason, and no issue. */
const NOT_EVALUATED: [string, string][] = [
  ['file("a.txt")', 'file() reads the file system, which resilint does not evaluate'],
  ['fileexists("a.txt")', 'fileexists() reads the file system, which resilint does not evaluate'],
  ['fileset(".", "*.tf")', 'fileset() reads the file system, which resilint does not evaluate'],
  ['filebase64("a")', 'filebase64() reads the file system, which resilint does not evaluate'],
  ['filemd5("a")', 'filemd5() reads the file system, which resilint does not evaluate'],
  ['filesha1("a")', 'filesha1() reads the file system, which resilint does not evaluate'],
  ['filesha256("a")', 'filesha256() reads the file system, which resilint does not evaluate'],
  ['filesha512("a")', 'filesha512() reads the file system, which resilint does not evaluate'],
  ['filebase64sha256("a")', 'filebase64sha256() reads the file system, which resilint does not evaluate'],
  ['filebase64sha512("a")', 'filebase64sha512() reads the file system, which resilint does not evaluate'],
  ['templatefile("t.tpl", {})', 'templatefile() reads the file system, which resilint does not evaluate'],
  ['abspath("a")', 'abspath() reads the file system, which resilint does not evaluate'],
  ['pathexpand("~/a")', 'pathexpand() reads the file system, which resilint does not evaluate'],
  ['timestamp()', 'timestamp() is not deterministic'],
  ['plantimestamp()', 'plantimestamp() is not deterministic'],
  ['uuid()', 'uuid() is not deterministic'],
  ['bcrypt("x")', 'bcrypt() is not deterministic'],
  ['yamlencode({ a = 1 })', 'yamlencode() is not evaluated by resilint'],
  ['yamldecode("a: 1")', 'yamldecode() is not evaluated by resilint'],
  ['csvdecode("a,b")', 'csvdecode() is not evaluated by resilint'],
  ['templatestring("x", {})', 'templatestring() is not evaluated by resilint'],
  ['formatdate("YYYY", "2024-01-01T00:00:00Z")', 'formatdate() is not evaluated by resilint'],
  ['timeadd("2024-01-01T00:00:00Z", "1h")', 'timeadd() is not evaluated by resilint'],
  ['timecmp("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")', 'timecmp() is not evaluated by resilint'],
  ['base64gzip("x")', 'base64gzip() is not evaluated by resilint'],
  ['textencodebase64("x", "UTF-16")', 'textencodebase64() is not evaluated by resilint'],
  ['textdecodebase64("eA==", "UTF-16")', 'textdecodebase64() is not evaluated by resilint'],
  ['rsadecrypt("x", "k")', 'rsadecrypt() is not evaluated by resilint'],
  ['uuidv5("dns", "x")', 'uuidv5() is not evaluated by resilint'],
  ['type(1)', 'type() is only meaningful in the Terraform console'],
];

function calledName(expr: string): string {
  return /^([a-z0-9_]+)\(/.exec(expr)![1];
}

describe('function results', () => {
  it.each(CASES)('%s', (expr, expected) => {
    expect(ev(expr)).toEqual(expected);
  });

  it.each(NOT_EVALUATED)('%s is Unknown without an issue', (expr, reason) => {
    const r = run(expr);
    expect(expectPlainUnknown(r.value)).toBe(reason);
    expect(r.issues).toEqual([]);
  });

  it('supports every function Terraform configurations commonly use', () => {
    const required =
      'length keys values lookup element concat merge flatten distinct toset tolist tomap tonumber tostring tobool min max sum contains coalesce coalescelist compact try can format formatlist join split slice range zipmap lower upper title replace substr trim trimspace trimprefix trimsuffix startswith endswith strrev chomp indent abs ceil floor pow signum log parseint index reverse sort setproduct setunion setintersection setsubtract chunklist one alltrue anytrue jsonencode jsondecode yamlencode base64encode base64decode md5 sha1 sha256 cidrsubnet cidrhost cidrnetmask regex regexall matchkeys transpose sensitive nonsensitive type file templatefile fileexists timestamp uuid plantimestamp';
    expect(required.split(' ').filter((n) => !FUNCTION_NAMES.includes(n))).toEqual([]);
  });

  it('every supported function has at least one case, and every case names a supported function', () => {
    const covered = new Set([...CASES.map(([e]) => calledName(e)), ...NOT_EVALUATED.map(([e]) => calledName(e))]);
    expect(FUNCTION_NAMES.filter((n) => !covered.has(n))).toEqual([]);
    expect([...covered].filter((n) => !FUNCTION_NAMES.includes(n))).toEqual([]);
    expect([...FUNCTION_NAMES]).toEqual([...FUNCTION_NAMES].sort());
  });
});

describe('function failures', () => {
  const FAILURES: [string, 'function' | 'type', string][] = [
    ['lookup({ a = 1 }, "b")', 'function', 'lookup(): the map has no element "b" and no default was given'],
    ['element([], 0)', 'function', 'element(): cannot use element() with an empty list'],
    ['tonumber("abc")', 'function', 'tonumber(): cannot convert "abc" to a number'],
    ['tobool("yes")', 'function', 'tobool(): cannot convert "yes" to a bool'],
    ['tostring([1])', 'type', 'tostring(): cannot convert list to a string'],
    ['coalesce(null, "")', 'function', 'coalesce(): no non-null, non-empty-string arguments'],
    ['slice([1, 2], 1, 3)', 'function', 'slice(): cannot slice [1:3] of a list of 2 elements'],
    ['zipmap(["a"], [1, 2])', 'function', 'zipmap(): the number of keys (1) does not match the number of values (2)'],
    ['range(0, 5000)', 'function', 'range(): more than 1024 values were generated; use a smaller range or a larger step'],
    ['range(1, 2, 0)', 'function', 'range(): step must not be zero'],
    ['one([1, 2])', 'function', 'one(): must be a list with no more than one element, not 2'],
    ['sum([])', 'function', 'sum(): cannot sum an empty list'],
    ['format("%d", 1.5)', 'type', 'format(): the %d argument must be a whole number, not 1.5'],
    ['format("%s %s", "a")', 'function', 'format(): not enough arguments for the %s verb'],
    ['format("%s", "a", "b")', 'function', 'format(): too many arguments: 2 given, 1 used by the format string'],
    ['format("%s", [1])', 'type', 'format(): unsupported value for %s: list'],
    ['formatlist("%s %s", ["a"], ["b", "c"])', 'function', 'formatlist(): argument 3 has length 2, but an earlier list argument has length 1'],
    ['join(",", ["a", null])', 'type', 'join(): element 1 of argument 2 is null'],
    ['parseint("12x", 10)', 'function', 'parseint(): cannot parse "12x" as a base 10 integer'],
    ['regex("x", "abc")', 'function', 'regex(): pattern "x" did not match any part of the given string'],
    ['regex("(?P<a>x)(y)", "xy")', 'function', 'regex(): a pattern cannot mix named and unnamed capture groups'],
    ['base64decode("!!")', 'function', 'base64decode(): the string is not valid base64'],
    ['cidrsubnet("10.0.0.0/30", 4, 1)', 'function', 'cidrsubnet(): insufficient address space to extend prefix of 30 by 4'],
    ['cidrsubnet("10.0.0.0/16", 2, 4)', 'function', 'cidrsubnet(): prefix extension of 2 does not accommodate a subnet numbered 4'],
    ['cidrsubnet("10.0.0/16", 2, 1)', 'function', 'cidrsubnet(): invalid CIDR address "10.0.0/16"'],
    ['cidrhost("10.0.0.0/30", 4)', 'function', 'cidrhost(): prefix of 30 does not accommodate a host numbered 4'],
    ['cidrnetmask("fd00::/8")', 'function', 'cidrnetmask(): cidrnetmask only supports IPv4 prefixes'],
    ['cidrsubnets("10.0.0.0/30", 1, 1, 1)', 'function', 'cidrsubnets(): not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31'],
    ['transpose({ a = [1, [2]] })', 'type', 'transpose(): element 1 of element "a" must be a string, not list'],
    ['alltrue([1])', 'type', 'alltrue(): element 0 must be a bool, not number'],
    ['setsubtract(["a"])', 'type', 'setsubtract() takes 2 arguments, not 1'],
  ];
  it.each(FAILURES)('%s', (expr, kind, message) => {
    const r = run(expr);
    expect(expectPlainUnknown(r.value)).toBe(message);
    expect(r.issues).toEqual([{ kind, message }]);
  });

  it('invalid regular expressions and JSON carry the engine message', () => {
    const re = run('regex("(", "x")');
    expectPlainUnknown(re.value);
    expect(re.issues).toHaveLength(1);
    expect(re.issues[0].kind).toBe('function');
    expect(re.issues[0].message).toMatch(/^regex\(\): invalid regular expression "\(": .+/);
    const js = run('jsondecode("{")');
    expectPlainUnknown(js.value);
    expect(js.issues).toHaveLength(1);
    expect(js.issues[0].kind).toBe('function');
    expect(js.issues[0].message).toMatch(/^jsondecode\(\): invalid JSON: .+/);
  });
});

describe('unknown-aware functions', () => {
  it('concat and flatten keep ResourceRefs', () => {
    const c = ev('concat([aws_subnet.a.id], [aws_subnet.private[0].id, "x"])') as Value[];
    expectRef(c[0], 'aws_subnet.a', 'id');
    expectRef(c[1], 'aws_subnet.private[0]', 'id');
    expect(c[2]).toBe('x');
    const f = ev('flatten([[aws_subnet.a.id], [[aws_instance.web.id]], []])') as Value[];
    expect(f).toHaveLength(2);
    expectRef(f[0], 'aws_subnet.a', 'id');
    expectRef(f[1], 'aws_instance.web', 'id');
  });

  it('length of a known list with unknown elements is known', () => {
    expect(ev('length([aws_subnet.a.id, var.size])')).toBe(2);
    expect(ev('length(aws_subnet.private[*].id)')).toBe(2);
    expectPlainUnknown(ev('length(var.size)'));
  });

  it('contains: found among known elements is true, otherwise unknown if an element is unknown', () => {
    expect(ev('contains([aws_subnet.a.id, "a"], "a")')).toBe(true);
    expectPlainUnknown(ev('contains([aws_subnet.a.id, "a"], "b")'));
    expect(ev('contains(["a", "b"], "c")')).toBe(false);
    expectPlainUnknown(ev('contains(["a"], var.size)'));
    expectPlainUnknown(ev('contains(var.size, "a")'));
  });

  it('distinct and toset keep unknown elements', () => {
    const d = ev('distinct([aws_subnet.a.id, "a", aws_subnet.a.id, "a"])') as Value[];
    expect(d).toHaveLength(3);
    expectRef(d[0], 'aws_subnet.a', 'id');
    expect(d[1]).toBe('a');
    const s = ev('toset(["b", aws_subnet.a.id, "a", "b"])') as Value[];
    expect(s.filter((v) => !(v instanceof Unknown))).toEqual(['b', 'a']);
    expect(s).toHaveLength(3);
  });

  it('structure-preserving functions keep ResourceRefs', () => {
    const ref = (expr: string, attr = 'id'): void => expectRef(ev(expr), 'aws_subnet.a', attr);
    ref('merge({ x = 1 }, { id = aws_subnet.a.id }).id');
    ref('element([aws_subnet.a.id], 3)');
    ref('slice(["x", aws_subnet.a.id], 1, 2)[0]');
    ref('values({ k = aws_subnet.a.id })[0]');
    ref('lookup({ k = aws_subnet.a.id }, "k")');
    ref('tolist([aws_subnet.a.id])[0]');
    ref('toset([aws_subnet.a.id])[0]');
    ref('tomap({ k = aws_subnet.a.id }).k');
    ref('coalescelist([], [aws_subnet.a.id])[0]');
    ref('compact(["", aws_subnet.a.id, null])[0]');
    ref('reverse([aws_subnet.a.id, 1])[1]');
    ref('one([aws_subnet.a.id])');
    ref('try(aws_subnet.a.id, "x")');
    ref('zipmap(["k"], [aws_subnet.a.id]).k');
    ref('matchkeys([aws_subnet.a.id], ["a"], ["a"])[0]');
    ref('chunklist([aws_subnet.a.id], 1)[0][0]');
    ref('setproduct([aws_subnet.a.id], [1])[0][0]');
    ref('tostring(aws_subnet.a.id)');
    ref('sensitive(aws_subnet.a.id)');
    ref('lookup(aws_subnet.a, "arn")', 'arn');
  });

  it('functions that inspect values are unknown over unknown parts', () => {
    expectPlainUnknown(ev('upper(aws_subnet.a.id)'));
    expectPlainUnknown(ev('join(",", ["a", aws_subnet.a.id])'));
    expectPlainUnknown(ev('sort(["a", var.size])'));
    expectPlainUnknown(ev('jsonencode({ a = [aws_subnet.a.id] })'));
    expectPlainUnknown(ev('format("%s-%v", "a", [var.size])'));
    expectPlainUnknown(ev('sum([1, var.size])'));
    expectPlainUnknown(ev('index([var.size, "a"], "a")'));
    expectPlainUnknown(ev('setintersection(["a", var.size], ["a"])'));
    expectPlainUnknown(ev('coalesce(var.size, "x")'));
    expectPlainUnknown(ev('cidrsubnet(var.size, 8, 1)'));
    expect(expectPlainUnknown(ev('upper(var.size)'))).toBe('var.size has no value');
  });

  it('unknowns that cannot matter do not make the result unknown', () => {
    expect(ev('coalesce("x", var.size)')).toBe('x');
    expect(ev('alltrue([false, var.size])')).toBe(false);
    expectPlainUnknown(ev('alltrue([true, var.size])'));
    expect(ev('anytrue([var.size, true])')).toBe(true);
    expectPlainUnknown(ev('anytrue([false, var.size])'));
    expect(ev('formatlist("%s", ["a", var.size])')).toHaveLength(2);
    expect((ev('formatlist("%s", ["a", var.size])') as Value[])[0]).toBe('a');
    expect(ev('keys({ a = var.size })')).toEqual(['a']);
  });
});
