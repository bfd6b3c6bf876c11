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

interface PackageJson {
  repository?: string | { url?: string };
  bugs?: string | { url?: string };
}
const PKG = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageJson;

/** The repository's web address from package.json `repository` (`git+https://…/x.git` → `https://…/x`). */
export const REPOSITORY_URL: string | undefined = (() => {
  const raw = typeof PKG.repository === 'string' ? PKG.repository : PKG.repository?.url;
  return raw?.replace(/^git\+/, '').replace(/\.git$/, '');
})();

/** Where to report a bug: package.json `bugs`, else the repository's issues. */
export const BUGS_URL: string | undefined = (typeof PKG.bugs === 'string' ? PKG.bugs : PKG.bugs?.url) ?? (REPOSITORY_URL ? `${REPOSITORY_URL}/issues` : undefined);

/** The web page of a rule's documentation (`docs/rules/<id>.md` on the default branch). */
export function ruleDocsUrl(ruleId: string): string | undefined {
  return REPOSITORY_URL ? `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md` : undefined;
}
