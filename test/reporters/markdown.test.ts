import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult } from '../../src/engine/result.js';
import { SEVERITIES } from '../../src/policy/types.js';
import { mdCode, mdText, renderMarkdown } from '../../reporters/markdown.js';
import { HOSTILE, sampleResult } from '../support/sample-result.js';

/** Split a GFM table row into cells on unescaped pipes (what GitHub's table parser does). */
function cells(row: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (c === '\\' && row[i + 1] === '|') {
      cur += '\\|';
      i++;
    } else if (c === '|') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out.slice(1, -1); // leading and trailing pipes
}

/** The table that starts right after a line matching `header`. */
function table(md: string, header: RegExp): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|') && header.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let i = start; i < lines.length && lines[i].startsWith('|'); i++) rows.push(cells(lines[i]));
  return rows;
}

/**
 * Inline text outside code spans (CommonMark: a run of n backticks opens a
 * span closed by the next run of exactly n). Inside spans nothing is Markdown
 * or HTML, so safety checks look at what is left.
 */
function outsideCode(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\\' && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] === '`') {
      let n = 0;
      while (line[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      let j = i + n;
      let close = -1;
      while ((j = line.indexOf(fence, j)) !== -1) {
        if (line[j - 1] !== '`' && line[j + n] !== '`') {
          close = j;
          break;
        }
        j += n;
      }
      if (close === -1) {
        out += fence;
        i += n;
        continue;
      }
      out += 'CODE';
      i = close + n;
      continue;
    }
    out += line[i];
    i++;
  }
  return out;
}

const activeFails = (r: ScanResult) => r.findings.filter((f) => f.status === 'fail' && !f.suppression);

describe('Markdown reporter: verdict and counts', () => {
  it('starts with a heading that gives the verdict', () => {
    const r = sampleResult();
    const md = renderMarkdown(r);
    expect(md.split('\n')[0]).toBe(`## ❌ resilint: ${activeFails(r).length} failing findings — scan incomplete`);

    const clean = sampleResult();
    clean.findings = clean.findings.filter((f) => f.status === 'pass');
    clean.errors = [];
    clean.coverage = [];
    clean.summary.complete = true;
    expect(renderMarkdown(clean).split('\n')[0]).toBe('## ✅ resilint: no failing findings');

    const unknownOnly = sampleResult();
    unknownOnly.findings = unknownOnly.findings.filter((f) => f.status !== 'fail');
    expect(renderMarkdown(unknownOnly).split('\n')[0]).toBe(`## ⚠️ resilint: no failing findings, ${unknownOnly.findings.filter((f) => f.status === 'unknown').length} could not be determined — scan incomplete`);
  });

  it('counts status × severity, with suppressed apart', () => {
    const r = sampleResult();
    const rows = table(renderMarkdown(r), /^\| Status \|/);
    expect(rows[0]).toEqual(['Status', ...SEVERITIES, 'Total']);
    const byLabel = new Map(rows.slice(2).map((row) => [row[0], row.slice(1).map(Number)]));
    const expectRow = (label: string, match: (f: Finding) => boolean) => {
      const group = r.findings.filter(match);
      expect(byLabel.get(label)).toEqual([...SEVERITIES.map((s) => group.filter((f) => f.severity === s).length), group.length]);
    };
    expectRow('❌ Failing', (f) => f.status === 'fail' && !f.suppression);
    expectRow('🔕 Suppressed', (f) => f.status !== 'pass' && Boolean(f.suppression));
    expectRow('❓ Unknown', (f) => f.status === 'unknown');
    expectRow('✅ Passing', (f) => f.status === 'pass');
    expect(byLabel.get('🔕 Suppressed')!.at(-1)).toBe(4);
    expect([...byLabel.keys()].some((k) => k.includes('new'))).toBe(false);
  });

  it('splits failures into new and baselined when a baseline was used', () => {
    const r = sampleResult();
    activeFails(r).forEach((f, i) => (f.baselineState = i < 3 ? 'new' : 'unchanged'));
    const md = renderMarkdown(r);
    const total = activeFails(r).length;
    expect(md.split('\n')[0]).toBe(`## ❌ resilint: 3 new failing findings (${total - 3} baselined) — scan incomplete`);
    const rows = table(md, /^\| Status \|/);
    expect(rows.find((row) => row[0].endsWith('new'))!.at(-1)).toBe('3');
    expect(rows.find((row) => row[0].endsWith('baselined'))!.at(-1)).toBe(String(total - 3));
    // New failures come first within a severity and are marked.
    const top = table(md, /^\| Severity \| Rule \|/).slice(2);
    expect(top.filter((row) => row[0].includes('**new**'))).toHaveLength(3);

    activeFails(r).forEach((f) => (f.baselineState = 'unchanged'));
    expect(renderMarkdown(r).split('\n')[0]).toBe(`## ⚠️ resilint: no new failing findings (${total} baselined) — scan incomplete`);
  });

  it('has a by-tier line', () => {
    const r = sampleResult();
    const line = renderMarkdown(r).split('\n').find((l) => l.startsWith('**By tier:**'))!;
    for (const tier of r.policy.tiers) {
      const g = r.findings.filter((f) => f.resource.tier === tier);
      const fail = g.filter((f) => f.status === 'fail' && !f.suppression).length;
      const unknown = g.filter((f) => f.status === 'unknown').length;
      const pass = g.filter((f) => f.status === 'pass').length;
      expect(line).toContain(`${tier}: ${fail} failing, ${unknown} unknown, ${pass} passing`);
    }
  });
});

describe('Markdown reporter: findings', () => {
  it('lists the top 20 failing findings, by severity then file, and says how many more', () => {
    const r = sampleResult(100);
    const md = renderMarkdown(r);
    const fails = activeFails(r);
    expect(fails.length).toBeGreaterThan(20);
    expect(md).toContain(`### Failing findings (top 20 of ${fails.length})`);
    const rows = table(md, /^\| Severity \| Rule \|/);
    expect(rows[0]).toEqual(['Severity', 'Rule', 'Resource', 'Tier', 'Location', 'Message']);
    const body = rows.slice(2);
    expect(body).toHaveLength(20);
    const sevRank = body.map((row) => SEVERITIES.findIndex((s) => row[0].endsWith(s)));
    expect(sevRank.every((x) => x >= 0)).toBe(true);
    expect([...sevRank].sort((a, b) => a - b)).toEqual(sevRank);
    // Within a severity, files are in order (live resources after files).
    for (let i = 1; i < body.length; i++) {
      if (sevRank[i] !== sevRank[i - 1]) continue;
      const a = body[i - 1][4];
      const b = body[i][4];
      const fileA = a.match(/^`(infra\/[^:]+):/)?.[1] ?? '\uFFFF';
      const fileB = b.match(/^`(infra\/[^:]+):/)?.[1] ?? '\uFFFF';
      expect(fileA <= fileB).toBe(true);
    }
    expect(md).toContain(`…and ${fails.length - 20} more failing findings in the full report.`);
    // Suppressed failures are counted, not listed.
    for (const f of r.findings.filter((x) => x.suppression)) expect(md).not.toContain(mdCode(f.resource.address) + ' |');

    const five = table(renderMarkdown(r, { top: 5 }), /^\| Severity \| Rule \|/).slice(2);
    expect(five).toHaveLength(5);
    expect(five).toEqual(body.slice(0, 5));
  });

  it('shows file:line for IaC and account / region / ARN for live resources', () => {
    const r = sampleResult();
    const rows = table(renderMarkdown(r), /^\| Severity \| Rule \|/).slice(2);
    const iac = activeFails(r).find((f) => f.location)!;
    const live = activeFails(r).find((f) => !f.location)!;
    const iacRow = rows.find((row) => row[2] === mdCode(iac.resource.address))!;
    expect(iacRow[4]).toBe(mdCode(`${iac.location!.file}:${iac.location!.line}`));
    expect(iacRow[1]).toBe(mdCode(iac.ruleId));
    expect(iacRow[3]).toBe(iac.resource.tier);
    const liveRow = rows.find((row) => row[2] === mdCode(live.resource.address))!;
    expect(liveRow[4]).toBe(mdCode(`${live.resource.accountName} (${live.resource.accountId}) / ${live.resource.region}`));
    // The ARN is the resource column for this live resource; when the address is not the ARN, the location carries it.
    live.resource.address = 'rds-cluster/svc';
    const rows2 = table(renderMarkdown(r), /^\| Severity \| Rule \|/).slice(2);
    expect(rows2.find((row) => row[2] === mdCode('rds-cluster/svc'))![4]).toContain(live.resource.arn!);
  });

  it('counts unknowns and gives the first few reasons', () => {
    const r = sampleResult();
    const md = renderMarkdown(r);
    const unknowns = r.findings.filter((f) => f.status === 'unknown');
    expect(md).toContain(`❓ **${unknowns.length} results could not be determined**`);
    const items = md.split('\n').filter((l) => l.startsWith('- `') && l.includes('cannot be determined'));
    expect(items).toHaveLength(5);
    expect(items[0]).toContain('variable x has no value');
    expect(md).toContain(`- …and ${unknowns.length - 5} more`);
    expect(renderMarkdown(r, { details: 2 }).split('\n').filter((l) => l.includes('cannot be determined'))).toHaveLength(2);
  });

  it('reports input errors and parts not assessed', () => {
    const md = renderMarkdown(sampleResult());
    expect(md).toContain('⚠️ **1 input could not be read**; its resources were not assessed:');
    expect(md).toContain('- `infra/broken.tf:3:7` (parse): Invalid expression; Expected the start of an expression');
    expect(md).toContain('⚠️ **1 part of the estate could not be assessed:**');
    expect(md).toContain('- `technova-mfg-prod-app (999900001111)` `AccessDenied`: sts:AssumeRole denied');
  });

  it('ends with the report link only when given', () => {
    const r = sampleResult();
    expect(renderMarkdown(r)).not.toContain('Full report');
    const md = renderMarkdown(r, { reportLink: 'resilint-report/report.html' });
    expect(md.trimEnd().split('\n').at(-1)).toBe('Full report: `resilint-report/report.html`');
    const url = renderMarkdown(r, { reportLink: 'https://github.com/o/r/actions/runs/1#artifacts' });
    expect(url.trimEnd().split('\n').at(-1)).toBe('Full report: <https://github.com/o/r/actions/runs/1#artifacts>');
  });

  it('stays compact for large scans (fits a PR comment)', () => {
    const md = renderMarkdown(sampleResult(3000));
    expect(md.length).toBeLessThan(65_536);
    expect(table(md, /^\| Severity \| Rule \|/).slice(2)).toHaveLength(20);
  });
});

describe('Markdown reporter: escaping', () => {
  it('escapes text for GFM tables: pipes, backticks, HTML, newlines, links, emphasis, mentions', () => {
    expect(mdText('a | b')).toBe('a \\| b');
    expect(mdText('`x`')).toBe('\\`x\\`');
    expect(mdText('<img src=x>')).toBe('&lt;img src=x&gt;');
    expect(mdText('a\nb\r\nc')).toBe('a b c');
    expect(mdText('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))');
    expect(mdText('**b** _i_ ~s~ $m$')).toBe('\\*\\*b\\*\\* \\_i\\_ \\~s\\~ \\$m\\$');
    expect(mdText('ping @octocat')).toBe('ping @\u200Boctocat');
    expect(mdText('a\\|b')).toBe('a\\\\\\|b');
    expect(mdText('x'.repeat(500)).length).toBe(200);
  });

  it('puts identifiers in code spans that nothing can break out of', () => {
    expect(mdCode('module.a.aws_db_instance.b')).toBe('`module.a.aws_db_instance.b`');
    expect(mdCode('a|b')).toBe('`a\\|b`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`a')).toBe('`` `a ``');
    expect(mdCode('a\nb')).toBe('`a b`');
    expect(mdCode('')).toBe('');
  });

  it('renders the hostile sample without breaking tables or injecting markup', () => {
    const r = sampleResult(40, { hostile: true });
    r.findings[0].message = `${HOSTILE.markdown}\n| injected | row | x | y | z | w |`;
    r.findings[0].resource.tier = 'crit|cal';
    r.errors.push({ file: 'infra/`x`|y.tf', line: 1, kind: 'parse', message: '@admins <b>bold</b>' });
    const md = renderMarkdown(r, { reportLink: 'report.html' });

    // Every table row has exactly its header's number of cells.
    for (const header of [/^\| Status \|/, /^\| Severity \| Rule \|/]) {
      const rows = table(md, header);
      for (const row of rows) expect(row).toHaveLength(rows[0].length);
    }
    expect(md).not.toMatch(/^\| injected/m);
    const lines = md.split('\n');
    for (const line of lines) {
      const text = outsideCode(line);
      expect(text).not.toMatch(/<[a-z/!?]/i); // no HTML tags outside code spans
      expect(text).not.toMatch(/(?<!\\)\]\(/); // no link can open
      expect(text).not.toMatch(/(?<!\\)\*\*bold/); // no emphasis from data
      expect(text).not.toMatch(/@admins/); // no mention
    }
    // The hostile strings are still there, as text.
    expect(md).toContain(`- \`infra/${HOSTILE.script}.tf:3:7\` (parse)`); // inside a code span: literal text
    expect(md).toContain("' onmouseover='window.\\_\\_pwned=3' x='");
    expect(md).toContain('@\u200Badmins &lt;b&gt;bold&lt;/b&gt;');
    expect(md).toContain('\\](javascript:alert(1)) \\*\\*bold\\*\\* \\| pipe');
    expect(md).toContain('``infra/`x`\\|y.tf:1``');
    expect(md).toContain('crit\\|cal');
  });

  it('is pure: same input, same output, input untouched', () => {
    const r = sampleResult(40, { hostile: true });
    const before = JSON.stringify(r);
    expect(renderMarkdown(r)).toBe(renderMarkdown(r));
    expect(JSON.stringify(r)).toBe(before);
  });
});
