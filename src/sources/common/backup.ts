/**
 * AWS Backup pieces every source shares: a selection's resource list read
 * into graph ids, ARN patterns and unknowns, and the copy action's Region.
 */
import type { BackupSelection, BackupTagCondition } from '../../graph/types.js';
import { isUnknown, Unknown, type Maybe } from '../../graph/values.js';
import { arnRegion } from '../../analysis/backup.js';

/** One entry of a selection's resource list as a source resolved it. */
export type SelectionEntry = { id: string } | { pattern: string } | { unknown: string } | { ignore: true };

export function emptySelection(name: Maybe<string>, declaredBy: string): BackupSelection {
  return {
    name,
    declaredBy,
    resourceIds: [],
    resourcePatterns: [],
    unknownResources: [],
    notResourceIds: [],
    notResourcePatterns: [],
    unknownNotResources: [],
    anyOfTags: undefined,
    allOfTags: undefined,
  };
}

/** Add resolved entries to the selection's resources (`not` = NotResources). */
export function addEntries(sel: BackupSelection, entries: SelectionEntry[], not = false): void {
  for (const e of entries) {
    if ('id' in e) (not ? sel.notResourceIds : sel.resourceIds).push(e.id);
    else if ('pattern' in e) (not ? sel.notResourcePatterns : sel.resourcePatterns).push(e.pattern);
    else if ('unknown' in e) (not ? sel.unknownNotResources : sel.unknownResources).push(e.unknown);
  }
}

/** `STRINGEQUALS` (ListOfTags / selection_tag type) and the Conditions operator names → our op. */
export function tagOp(name: Maybe<string>): BackupTagCondition['op'] | Unknown {
  if (isUnknown(name)) return name;
  switch ((name ?? 'STRINGEQUALS').toLowerCase().replace(/_/g, '')) {
    case 'stringequals':
      return 'equals';
    case 'stringlike':
      return 'like';
    case 'stringnotequals':
      return 'notEquals';
    case 'stringnotlike':
      return 'notLike';
    default:
      return new Unknown(`unknown condition type "${name}"`);
  }
}

/** The Region a copy goes to: the referenced vault's Region when known, else the ARN's. */
export function copyRegion(arn: Maybe<string>, vaultRegion: string | undefined, vaultAddress: string | undefined): Maybe<string> {
  if (vaultAddress !== undefined) return vaultRegion ?? new Unknown(`the Region of ${vaultAddress} is not known offline (no provider region)`);
  if (arn === undefined) return new Unknown('the copy action names no destination vault');
  return arnRegion(arn);
}
