// Prints vitest's JSON results; the last line is the plain count CI reads: "N passed, N failed".
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let r;
try {
  r = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log(`no test results in ${file}: ${e.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = r.numPassedTests ?? 0;
// A test file that fails to load counts as a failure even though it has no test cases.
const failed = (r.numFailedTests ?? 0) + (r.testResults ?? []).filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
if (skipped) console.log(`${skipped} skipped (see the vitest output above for which and why)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
