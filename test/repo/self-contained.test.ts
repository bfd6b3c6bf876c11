/**
 * The project stands alone: a clone or the published package has no team
 * folder beside it, so nothing in the repository may point outside it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', '.git', 'test-output', 'resilint-report', '.ci']);
const OUTSIDE = /\.\.\/shared\b|\bshared\/(REQUIREMENTS|DESIGN|STYLE|seeds)\b/;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) yield* files(path);
    else if (st.isFile() && st.size < 4_000_000) yield path;
  }
}

describe('the repository is self-contained', () => {
  it('no file refers to the team folder outside the repository', () => {
    const offenders: string[] = [];
    for (const f of files(root)) {
      const text = readFileSync(f, 'utf8');
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (OUTSIDE.test(line)) offenders.push(`${relative(root, f)}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('has its requirement catalogue and architecture in docs/', () => {
    expect(readFileSync(join(root, 'docs', 'requirements.md'), 'utf8')).toMatch(/^# Requirements catalogue/);
    expect(readFileSync(join(root, 'docs', 'architecture.md'), 'utf8')).toMatch(/Data flows one way/);
  });
});
