// Runs ESLint (type-aware, eslint.config.js) and knip; prints every ESLint problem as one
// `file:line:col  rule  message` line and ends with the count line "lint: N errors, N warnings".
// Exit 1 on any ESLint problem (warnings too) or knip finding.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

mkdirSync('test-output', { recursive: true });
const out = 'test-output/eslint.json';
const eslint = spawnSync('npx', ['eslint', '.', '-f', 'json', '-o', out], { stdio: ['ignore', 'inherit', 'inherit'] });
let errors = 0;
let warnings = 0;
try {
  for (const file of JSON.parse(readFileSync(out, 'utf8'))) {
    for (const m of file.messages) {
      if (m.severity === 2) errors++;
      else warnings++;
      console.log(`${relative(process.cwd(), file.filePath)}:${m.line}:${m.column}  ${m.ruleId ?? 'parse'}  ${m.message}`);
    }
  }
} catch (e) {
  console.log(`eslint produced no results (${e.message})`);
  errors++;
}
if (eslint.status !== 0 && errors === 0 && warnings === 0) errors++;
const knip = spawnSync('npx', ['knip', '--no-progress'], { stdio: 'inherit' });
console.log(`lint: ${errors} error(s), ${warnings} warning(s)${knip.status === 0 ? '' : ', knip found unused files or dependencies (above)'}`);
process.exit(errors + warnings > 0 || knip.status !== 0 ? 1 : 0);
