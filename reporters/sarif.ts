/**
 * SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).
 *
 * Pure: `(ScanResult) → string`. Written against the OASIS schema vendored in
 * schemas/sarif-schema-2.1.0.json and against GitHub's documented subset
 * ("SARIF support for code scanning"): every rule that ran is in
 * `tool.driver.rules` and every result points at it by `ruleId` + `ruleIndex`;
 * every result has exactly one location with a physical location (GitHub
 * rejects the whole upload when a result has only logical locations) and
 * `region.startLine`; URIs are relative with a `uriBaseId`; rules carry
 * `help.markdown`, `tags`, `precision` and `security-severity`.
 *
 * Identity: `partialFingerprints['resilint/v1']` is the finding's fingerprint
 * (rule id + resource identity, independent of file and line). We do NOT emit
 * `primaryLocationLineHash`: it is a hash of the source line's content, which
 * GitHub's upload action computes from the checked-out file; a value we made
 * up would not be one, and the action would warn that it is inconsistent.
 */
import type * as Sarif from 'sarif';
import type { Finding, RuleRun, ScanResult, Status } from '../src/engine/result.js';
import type { CoverageGap, InputError } from '../src/graph/types.js';
import { SEVERITIES, type Severity } from '../src/policy/types.js';
import { REPOSITORY_URL } from '../src/util/package.js';
import { readableValue, unknownReason } from './common.js';
import type { ReporterOptions } from './types.js';

export interface SarifOptions extends ReporterOptions {
  /**
   * Also emit passing results (`kind: 'pass'`). Off by default: GitHub code
   * scanning ignores `kind`, so an uploaded pass would show up as an alert.
   */
  includePasses?: boolean;
  /**
   * Emit suppressed results (with `suppressions[]`). On by default, as SARIF
   * intends. GitHub does not read `suppressions` (it is not in its supported
   * subset), so a CI job that wants them out of the alert list can turn this off.
   */
  includeSuppressed?: boolean;
  /**
   * Code scanning category (`automationDetails.id` without the trailing run id).
   * Default: `resilint/iac`, `resilint/org` or `resilint/iac-org` by source kinds.
   */
  category?: string;
}

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = REPOSITORY_URL ?? 'https://github.com/resilint/resilint';
/** Key of our line-independent fingerprint in `partialFingerprints`. Bump the version if the hash input changes. */
export const FINGERPRINT_KEY = 'resilint/v1';

/**
 * `properties['security-severity']` by resilint severity. GitHub reads it as:
 * > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. Each value sits
 * inside its band, so the GitHub label equals ours (info shows as "low": GitHub
 * has no info band, and 0.0 would mean "no security severity").
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/** Failing result level by severity (GitHub accepts note, warning, error). */
export const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning hard limits (docs: "SARIF results exceed limit"). */
export const GITHUB_LIMITS = {
  resultsPerRun: 25_000,
  tagsPerRule: 20,
  descriptionChars: 1024,
  ruleNameChars: 255,
} as const;

const KIND: Record<Status, Sarif.Result.kind> = { fail: 'fail', unknown: 'review', pass: 'pass' };

/** Base for live resources: not a directory anywhere, so it has no `uri` (SARIF: not resolvable). */
const AWS_BASE = 'AWS';
/** Base for IaC resources whose source gave no file position (should be rare). */
const RESOURCE_BASE = 'RESOURCE';
const SRCROOT = '%SRCROOT%';

// ---------------------------------------------------------------------------
// Small pure helpers

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** `db-multi-az` → `DbMultiAz`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function highestSeverity(s: RuleRun['severity']): Severity {
  const values = typeof s === 'string' ? [s] : Object.values(s);
  return SEVERITIES.find((sev) => values.includes(sev)) ?? 'medium';
}

/** Percent-encode one path segment; `.` and `..` are encoded so they never act as dot-segments. */
function encodeSegment(segment: string): string {
  if (segment === '.' || segment === '..') return segment.replace(/\./g, '%2E');
  return encodeURIComponent(segment);
}

/** A relative file path (scan-root relative, `/` or `\` separators) as a relative URI reference. */
export function relativeUri(file: string): string {
  const path = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return path.split('/').map(encodeSegment).join('/');
}

/** An absolute directory path as a `file:` URI ending in `/`; undefined when the path is not absolute. */
export function directoryFileUri(dir: string): string | undefined {
  let p = dir.replace(/\\/g, '/');
  if (/^[A-Za-z]:(\/|$)/.test(p)) p = '/' + p;
  if (!p.startsWith('/')) return undefined;
  const encoded = p
    .split('/')
    .map((s, i) => (i === 1 && /^[A-Za-z]:$/.test(s) ? s : encodeSegment(s)))
    .join('/');
  return `file://${encoded}${encoded.endsWith('/') ? '' : '/'}`;
}

function isAbsolutePath(file: string): boolean {
  return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file);
}

/**
 * SARIF plain-text messages turn `[text](target)` into embedded links
 * (§3.11.6). Escaping every `]` that is followed by `(` makes sure no
 * user-controlled string (a resource name, a justification) forms one.
 */
function plainText(text: string): string {
  return text.replace(/\](?=\()/g, '\\]');
}



function backtickFence(content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Rule metadata rendered as Markdown: keep its formatting, but no raw HTML. */
function markdownProse(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---------------------------------------------------------------------------
// Rules

export function ruleDocsUrl(rule: Pick<RuleRun, 'id' | 'docsUrl'>): string {
  if (rule.docsUrl && /^https?:\/\/\S+$/.test(rule.docsUrl)) return rule.docsUrl;
  return `${INFORMATION_URI}/blob/main/docs/rules/${encodeSegment(rule.id)}.md`;
}

function severityLines(s: RuleRun['severity']): string[] {
  if (typeof s === 'string') return [`every tier: ${s}`];
  const entries = Object.entries(s);
  const tiers = entries.filter(([t]) => t !== 'default').map(([t, sev]) => `${t}: ${sev}`);
  const fallback = entries.find(([t]) => t === 'default');
  return [...tiers, ...(fallback ? [`other tiers: ${fallback[1]}`] : [])];
}

const REMEDIATION: { key: keyof RuleRun['remediation']; label: string; lang?: string }[] = [
  { key: 'terraform', label: 'Terraform', lang: 'hcl' },
  { key: 'cloudformation', label: 'CloudFormation', lang: 'yaml' },
  { key: 'cli', label: 'AWS CLI', lang: 'sh' },
  { key: 'console', label: 'AWS Console' },
];

function helpText(rule: RuleRun, url: string): string {
  const out = [rule.title, '', rule.rationale];
  if (rule.requirements.length) out.push('', `Requirements: ${rule.requirements.join(', ')}`);
  out.push(`Severity of a failure, by tier: ${severityLines(rule.severity).join('; ')}`);
  if (rule.appliesTo.length) out.push(`Applies to: ${rule.appliesTo.join(', ')}`);
  const fixes = REMEDIATION.filter((r) => rule.remediation[r.key]);
  if (fixes.length) {
    out.push('', 'Remediation');
    for (const r of fixes) out.push(`  ${r.label}: ${rule.remediation[r.key]!.replace(/\n/g, '\n    ')}`);
  }
  out.push('', `Documentation: ${url}`);
  return out.join('\n');
}

function helpMarkdown(rule: RuleRun, url: string): string {
  const out = [`**${markdownProse(rule.title)}**`, '', markdownProse(rule.rationale), ''];
  if (rule.requirements.length) out.push(`**Requirements:** ${rule.requirements.map((r) => `\`${r.replace(/`/g, '')}\``).join(', ')}`, '');
  out.push('| Tier | Severity of a failure |', '|---|---|');
  for (const line of severityLines(rule.severity)) {
    const [tier, sev] = line.split(': ');
    out.push(`| ${markdownProse(tier).replace(/\|/g, '\\|')} | ${sev} |`);
  }
  out.push('');
  if (rule.appliesTo.length) out.push(`**Applies to:** ${rule.appliesTo.map((k) => `\`${k}\``).join(', ')}`, '');
  const fixes = REMEDIATION.filter((r) => rule.remediation[r.key]);
  if (fixes.length) {
    out.push('### Remediation', '');
    for (const r of fixes) {
      const body = rule.remediation[r.key]!;
      out.push(`**${r.label}**`, '');
      if (r.lang) {
        const fence = backtickFence(body);
        out.push(`${fence}${r.lang}`, body, fence, '');
      } else {
        out.push(markdownProse(body), '');
      }
    }
  }
  out.push(`[Documentation](${url})`);
  return out.join('\n');
}

function ruleDescriptor(rule: RuleRun): Sarif.ReportingDescriptor {
  const worst = highestSeverity(rule.severity);
  const url = ruleDocsUrl(rule);
  const tags = [...new Set(['availability', 'resilience', ...rule.requirements, ...(rule.tags ?? [])])].slice(0, GITHUB_LIMITS.tagsPerRule);
  return {
    id: rule.id,
    name: clip(pascalCase(rule.id) || rule.id, GITHUB_LIMITS.ruleNameChars),
    shortDescription: { text: clip(rule.title || rule.id, GITHUB_LIMITS.descriptionChars) },
    fullDescription: { text: clip(rule.rationale || rule.title || rule.id, GITHUB_LIMITS.descriptionChars) },
    helpUri: url,
    help: { text: helpText(rule, url), markdown: helpMarkdown(rule, url) },
    defaultConfiguration: { level: LEVEL[worst] },
    properties: {
      tags,
      'security-severity': SECURITY_SEVERITY[worst],
      // Rules read declared configuration deterministically; what they cannot read is reported as unknown, not guessed.
      precision: 'high',
      'problem.severity': LEVEL[worst] === 'note' ? 'recommendation' : LEVEL[worst],
      requirements: rule.requirements,
      severity: rule.severity,
      appliesTo: rule.appliesTo,
    },
  };
}

/** A rule referenced by a finding but missing from `result.rules` (a merged shard, a plugin): still described. */
function placeholderRule(id: string, f: Finding): RuleRun {
  return { id, title: id, requirements: f.requirements, severity: f.severity, rationale: id, remediation: {}, appliesTo: [f.resource.kind], evaluated: 0, pass: 0, fail: 0, unknown: 0 };
}

// ---------------------------------------------------------------------------
// Locations

/**
 * Live resources have no file. GitHub needs a physical location with a file
 * URI for every result, and an absolute non-file URI (say `arn:...`) would make
 * the upload fail when a source root is given. So a live result points at a
 * synthetic artifact `aws/<account>/<region>/<service>/<resource path from the
 * ARN>`, relative to the uriBaseId `AWS`, line 1. `AWS` is declared in
 * `originalUriBaseIds` with a description and no `uri`: it is not a directory
 * (SARIF §3.14.14). The ARN itself is the logical location. One artifact per
 * resource (not per service) keeps two resources of one service from sharing a
 * location, which code scanning uses to tell alerts apart. This is what
 * container scanners do with image names; the file will not exist in the
 * repository, so GitHub shows the alert without a code preview.
 */
function awsArtifact(f: Finding): string {
  const r = f.resource;
  const arn = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.+)$/.exec(r.arn ?? '');
  const account = (arn?.[4] || r.accountId) ?? 'unknown-account';
  const region = (arn?.[3] || r.region) ?? 'global';
  const service = arn?.[2] || r.kind;
  const rest = (arn?.[5] ?? r.address).split(/[:/]/).filter(Boolean);
  return ['aws', account, region, service, ...rest].map(encodeSegment).join('/');
}

function iacArtifact(f: Finding): string {
  const r = f.resource;
  return [r.source, ...(r.modulePath ?? []), r.address].map(encodeSegment).join('/');
}

function artifactLocation(file: string): Sarif.ArtifactLocation {
  if (isAbsolutePath(file)) return { uri: directoryFileUri(file)!.replace(/\/$/, '') };
  return { uri: relativeUri(repositoryPrefix + file), uriBaseId: SRCROOT };
}

function isLive(f: Finding): boolean {
  return f.resource.source === 'aws' || (!f.location && Boolean(f.resource.arn));
}

function resultLocation(f: Finding): Sarif.Location {
  const r = f.resource;
  const logical: Sarif.LogicalLocation = { name: r.name, fullyQualifiedName: r.arn ?? r.address, kind: 'resource' };
  let physical: Sarif.PhysicalLocation;
  if (f.location) {
    const l = f.location;
    const startLine = Math.max(1, Math.trunc(l.line) || 1);
    const region: Sarif.Region = { startLine, startColumn: Math.max(1, Math.trunc(l.column) || 1), endLine: Math.max(startLine, l.endLine ?? startLine) };
    if (l.endColumn !== undefined && l.endColumn >= 1) region.endColumn = l.endColumn;
    physical = { artifactLocation: artifactLocation(l.file), region };
  } else {
    const live = isLive(f);
    physical = {
      artifactLocation: { uri: live ? awsArtifact(f) : iacArtifact(f), uriBaseId: live ? AWS_BASE : RESOURCE_BASE },
      region: { startLine: 1, startColumn: 1, endLine: 1 },
    };
  }
  return { physicalLocation: physical, logicalLocations: [logical] };
}

// ---------------------------------------------------------------------------
// Results

function resultMessage(f: Finding): string {
  const r = f.resource;
  const end = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
  let text = f.message || `${f.ruleId} ${f.status} on ${r.address}`;
  if (f.status === 'unknown') {
    const reason = unknownReason(f);
    text = `Could not be determined: ${text}${reason && !text.includes(reason) ? ` (${reason})` : ''}`;
  }
  const parts = [end(text), `Tier ${r.tier} (${r.tierDetail}).`];
  if (isLive(f)) {
    const account = [r.accountName, r.accountId && r.accountName ? `(${r.accountId})` : r.accountId].filter(Boolean).join(' ');
    parts.push(`Resource ${r.arn ?? r.address}${account ? ` in account ${account}` : ''}${r.region ? `, ${r.region}` : ''}.`);
  }
  if (f.suppression) {
    const s = f.suppression;
    parts.push(`Suppressed (${s.kind}${s.owner ? `, owner ${s.owner}` : ''}${s.expires ? `, until ${s.expires}` : ''}): ${end(s.justification)}`);
  }
  if (f.baselineState === 'unchanged') parts.push('Already in the baseline.');
  return plainText(parts.join(' '));
}

function resultProperties(f: Finding): Sarif.PropertyBag {
  const r = f.resource;
  const p: Sarif.PropertyBag = {
    status: f.status,
    severity: f.severity,
    'security-severity': SECURITY_SEVERITY[f.severity],
    messageId: f.messageId,
    requirements: f.requirements,
    tier: r.tier,
    tierSource: r.tierSource,
    tierDetail: r.tierDetail,
    resourceAddress: r.address,
    resourceKind: r.kind,
    resourceType: r.type,
    source: r.source,
  };
  if (r.modulePath) p.modulePath = r.modulePath;
  if (r.arn) p.arn = r.arn;
  if (r.accountId) p.accountId = r.accountId;
  if (r.accountName) p.accountName = r.accountName;
  if (r.region) p.region = r.region;
  // Symbolic AZs by their labels ("AZ #1 of …"): code scanning shows the bag as it is.
  if (f.evidence) p.evidence = readableValue(f.evidence);
  if (f.status === 'unknown') {
    const reason = unknownReason(f);
    if (reason) p.unknownReason = reason;
  }
  return p;
}

function sarifResult(f: Finding, ruleIndex: number): Sarif.Result {
  const out: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    kind: KIND[f.status],
    // SARIF §3.27.10: a result whose kind is not 'fail' has level 'none'.
    level: f.status === 'fail' ? LEVEL[f.severity] : 'none',
    message: { text: resultMessage(f) },
    locations: [resultLocation(f)],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
  };
  if (f.suppression) {
    const s = f.suppression;
    const props: Sarif.PropertyBag = {};
    if (s.owner) props.owner = s.owner;
    if (s.expires) props.expires = s.expires;
    if (s.declaredAt) props.declaredAt = s.declaredAt;
    out.suppressions = [
      {
        kind: s.kind === 'inline' ? 'inSource' : 'external',
        status: 'accepted',
        justification: s.justification,
        ...(Object.keys(props).length ? { properties: props } : {}),
      },
    ];
  }
  if (f.baselineState) out.baselineState = f.baselineState;
  const flows = [inheritanceFlow(f), dependencyFlow(f)].filter((x): x is Sarif.CodeFlow => x !== undefined);
  if (flows.length > 0) out.codeFlows = flows;
  out.properties = resultProperties(f);
  return out;
}

/**
 * An inherited tier as a code flow: from the workload whose tier it is,
 * along each hard dependency (at the reference that creates it), to the
 * judged resource. Code scanning shows it as the path behind the tier.
 */
function inheritanceFlow(f: Finding): Sarif.CodeFlow | undefined {
  const path = f.resource.tierPath;
  if (!path || path.length === 0) return undefined;
  const locations: Sarif.ThreadFlowLocation[] = path.map((hop) => {
    const location: Sarif.Location = { message: { text: plainText(`${hop.address} depends on the next through ${hop.relation ?? 'a dependency'}`) } };
    if (hop.location) {
      const line = Math.max(1, Math.trunc(hop.location.line) || 1);
      location.physicalLocation = { artifactLocation: artifactLocation(hop.location.file), region: { startLine: line, startColumn: Math.max(1, Math.trunc(hop.location.column) || 1) } };
    }
    return { location };
  });
  locations.push({ location: { ...resultLocation(f), message: { text: plainText(`${f.resource.address}: tier ${f.resource.tier}, inherited`) } } });
  return {
    message: { text: plainText(`Tier ${f.resource.tier} inherited from ${path[0].address} along hard dependencies.`) },
    threadFlows: [{ locations }],
  };
}

/** A single point of failure's path as a code flow: from the workload, along each hard dependency, to the judged resource. */
function dependencyFlow(f: Finding): Sarif.CodeFlow | undefined {
  const p = f.dependencyPath;
  if (!p || p.steps.length === 0) return undefined;
  const locations: Sarif.ThreadFlowLocation[] = p.steps.map((s, i) => {
    const next = p.steps[i + 1];
    const text = next ? `${s.address} needs ${next.address} (${next.relation ?? 'dependency'})` : s.address;
    const location: Sarif.Location = { message: { text: plainText(text) } };
    if (s.location) {
      const line = Math.max(1, Math.trunc(s.location.line) || 1);
      location.physicalLocation = { artifactLocation: artifactLocation(s.location.file), region: { startLine: line, startColumn: Math.max(1, Math.trunc(s.location.column) || 1) } };
    }
    return { location };
  });
  return { message: { text: plainText(p.message) }, threadFlows: [{ locations }] };
}

/** Keep the most important results when over GitHub's per-run limit: active failures by severity, then unknowns, suppressed, passes. */
function priority(f: Finding): number {
  if (f.status === 'fail' && !f.suppression) return SEVERITIES.indexOf(f.severity);
  if (f.status === 'unknown' && !f.suppression) return 10;
  if (f.suppression) return 20;
  return 30;
}

// ---------------------------------------------------------------------------
// Notifications

class NotificationDescriptors {
  readonly list: Sarif.ReportingDescriptor[] = [];
  private readonly index = new Map<string, number>();
  ref(id: string, text: string): Sarif.ReportingDescriptorReference {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.list.length;
      this.list.push({ id, shortDescription: { text } });
      this.index.set(id, i);
    }
    return { id, index: i };
  }
}

/** An input error's `file` is a path for IaC, or an account/region label for live sources. */
function looksLikeFile(e: InputError, result: ScanResult): boolean {
  return e.line !== undefined || result.files.includes(e.file) || /\.(tf|tf\.json|tfplan|hcl|json|ya?ml|template|tpl)$/i.test(e.file);
}

function inputErrorNotification(e: InputError, result: ScanResult, d: NotificationDescriptors): Sarif.Notification {
  const n: Sarif.Notification = {
    level: 'error',
    descriptor: d.ref(`input-error/${e.kind}`, `Input could not be read (${e.kind}); its resources were not assessed`),
    message: { text: plainText(`${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ${e.message}`) },
  };
  if (looksLikeFile(e, result)) {
    const region: Sarif.Region = { startLine: Math.max(1, e.line ?? 1) };
    if (e.column) region.startColumn = Math.max(1, e.column);
    n.locations = [{ physicalLocation: { artifactLocation: artifactLocation(e.file), region } }];
  } else {
    n.locations = [{ logicalLocations: [{ fullyQualifiedName: e.file }] }];
  }
  return n;
}

function coverageNotification(g: CoverageGap, d: NotificationDescriptors): Sarif.Notification {
  const scope = [g.scope, g.accountName && g.accountId ? `${g.accountName} (${g.accountId})` : (g.accountName ?? g.accountId), g.region, g.service].filter(Boolean).join(' ');
  const fqn = g.scope ?? ['aws', g.accountId ?? g.accountName ?? 'unknown-account', g.region, g.service].filter(Boolean).join('/');
  return {
    level: 'warning',
    descriptor: d.ref(`not-assessed/${g.errorCode}`, `Part of the estate could not be assessed (${g.errorCode})`),
    message: { text: plainText(`Not assessed: ${scope ? `${scope}: ` : ''}${g.message}`) },
    locations: [{ logicalLocations: [{ name: g.accountName ?? g.accountId ?? g.scope, fullyQualifiedName: fqn }] }],
  };
}

// ---------------------------------------------------------------------------

function defaultCategory(result: ScanResult): string {
  const live = result.sources.includes('aws');
  const iac = result.sources.some((s) => s !== 'aws');
  return `resilint/${live && iac ? 'iac-org' : live ? 'org' : 'iac'}`;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The SARIF log as an object (what `renderSarif` serializes). */
export function toSarif(result: ScanResult, options: SarifOptions = {}): Sarif.Log {
  // Code scanning maps a relative artifact URI to the repository's files. A report whose root is a folder of the
  // repository (`root: "infra"`; never absolute) has every file location made repository-relative, through
  // artifactLocation, for the duration of this (synchronous) call; %SRCROOT% is then the repository's top.
  const prefix = result.root.replace(/\\/g, '/').replace(/\/+$/, '');
  repositoryPrefix = prefix === '' || prefix === '.' || isAbsolutePath(result.root) ? '' : `${prefix}/`;
  try {
    return sarifLog(repositoryPrefix ? { ...result, root: '.' } : result, options);
  } finally {
    repositoryPrefix = '';
  }
}

/** See toSarif: '' or the scan root's repository-relative path with a trailing '/'. */
let repositoryPrefix = '';

function sarifLog(result: ScanResult, options: SarifOptions): Sarif.Log {
  const includePasses = options.includePasses ?? false;
  const includeSuppressed = options.includeSuppressed ?? true;

  // Every rule that ran, in result order; then any rule a finding names that is not among them.
  const rules: RuleRun[] = [...result.rules];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  for (const f of result.findings) {
    if (!ruleIndex.has(f.ruleId)) {
      ruleIndex.set(f.ruleId, rules.length);
      rules.push(placeholderRule(f.ruleId, f));
    }
  }

  let findings = result.findings.filter((f) => (f.status !== 'pass' || includePasses) && (!f.suppression || includeSuppressed));
  const notifications = new NotificationDescriptors();
  const execution: Sarif.Notification[] = [
    ...result.errors.map((e) => inputErrorNotification(e, result, notifications)),
    ...result.coverage.map((g) => coverageNotification(g, notifications)),
  ];
  if (findings.length > GITHUB_LIMITS.resultsPerRun) {
    const keep = new Set([...findings].sort((a, b) => priority(a) - priority(b)).slice(0, GITHUB_LIMITS.resultsPerRun));
    execution.push({
      level: 'warning',
      descriptor: notifications.ref('sarif/results-truncated', 'Results left out of the SARIF file to stay within code scanning limits'),
      message: { text: `${findings.length - keep.size} of ${findings.length} results were left out (GitHub code scanning accepts at most ${GITHUB_LIMITS.resultsPerRun} per run); the JSON report has all of them.` },
    });
    findings = findings.filter((f) => keep.has(f));
  }
  const configuration: Sarif.Notification[] = result.warnings.map((w) => {
    const n: Sarif.Notification = {
      level: 'warning',
      descriptor: notifications.ref(`warning/${w.code}`, w.code),
      message: { text: plainText(w.message) },
    };
    if (w.file) n.locations = [{ physicalLocation: { artifactLocation: artifactLocation(w.file), region: { startLine: Math.max(1, w.line ?? 1) } } }];
    return n;
  });

  const results = findings.map((f) => sarifResult(f, ruleIndex.get(f.ruleId)!));

  const baseIds: Record<string, Sarif.ArtifactLocation> = {};
  const rootUri = directoryFileUri(result.root);
  baseIds[SRCROOT] = {
    ...(rootUri ? { uri: rootUri } : {}),
    description: { text: 'The scan root: IaC file locations are relative to it.' },
  };
  if (findings.some((f) => !f.location && isLive(f))) {
    baseIds[AWS_BASE] = {
      description: {
        text: 'Not a file system location. Live AWS resources have no file: their artifact is aws/<account>/<region>/<service>/<resource>, derived from the ARN, and line 1 is a placeholder. The ARN is the logical location.',
      },
    };
  }
  if (findings.some((f) => !f.location && !isLive(f))) {
    baseIds[RESOURCE_BASE] = {
      description: { text: 'Not a file system location: IaC resources whose source gave no file position, as <source>/<module path>/<address>; line 1 is a placeholder.' },
    };
  }

  const version = result.tool.version;
  const invocation: Sarif.Invocation = {
    executionSuccessful: result.summary.complete,
    startTimeUtc: result.startedAt,
    endTimeUtc: result.finishedAt,
    toolExecutionNotifications: execution,
    toolConfigurationNotifications: configuration,
    properties: { targets: result.targets, policy: result.policy, sources: result.sources, summary: result.summary },
  };

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'resilint',
        fullName: 'resilint availability policy-as-code scanner',
        ...(SEMVER.test(version) ? { semanticVersion: version } : { version }),
        informationUri: INFORMATION_URI,
        rules: rules.map(ruleDescriptor),
        notifications: notifications.list,
      },
    },
    automationDetails: { id: `${(options.category ?? defaultCategory(result)).replace(/\/+$/, '')}/` },
    originalUriBaseIds: baseIds,
    invocations: [invocation],
    columnKind: 'utf16CodeUnits',
    results,
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** SARIF 2.1.0 JSON text. */
export function renderSarif(result: ScanResult, options: SarifOptions = {}): string {
  return JSON.stringify(toSarif(result, options), null, 2) + '\n';
}
