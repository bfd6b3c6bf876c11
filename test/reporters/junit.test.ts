import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/result.js';
import { renderJunit, xmlAttr, xmlText } from '../../reporters/junit.js';
import { HOSTILE, sampleResult } from '../support/sample-result.js';

// ---------------------------------------------------------------------------
// A strict little XML 1.0 parser: enough to prove well-formedness (one root,
// balanced tags, quoted unique attributes, only the predefined entities and
// character references, no `<` or raw `&` in data, only legal characters) and
// to read the tree back. No dependency, no regex soup.

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function legalChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`not well-formed at ${i}: ${msg} (…${xml.slice(Math.max(0, i - 30), i + 30)}…)`);
  };
  for (const ch of xml) if (!legalChar(ch.codePointAt(0)!)) fail(`illegal character U+${ch.codePointAt(0)!.toString(16)}`);
  const isNameChar = (c: string) => /[A-Za-z0-9_:.-]/.test(c);
  const name = () => {
    const start = i;
    while (i < xml.length && isNameChar(xml[i])) i++;
    if (i === start) fail('name expected');
    return xml.slice(start, i);
  };
  const ws = () => {
    while (i < xml.length && ' \t\r\n'.includes(xml[i])) i++;
  };
  const decode = (raw: string, inAttr: boolean): string => {
    let out = '';
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k];
      if (c === '<') fail('< in data');
      if (inAttr && (c === '\n' || c === '\t' || c === '\r')) {
        out += ' '; // attribute-value normalization
        continue;
      }
      if (c !== '&') {
        out += c;
        continue;
      }
      const end = raw.indexOf(';', k);
      if (end === -1) fail('unterminated reference');
      const ref = raw.slice(k + 1, end);
      if (ref.startsWith('#x')) out += String.fromCodePoint(parseInt(ref.slice(2), 16));
      else if (ref.startsWith('#')) out += String.fromCodePoint(parseInt(ref.slice(1), 10));
      else if (ref in ENTITIES) out += ENTITIES[ref];
      else fail(`unknown entity &${ref};`);
      k = end;
    }
    return out;
  };
  const element = (): XmlElement => {
    if (xml[i] !== '<') fail('< expected');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      ws();
      if (xml.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      const attr = name();
      ws();
      if (xml[i] !== '=') fail('= expected');
      i++;
      ws();
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") fail('quote expected');
      const end = xml.indexOf(quote, i + 1);
      if (end === -1) fail('unterminated attribute');
      if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
      el.attrs[attr] = decode(xml.slice(i + 1, end), true);
      i = end + 1;
    }
    for (;;) {
      const lt = xml.indexOf('<', i);
      if (lt === -1) fail(`unclosed <${el.name}>`);
      const data = xml.slice(i, lt);
      if (data.includes(']]>')) fail(']]> in data');
      el.text += decode(data, false);
      i = lt;
      if (xml.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        ws();
        if (xml[i] !== '>') fail('> expected');
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end === -1) fail('unterminated declaration');
    i = end + 2;
  }
  ws();
  const root = element();
  ws();
  if (i !== xml.length) fail('content after the root element');
  return root;
}

const kids = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);
const parse = (r: ScanResult) => parseXml(renderJunit(r));

describe('JUnit reporter', () => {
  it('the parser used here rejects what is not well-formed', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/closes/);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/);
    expect(() => parseXml('<a>1 < 2</a>')).toThrow();
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow(/entity/);
    expect(() => parseXml('<a>\u0001</a>')).toThrow(/illegal/);
    expect(() => parseXml('<a/><b/>')).toThrow(/after the root/);
  });

  it('is well-formed XML with one testsuite per rule and one testcase per finding', () => {
    const r = sampleResult();
    const root = parse(r);
    expect(root.name).toBe('testsuites');
    const suites = kids(root, 'testsuite');
    const ruleSuites = suites.filter((s) => s.attrs.name !== 'resilint: inputs and coverage');
    expect(ruleSuites.map((s) => s.attrs.name)).toEqual(r.rules.map((x) => x.id));
    for (const suite of ruleSuites) {
      const cases = kids(suite, 'testcase');
      const findings = r.findings.filter((f) => f.ruleId === suite.attrs.name);
      expect(cases).toHaveLength(findings.length);
      cases.forEach((c, i) => {
        expect(c.attrs.classname).toBe(suite.attrs.name);
        expect(c.attrs.name).toBe(findings[i].resource.address);
        if (findings[i].location) {
          expect(c.attrs.file).toBe(findings[i].location!.file);
          expect(c.attrs.line).toBe(String(findings[i].location!.line));
        } else {
          expect(c.attrs.file).toBeUndefined();
          expect(c.attrs.line).toBeUndefined();
        }
      });
    }
  });

  it('maps statuses: failure with evidence, skipped for unknown (why) and suppressed, plain pass', () => {
    const r = sampleResult();
    const root = parse(r);
    const byName = new Map(kids(root, 'testsuite').flatMap((s) => kids(s, 'testcase').map((c) => [`${c.attrs.classname} ${c.attrs.name}`, c] as const)));
    for (const f of r.findings) {
      const c = byName.get(`${f.ruleId} ${f.resource.address}`)!;
      expect(c).toBeDefined();
      if (f.status === 'fail' && !f.suppression) {
        const [failure] = kids(c, 'failure');
        expect(failure.attrs.message).toBe(f.message);
        expect(failure.attrs.type).toBe(f.severity);
        expect(failure.text).toContain('Attribute:    backup_retention_period');
        expect(failure.text).toContain('Expected:     7');
        expect(failure.text).toContain('Actual:       3');
        expect(failure.text).toContain(`Tier:         ${f.resource.tier} (${f.resource.tierSource}: ${f.resource.tierDetail})`);
        expect(failure.text).toContain(`Requirements: ${f.requirements.join(', ')}`);
        if (f.resource.arn) expect(failure.text).toContain(f.resource.arn);
        expect(c.children).toHaveLength(1);
      } else if (f.suppression) {
        const [skipped] = kids(c, 'skipped');
        expect(skipped.attrs.message).toBe(`suppressed: ${f.suppression.justification} (owner ${f.suppression.owner}, until ${f.suppression.expires}, declared at ${f.suppression.declaredAt}) — fails: ${f.message}`);
        expect(kids(c, 'failure')).toHaveLength(0);
      } else if (f.status === 'unknown') {
        const [skipped] = kids(c, 'skipped');
        expect(skipped.attrs.message).toBe(`could not be determined: ${f.message} (variable x has no value)`);
      } else {
        expect(c.children).toHaveLength(0);
      }
    }
  });

  it('has correct count attributes on every suite and on the root', () => {
    const r = sampleResult(100);
    const root = parse(r);
    const sum = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const suite of kids(root, 'testsuite')) {
      const cases = kids(suite, 'testcase');
      const count = (el: string) => cases.filter((c) => kids(c, el).length > 0).length;
      expect(Number(suite.attrs.tests)).toBe(cases.length);
      expect(Number(suite.attrs.failures)).toBe(count('failure'));
      expect(Number(suite.attrs.errors)).toBe(count('error'));
      expect(Number(suite.attrs.skipped)).toBe(count('skipped'));
      sum.tests += cases.length;
      sum.failures += count('failure');
      sum.errors += count('error');
      sum.skipped += count('skipped');
    }
    expect(Number(root.attrs.tests)).toBe(sum.tests);
    expect(Number(root.attrs.failures)).toBe(sum.failures);
    expect(Number(root.attrs.errors)).toBe(sum.errors);
    expect(Number(root.attrs.skipped)).toBe(sum.skipped);
    // And they agree with the result itself.
    expect(sum.failures).toBe(r.findings.filter((f) => f.status === 'fail' && !f.suppression).length);
    expect(sum.errors).toBe(r.errors.length);
    expect(sum.tests).toBe(r.findings.length + r.errors.length + r.coverage.length);
    expect(root.attrs.time).toBe('2.500');
    expect(root.attrs.timestamp).toBe(r.startedAt);
  });

  it('reports input errors as errors and unassessed parts as skipped', () => {
    const root = parse(sampleResult());
    const suite = kids(root, 'testsuite').find((s) => s.attrs.name === 'resilint: inputs and coverage')!;
    const [input, coverage] = kids(suite, 'testcase');
    expect(input.attrs).toMatchObject({ classname: 'resilint.input', name: 'infra/broken.tf:3:7', file: 'infra/broken.tf', line: '3' });
    expect(kids(input, 'error')[0].attrs).toEqual({ message: 'Invalid expression; Expected the start of an expression', type: 'parse' });
    expect(coverage.attrs.classname).toBe('resilint.coverage');
    expect(kids(coverage, 'skipped')[0].attrs.message).toBe('not assessed: AccessDenied: sts:AssumeRole denied');
  });

  it('escapes the hostile sample so that every string reads back exactly', () => {
    const r = sampleResult(40, { hostile: true });
    const xml = renderJunit(r);
    const root = parseXml(xml);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<img');
    const attrsAndText = (el: XmlElement): string[] => [...Object.values(el.attrs), el.text, ...el.children.flatMap(attrsAndText)];
    const all = attrsAndText(root);
    for (const h of [HOSTILE.script, HOSTILE.attr, HOSTILE.markdown]) expect(all.some((s) => s.includes(h))).toBe(true);
    const failure = kids(kids(root, 'testsuite')[0], 'testcase').flatMap((c) => kids(c, 'failure'))[0];
    expect(failure.attrs.message).toBe(r.findings[0].message); // `<script>…` round-trips
    const input = kids(root, 'testsuite').at(-1)!.children[0];
    expect(input.attrs.file).toBe(`infra/${HOSTILE.script}.tf`);
  });

  it('keeps newlines and tabs in attributes as character references, and strips characters XML 1.0 forbids', () => {
    expect(xmlAttr('a\nb\tc"d\'e<f>&')).toBe('a&#10;b&#9;c&quot;d&apos;e&lt;f&gt;&amp;');
    expect(xmlText('a\u0000b\u0007c\uFFFEd\uD800e\u{1F600}f]]>')).toBe('abcde\u{1F600}f]]&gt;');
    const r = sampleResult();
    r.findings[0].message = 'line1\nline2\u0000\u001B[31m\uDC00 ok';
    const root = parse(r);
    const failure = kids(kids(root, 'testsuite')[0], 'testcase').flatMap((c) => kids(c, 'failure'))[0];
    // &#10; survives attribute-value normalization (a raw newline would become a space); NUL, ESC and the lone surrogate are gone.
    expect(failure.attrs.message).toBe('line1\nline2[31m ok');
  });

  it('is pure: same input, same output, input untouched', () => {
    const r = sampleResult(40, { hostile: true });
    const before = JSON.stringify(r);
    expect(renderJunit(r)).toBe(renderJunit(r));
    expect(JSON.stringify(r)).toBe(before);
  });
});
