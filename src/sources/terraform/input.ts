/**
 * What the Terraform normalizer reads of a resource instance.
 *
 * Two sources feed it: the HCL evaluator's instances (`instanceInput`) and
 * the plan source's planned resources (plan/index.ts). Both locate
 * attributes, read static references and inline suppressions through a
 * declaration (a `.tf` block, or one synthesized in the plan file), so both
 * build their inputs with `declaredInput`.
 */
import { parseIgnoreComment } from '../common/suppressions.js';
import type { InlineSuppression, InputError, SourceLocation } from '../../graph/types.js';
import { readFileSync } from 'node:fs';
import { attributePosition, location, type Decl } from './config.js';
import type { ParsedFile } from './files.js';
import { attributeReferences } from './compile.js';
import type { ResourceInstance } from './evaluate.js';
import type { Traversal } from './expr/index.js';

export interface NormalizeInput extends Pick<ResourceInstance, 'id' | 'address' | 'blockAddress' | 'type' | 'label' | 'key' | 'prefix' | 'value'> {
  /** Module instance segments: `['module.db[0]', 'module.sub']`, `[]` in the root module. */
  modulePath: string[];
  /** Region of the resource, when the configuration says it (its provider configuration's, or its own `region` argument). */
  region?: string;
  /** Where an attribute path is written; the block header without one, or when it is not written. */
  locate(attribute?: string): SourceLocation;
  /** Static references of a top-level attribute's expression. */
  references(attribute: string): readonly Traversal[];
  /**
   * Where `needles` are written, in order, from `attribute` to the end of the
   * declaration (the position of the last one): for values inside an
   * expression the locator does not descend into (`jsonencode([...])`).
   */
  findText?(needles: readonly string[], attribute: string): SourceLocation | undefined;
  /** The resource's `resilint:ignore` comments, then those of the module calls containing it; malformed ones are added to `errors`. */
  suppressions(errors: InputError[]): InlineSuppression[];
}

/**
 * `# resilint:ignore …` comments in a declaration or in the run of comment
 * lines directly above it, parsed once per declaration (a module call's
 * count for every resource in the module): use one per normalize() run.
 */
export class DeclSuppressions {
  private readonly byDecl = new Map<Decl, InlineSuppression[]>();

  of(decl: Decl, errors: InputError[]): InlineSuppression[] {
    let list = this.byDecl.get(decl);
    if (list) return list;
    list = [];
    for (const c of decl.block?.comments ?? []) {
      if (!c.text.includes('resilint:ignore')) continue;
      const loc = { file: decl.file.file, line: c.line, column: c.column };
      const parsed = parseIgnoreComment(c.text, loc);
      if (!parsed) continue;
      if ('error' in parsed) errors.push({ ...loc, kind: 'suppression', message: parsed.error });
      else list.push(parsed);
    }
    this.byDecl.set(decl, list);
    return list;
  }
}

/** An input located by its declaration; `moduleCalls` are the `module` blocks that contain it, innermost first. */
export function declaredInput(
  fields: Omit<NormalizeInput, 'locate' | 'references' | 'suppressions'>,
  decl: Decl,
  moduleCalls: Decl[],
  suppressions: DeclSuppressions,
): NormalizeInput {
  return {
    ...fields,
    locate: (attribute) => location(decl, attribute),
    references: (attribute) => attributeReferences(decl, attribute),
    findText: (needles, attribute) => findInDecl(decl, needles, attribute),
    suppressions: (errors) => [decl, ...moduleCalls].flatMap((d) => suppressions.of(d, errors)),
  };
}

/** File lines, read once per parsed file and only when asked (few declarations need them). */
const fileLines = new WeakMap<ParsedFile, string[] | null>();

function linesOf(file: ParsedFile): string[] | null {
  let lines = fileLines.get(file);
  if (lines === undefined) {
    try {
      lines = readFileSync(file.path, 'utf8').split(/\r?\n/);
    } catch {
      lines = null;
    }
    fileLines.set(file, lines);
  }
  return lines;
}

function findInDecl(decl: Decl, needles: readonly string[], attribute: string): SourceLocation | undefined {
  const start = attributePosition(decl, attribute);
  const end = decl.block?.endLine;
  if (!start || end === undefined || needles.length === 0) return undefined;
  const lines = linesOf(decl.file);
  if (!lines) return undefined;
  let line = start.line;
  let from = start.column - 1;
  let at = from;
  for (const needle of needles) {
    let found = false;
    for (; line <= end && line <= lines.length; line++, from = 0) {
      const k = lines[line - 1].indexOf(needle, from);
      if (k >= 0) {
        at = k;
        from = k + needle.length;
        found = true;
        break;
      }
    }
    if (!found) return undefined;
  }
  return { file: decl.file.file, line, column: at + 1 };
}

/** An evaluated HCL resource instance as normalizer input. */
export function instanceInput(ri: ResourceInstance, suppressions: DeclSuppressions): NormalizeInput {
  const moduleCalls: Decl[] = [];
  for (let m: ResourceInstance['module'] | undefined = ri.module; m; m = m.parent) if (m.sm.call) moduleCalls.push(m.sm.call);
  const { id, address, blockAddress, type, label, key, prefix, value } = ri;
  return declaredInput({ id, address, blockAddress, type, label, key, prefix, modulePath: ri.module.segments, value }, ri.decl, moduleCalls, suppressions);
}
