/**
 * The organisation's structure: accounts (name, status), the OU path of each
 * account (root → parent), account tags — for selecting accounts and for tier
 * mapping (T-MAP by account name, tag or OU).
 *
 * OU paths come from one walk down the tree (ListRoots,
 * ListOrganizationalUnitsForParent and ListAccountsForParent per OU: a few
 * calls per OU instead of a ListParents chain per account); ListParents is
 * the fallback for an account the walk did not see (moved while listing).
 * Tags cost one ListTagsForResource per account, fetched when needed.
 */
import {
  DescribeOrganizationCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { CoverageGap } from '../../graph/types.js';
import { glob } from '../../policy/tiers.js';
import { classifyError } from './errors.js';

export interface AccountInfo {
  id: string;
  name: string;
  arn?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE (Status), or the newer State values. */
  status: string;
  /** OU ids from the root down to the account's parent (the root itself is not listed). */
  ouPath: string[];
  /** Names of the same OUs. */
  ouNames: string[];
  /** Parent id (OU or root), when known. */
  parentId?: string;
  /** Account tags; undefined until fetched, or when they could not be read. */
  tags?: Record<string, string>;
}

export interface OrganizationInfo {
  id?: string;
  managementAccountId?: string;
  accounts: AccountInfo[];
  ous: Map<string, { name: string; path: string[] }>;
}

export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

async function all<P, T>(pages: AsyncIterable<P>, pick: (p: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

/**
 * Lists the organisation. Failure to list accounts is fatal (nothing to scan);
 * failure to read the OU tree becomes a coverage gap (tiers by OU cannot be
 * decided) and the scan goes on.
 */
export async function readOrganization(client: OrganizationsClient, limit: Limit, gaps: CoverageGap[]): Promise<OrganizationInfo> {
  // The account list (sequential pages) and the OU walk run side by side: the walk does not need the list.
  const [org, listed, tree] = await Promise.all([
    limit(() => client.send(new DescribeOrganizationCommand({}))).then((o) => o.Organization),
    limit(() => all(paginateListAccounts({ client, pageSize: 20 }, {}), (p) => p.Accounts)),
    walkTree(client, limit).catch((e: unknown) => e as Error),
  ]);
  const accounts = new Map<string, AccountInfo>();
  for (const a of listed) {
    if (!a.Id) continue;
    accounts.set(a.Id, { id: a.Id, name: a.Name ?? a.Id, arn: a.Arn, status: String(a.State ?? a.Status ?? 'UNKNOWN').toUpperCase(), ouPath: [], ouNames: [] });
  }
  const ous = tree instanceof Error ? new Map<string, { name: string; path: string[] }>() : tree.ous;
  try {
    if (tree instanceof Error) throw tree;
    for (const a of accounts.values()) {
      const p = tree.parents.get(a.id);
      if (p) Object.assign(a, p);
      else await limit(() => parentsOf(client, a, ous)); // moved while listing
    }
  } catch (e) {
    const c = classifyError(e);
    gaps.push({
      service: 'organizations:ListOrganizationalUnitsForParent',
      errorCode: c.code,
      message: `OU paths could not be read (${c.message}); tiers assigned by OU cannot be decided`,
    });
  }
  return { id: org?.Id, managementAccountId: org?.MasterAccountId, accounts: [...accounts.values()], ous };
}

interface Tree {
  ous: Map<string, { name: string; path: string[] }>;
  parents: Map<string, { ouPath: string[]; ouNames: string[]; parentId: string }>;
}

/** Breadth-first from the roots, one level at a time; the calls of a level run concurrently under `limit`. */
async function walkTree(client: OrganizationsClient, limit: Limit): Promise<Tree> {
  const ous = new Map<string, { name: string; path: string[] }>();
  const parents = new Map<string, { ouPath: string[]; ouNames: string[]; parentId: string }>();
  const roots = await limit(() => all(paginateListRoots({ client, pageSize: 20 }, {}), (p) => p.Roots));
  let level: { id: string; path: string[]; names: string[] }[] = roots.filter((r) => r.Id).map((r) => ({ id: r.Id!, path: [], names: [] }));
  while (level.length > 0) {
    const next = await Promise.all(
      level.map(async (parent) => {
        const [children, members] = await Promise.all([
          limit(() => all(paginateListOrganizationalUnitsForParent({ client, pageSize: 20 }, { ParentId: parent.id }), (p) => p.OrganizationalUnits)),
          limit(() => all(paginateListAccountsForParent({ client, pageSize: 20 }, { ParentId: parent.id }), (p) => p.Accounts)),
        ]);
        for (const m of members) if (m.Id) parents.set(m.Id, { ouPath: parent.path, ouNames: parent.names, parentId: parent.id });
        return children
          .filter((c) => c.Id)
          .map((c) => {
            const path = [...parent.path, c.Id!];
            ous.set(c.Id!, { name: c.Name ?? c.Id!, path });
            return { id: c.Id!, path, names: [...parent.names, c.Name ?? c.Id!] };
          });
      }),
    );
    level = next.flat();
  }
  return { ous, parents };
}

/** ListParents up to the root, for an account the tree walk did not see. */
async function parentsOf(client: OrganizationsClient, a: AccountInfo, ous: Map<string, { name: string; path: string[] }>): Promise<void> {
  const chain: string[] = [];
  let child = a.id;
  for (let depth = 0; depth < 8; depth++) {
    const parent = (await client.send(new ListParentsCommand({ ChildId: child }))).Parents?.[0];
    if (!parent?.Id) break;
    if (depth === 0) a.parentId = parent.Id;
    if (parent.Type === 'ROOT') break;
    chain.unshift(parent.Id);
    child = parent.Id;
  }
  a.ouPath = chain;
  a.ouNames = chain.map((id) => ous.get(id)?.name ?? id);
}

/** Reads an account's tags into `a.tags`; a failure is a gap (tiers by account tag cannot be decided). */
export async function readAccountTags(client: OrganizationsClient, a: AccountInfo, gaps: CoverageGap[]): Promise<void> {
  if (a.tags) return;
  try {
    const tags: Record<string, string> = {};
    let token: string | undefined;
    do {
      const page = await client.send(new ListTagsForResourceCommand({ ResourceId: a.id, NextToken: token }));
      for (const t of page.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
      token = page.NextToken;
    } while (token);
    a.tags = tags;
  } catch (e) {
    const c = classifyError(e);
    gaps.push({
      accountId: a.id,
      accountName: a.name,
      service: 'organizations:ListTagsForResource',
      errorCode: c.code,
      message: `account tags could not be read (${c.message}); tiers assigned by account tag cannot be decided`,
    });
  }
}

export interface AccountSelection {
  /** Account ids or name globs. */
  accounts?: string[];
  /** OU ids or names; an account is selected when any OU on its path matches (nested OUs included). */
  ou?: string[];
  /** `key=value-glob`; specs with the same key are alternatives, different keys must all match. */
  accountTags?: string[];
  /** Account ids or name globs. */
  excludeAccounts?: string[];
}

function matchesAccount(a: AccountInfo, spec: string): boolean {
  return spec === a.id || glob(spec)(a.name);
}

/** Selection before tags are known (ids, names, OUs, exclusions). */
export function preselect(accounts: AccountInfo[], sel: AccountSelection): AccountInfo[] {
  return accounts.filter((a) => {
    if (sel.accounts?.length && !sel.accounts.some((s) => matchesAccount(a, s))) return false;
    if (sel.excludeAccounts?.some((s) => matchesAccount(a, s))) return false;
    if (sel.ou?.length && !sel.ou.some((o) => a.ouPath.includes(o) || a.ouNames.some((n) => glob(o)(n)) || a.parentId === o)) return false;
    return true;
  });
}

/** The tag filter; needs `a.tags` (an account whose tags could not be read does not match). */
export function matchesTags(a: AccountInfo, specs: string[] | undefined): boolean {
  if (!specs?.length) return true;
  const byKey = new Map<string, string[]>();
  for (const s of specs) {
    const eq = s.indexOf('=');
    const key = eq < 0 ? s : s.slice(0, eq);
    const value = eq < 0 ? '*' : s.slice(eq + 1);
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  for (const [key, values] of byKey) {
    const v = a.tags?.[key];
    if (v === undefined || !values.some((p) => glob(p)(v))) return false;
  }
  return true;
}

/** Literal account ids asked for with --accounts that are not in the organisation. */
export function unknownAccountIds(accounts: AccountInfo[], sel: AccountSelection): string[] {
  const ids = new Set(accounts.map((a) => a.id));
  return (sel.accounts ?? []).filter((s) => /^\d{12}$/.test(s) && !ids.has(s));
}

export function isActive(a: AccountInfo): boolean {
  return a.status === 'ACTIVE';
}
