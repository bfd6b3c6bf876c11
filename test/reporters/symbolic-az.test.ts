/**
 * Symbolic AZs ("element i of AZ list L") in messages and evidence are shown
 * by their label in every format, never as "unknown (…)"; the JSON report
 * keeps their structure and still validates against its schema.
 */
import { describe, expect, it } from 'vitest';
import { readableValue, showValue, symbolicAzLabel, unknownReason } from '../../reporters/common.js';
import { renderReport } from '../../reporters/index.js';
import { mdText } from '../../reporters/markdown.js';
import type { Finding } from '../../src/engine/result.js';
import { assertReport, assertSarif, validateReport } from '../support/schemas.js';
import { AZ1, AZ2, AZ_LIST_LABEL, AZ_WRAPPED, symbolicAzResult } from '../support/symbolic-az-result.js';

const result = symbolicAzResult();
const byAddress = (address: string): Finding => result.findings.find((f) => f.resource.address === address)!;
const FAIL = 'aws_subnet.private[0]';
const PASS = 'aws_subnet.private[1]';
const UNKNOWN = 'aws_subnet.private[2]';
/** How an unaware reporter would print a symbolic AZ (Unknown.toString / "unknown: reason"). */
const UNKNOWN_AZ = /unknown[:( ]*AZ #/i;

describe('the sample', () => {
  it('has one failing, one passing and one unknown result, each with symbolic AZs in message and evidence', () => {
    expect(result.findings.map((f) => [f.resource.address, f.status, f.severity, f.location?.file, f.location?.line])).toEqual([
      [FAIL, 'fail', 'high', 'vpc.tf', 11],
      [PASS, 'pass', 'high', 'vpc.tf', 21],
      [UNKNOWN, 'unknown', 'high', 'vpc.tf', 31],
    ]);
    expect(byAddress(FAIL).message).toBe(`private[0] is in ${AZ1}, like ${AZ1}`);
    expect(byAddress(UNKNOWN).message).toBe(`private[2]: cannot tell whether ${AZ_WRAPPED} is one of ${AZ1}, ${AZ2}: variable az_count has no value`);
    expect(symbolicAzLabel(byAddress(FAIL).evidence!.actual)).toBe(AZ1);
  });
});

describe('common helpers', () => {
  it('show a symbolic AZ by its label, in memory and after JSON alike', () => {
    const inMemory = byAddress(FAIL).evidence!;
    const parsed = JSON.parse(JSON.stringify(inMemory)) as typeof inMemory;
    for (const e of [inMemory, parsed]) {
      expect(showValue(e.actual)).toBe(AZ1);
      expect(showValue(e.expected)).toBe(`{"azs":["${AZ1}","${AZ2}"]}`);
      expect(readableValue(e)).toEqual({ attribute: 'availability_zone', expected: { azs: [AZ1, AZ2] }, actual: AZ1 });
    }
    // Other unknowns keep saying they are unknown.
    expect(showValue({ unknown: true, reason: 'variable x has no value' })).toBe('(unknown: variable x has no value)');
    expect(symbolicAzLabel({ unknown: true, reason: 'variable x has no value' })).toBeUndefined();
  });

  it('never give a symbolic AZ as the reason a result is unknown', () => {
    expect(unknownReason(byAddress(UNKNOWN))).toBe('variable az_count has no value');
    expect(unknownReason(byAddress(FAIL))).toBeUndefined();
  });
});

describe('every format', () => {
  it('json keeps the structure, with the label as reason, and validates against the schema', () => {
    const report = JSON.parse(renderReport(result, 'json'));
    assertReport(report);
    const f = report.findings.find((x: Finding) => x.resource.address === FAIL);
    expect(f.evidence.actual).toEqual({ unknown: true, reason: AZ1, az: { list: AZ_LIST_LABEL, index: 0 } });
    expect(f.evidence.expected.azs[1]).toEqual({ unknown: true, reason: AZ2, az: { list: AZ_LIST_LABEL, index: 1 } });
    const u = report.findings.find((x: Finding) => x.resource.address === UNKNOWN);
    expect(u.evidence.actual.az).toEqual({ unknown: true, reason: AZ_WRAPPED, az: { list: AZ_LIST_LABEL, index: 2, wrapped: true } });
    expect(u.message).not.toMatch(UNKNOWN_AZ);

    // The schema describes symbolic AZs and rejects malformed ones anywhere in evidence.
    const bad = structuredClone(report);
    bad.findings[0].evidence.expected.azs[0].az = { list: AZ_LIST_LABEL, index: -1 };
    expect(validateReport(bad)).toBe(false);
    const noReason = structuredClone(report);
    noReason.findings[0].evidence.actual = { unknown: true };
    expect(validateReport(noReason)).toBe(false);
  });

  it('sarif shows labels in the message and the evidence property bag', () => {
    const log = JSON.parse(renderReport(result, 'sarif'));
    assertSarif(log);
    const results = log.runs[0].results as { message: { text: string }; properties: { resourceAddress: string; evidence: unknown; unknownReason?: string } }[];
    const fail = results.find((r) => r.properties.resourceAddress === FAIL)!;
    expect(fail.message.text).toContain(`is in ${AZ1}`);
    expect(fail.properties.evidence).toEqual({ attribute: 'availability_zone', expected: { azs: [AZ1, AZ2] }, actual: AZ1 });
    const unknown = results.find((r) => r.properties.resourceAddress === UNKNOWN)!;
    expect(unknown.properties.evidence).toEqual({ attribute: 'availability_zone', expected: { azs: [AZ1, AZ2] }, actual: { az: AZ_WRAPPED, azCount: { unknown: true, reason: 'variable az_count has no value' } } });
    expect(unknown.properties.unknownReason).toBe('variable az_count has no value');
    expect(JSON.stringify(log)).not.toMatch(UNKNOWN_AZ);
  });

  it('html puts labels in the data block the findings table is drawn from', () => {
    const out = renderReport(result, 'html');
    const data = JSON.parse(/<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(out)![1]);
    const fail = data.findings.find((f: { s: number }) => data.statuses[f.s] === 'fail');
    expect(fail.e).toEqual({ at: expect.any(Number), ex: { azs: [AZ1, AZ2] }, ac: AZ1 });
    const unknown = data.findings.find((f: { s: number }) => data.statuses[f.s] === 'unknown');
    expect(unknown.e.ac).toEqual({ az: AZ_WRAPPED, azCount: { unknown: true, reason: 'variable az_count has no value' } });
    expect(out).toContain(AZ1);
    expect(out).not.toMatch(UNKNOWN_AZ);
    expect(out).not.toContain('"az":{"list"');
  });

  it('markdown shows labels in the failing findings and the unknown reasons', () => {
    const md = renderReport(result, 'markdown');
    expect(md).toContain(`| 🟧 high | \`az-probe\` | \`${FAIL}\` | critical | \`vpc.tf:11\` | ${mdText(`private[0] is in ${AZ1}, like ${AZ1}`)} |`);
    expect(mdText(AZ1)).toBe('AZ #1 of data.aws\\_availability\\_zones.available');
    expect(md).toContain('| 1 | `az-probe` | variable az\\_count has no value |');
    expect(md).not.toMatch(UNKNOWN_AZ);
  });

  it('text shows labels in messages and, with -v, in the evidence', () => {
    const text = renderReport(result, 'text', { verbose: true });
    expect(text).toContain(`      vpc.tf:11:3  private[0] is in ${AZ1}, like ${AZ1}`);
    expect(text).toContain(`      expected {"azs":["${AZ1}","${AZ2}"]} · found ${AZ1}`);
    expect(text).toContain(`      found ${AZ2}`);
    expect(text).toContain(`      expected {"azs":["${AZ1}","${AZ2}"]} · found {"az":"${AZ_WRAPPED}","azCount":{"unknown":true,"reason":"variable az_count has no value"}}`);
    expect(text).not.toMatch(UNKNOWN_AZ);
  });

  it('junit shows labels in the failure body', () => {
    const xml = renderReport(result, 'junit');
    expect(xml).toContain(`Actual:       ${AZ1}`);
    expect(xml).toContain(`Expected:     {"azs":["${AZ1}","${AZ2}"]}`);
    expect(xml).toContain('could not be determined: private[2]: cannot tell whether');
    expect(xml).not.toMatch(UNKNOWN_AZ);
  });
});
