/**
 * The two published schemas, compiled once per test file: our JSON report
 * (draft-07) and the official SARIF 2.1.0 schema (draft-04, vendored).
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as object;

// Both are CommonJS whose typings declare `export default`; under NodeNext the default import is module.exports,
// and module.exports.default is the same class / plugin.
const reportAjv = new Ajv({ allErrors: true, strict: true });
addFormats.default(reportAjv);
const sarifAjv = new Ajv04.default({ allErrors: true, strict: false });
addFormats.default(sarifAjv);

export const validateReport = reportAjv.compile(load('report.schema.json'));
export const validateSarif = sarifAjv.compile(load('sarif-schema-2.1.0.json'));

/** Throws with ajv's messages when `doc` is not a valid SARIF 2.1.0 log. */
export function assertSarif(doc: unknown): void {
  if (!validateSarif(doc)) throw new Error(`SARIF does not validate:\n${sarifAjv.errorsText(validateSarif.errors, { separator: '\n' })}`);
}

/** Throws with ajv's messages when `doc` is not a valid resilint JSON report. */
export function assertReport(doc: unknown): void {
  if (!validateReport(doc)) throw new Error(`JSON report does not validate:\n${reportAjv.errorsText(validateReport.errors, { separator: '\n' })}`);
}
