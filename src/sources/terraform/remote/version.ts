/**
 * Terraform's module version constraints (`version = "~> 5.0"`): the
 * operators `=` (or none), `!=`, `>`, `>=`, `<`, `<=`, `~>`, comma-separated
 * and all required. As in Terraform, a pre-release is selected only by an
 * exact (`=` or no operator) condition naming it; inexact operators never
 * match one.
 */

export interface Version {
  /** Numeric segments, at least three (missing ones are 0). */
  segments: number[];
  /** Number of segments written (`~>` depends on it). */
  written: number;
  prerelease: string;
  text: string;
}

const VERSION_RE = /^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text.trim());
  if (!m) return undefined;
  const written = m[1].split('.').map(Number);
  if (written.some((n) => !Number.isSafeInteger(n))) return undefined;
  const segments = [...written];
  while (segments.length < 3) segments.push(0);
  return { segments, written: written.length, prerelease: m[2] ?? '', text: text.trim() };
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  // A release sorts after any of its pre-releases.
  if (!a) return 1;
  if (!b) return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (i >= pa.length) return -1;
    if (i >= pb.length) return 1;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb) {
      const d = Number(pa[i]) - Number(pb[i]);
      if (d) return Math.sign(d);
    } else if (na !== nb) {
      return na ? -1 : 1;
    } else if (pa[i] !== pb[i]) {
      return pa[i] < pb[i] ? -1 : 1;
    }
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const d = (a.segments[i] ?? 0) - (b.segments[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';

interface Condition {
  op: Operator;
  version: Version;
}

export interface Constraint {
  text: string;
  conditions: Condition[];
}

export class ConstraintError extends Error {}

const CONDITION_RE = /^(=|!=|>=|<=|>|<|~>)?\s*(\S+)$/;

/** Parse a constraint; the empty string allows every release. Throws ConstraintError with the offending part. */
export function parseConstraint(text: string): Constraint {
  const conditions: Condition[] = [];
  if (text.trim() === '') return { text, conditions };
  for (const part of text.split(',')) {
    const m = CONDITION_RE.exec(part.trim());
    const version = m ? parseVersion(m[2]) : undefined;
    if (!m || !version) throw new ConstraintError(`invalid version constraint "${text}": cannot read "${part.trim()}"`);
    conditions.push({ op: (m[1] as Operator | undefined) ?? '=', version });
  }
  return { text, conditions };
}

function holds(c: Condition, v: Version): boolean {
  const d = compareVersions(v, c.version);
  switch (c.op) {
    case '=':
      return d === 0;
    case '!=':
      return d !== 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '~>': {
      // Only the rightmost written segment may grow: ~> 1.2 is >= 1.2, < 2.0; ~> 1.2.3 is >= 1.2.3, < 1.3.0.
      if (d < 0) return false;
      const fixed = Math.max(1, c.version.written - 1);
      for (let i = 0; i < fixed; i++) if (v.segments[i] !== c.version.segments[i]) return false;
      return true;
    }
  }
}

export function satisfies(v: Version, c: Constraint): boolean {
  if (v.prerelease && !c.conditions.some((k) => k.op === '=' && compareVersions(k.version, v) === 0)) return false;
  return c.conditions.every((k) => holds(k, v));
}

/** The newest of `available` that satisfies the constraint (unparseable entries are skipped). */
export function newestMatching(available: readonly string[], c: Constraint): string | undefined {
  let best: Version | undefined;
  for (const text of available) {
    const v = parseVersion(text);
    if (!v || !satisfies(v, c)) continue;
    if (!best || compareVersions(v, best) > 0) best = v;
  }
  return best?.text;
}
