import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json is), from src/ or from dist/src/. */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    try {
      const pkg = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'resilint') return d;
    } catch {
      // not here: keep walking up
    }
    if (dirname(d) === d) throw new Error(`resilint package.json not found above ${dir}`);
  }
}

export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const schemas = new Map<string, object>();
/** A JSON Schema shipped in schemas/. */
export function loadSchema(name: string): object {
  let s = schemas.get(name);
  if (!s) {
    s = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', name), 'utf8')) as object;
    schemas.set(name, s);
  }
  return s;
}
