/**
 * The "Failure domains" section of the HTML report: what losing each AZ and
 * each Region does to each workload, and how long until it is back.
 *
 * - The matrix is static markup (a symbol and hidden text in every cell, so
 *   colour is never the only carrier); a cell's full detail (capacity, RTO
 *   and RPO with sources, the path) is in the data block and shown by the
 *   page script on demand, so 500 workloads × 20 domains stay light.
 * - The dependency pictures are laid out here, at render time, by
 *   @dagrejs/dagre and embedded as SVG: the page needs no layout code and
 *   no request. Only the most important workloads get one, each capped.
 */
import dagre from '@dagrejs/dagre';
import type { FailureDomain, FailureDomainsResult, ImpactStep, WorkloadImpact, WorkloadState } from '../../src/analysis/failure-types.js';
import type { ScanResult } from '../../src/engine/result.js';
import {
  blastRadius,
  capacityText,
  domainKindText,
  domainTitle,
  duration,
  failureView,
  pathSteps,
  STATE_SYMBOL,
  STATE_TEXT,
  TARGET_VERDICTS,
  VERDICT_SYMBOL,
  WORKLOAD_STATES,
  type FailureView,
} from '../failure-domains.js';
import { html, type Raw } from './escape.js';
import { interner, num, plural } from './model.js';

/** Workloads that get a dependency picture (critical and high first). */
export const GRAPH_WORKLOADS = 60;
/** Nodes per picture, the workload included. */
export const GRAPH_NODES = 30;
/** Workloads listed per domain in the blast radius before "and N more". */
export const BLAST_LIST = 25;

/** One impact in the data block; strings index `CompactFailure.str`. */
export interface CompactImpact {
  w: number;
  d: number;
  /** State, RTO verdict, RPO verdict: indexes into WORKLOAD_STATES and TARGET_VERDICTS. */
  s: number;
  rv: number;
  pv: number;
  cap?: string;
  /** RTO and RPO: [duration text, behaviour, source, note?] (interned). */
  rto: number[];
  rpo: number[];
  /** Target text, e.g. "tier critical: RTO 15 min, RPO 0 s". */
  tg: number;
  why: number[];
  /** Path after the workload: [address, relation, location] (interned). */
  p?: number[][];
}

export interface CompactFailure {
  str: string[];
  states: readonly WorkloadState[];
  verdicts: readonly string[];
  domains: string[];
  workloads: string[];
  impacts: CompactImpact[];
}


function targetText(i: WorkloadImpact): string {
  const t = i.target;
  return `tier ${t.tier}: RTO ${t.rtoSeconds === undefined ? 'not set' : duration(t.rtoSeconds)}, RPO ${t.rpoSeconds === undefined ? 'not set' : duration(t.rpoSeconds)}`;
}

function locText(s: ImpactStep): string {
  return s.location ? `${s.location.file}:${s.location.line}` : (s.arn ?? '');
}

export function buildFailureData(view: FailureView, fd: FailureDomainsResult): CompactFailure {
  const { str, intern } = interner();
  const wIndex = new Map(view.workloads.map((w, i) => [w.id, i]));
  const dIndex = new Map(view.domains.map((d, i) => [d.id, i]));
  const impacts: CompactImpact[] = [];
  for (const w of view.workloads) {
    for (const d of view.domains) {
      const i = view.impact(w.id, d.id);
      if (!i) continue;
      const fig = (f: WorkloadImpact['rto']) => [intern(duration(f.seconds)), intern(f.behaviour), intern(f.source), ...(f.note ? [intern(f.note)] : [])];
      const c: CompactImpact = {
        w: wIndex.get(w.id) ?? 0,
        d: dIndex.get(d.id) ?? 0,
        s: WORKLOAD_STATES.indexOf(i.state),
        rv: TARGET_VERDICTS.indexOf(i.rtoVerdict),
        pv: TARGET_VERDICTS.indexOf(i.rpoVerdict),
        rto: fig(i.rto),
        rpo: fig(i.rpo),
        tg: intern(targetText(i)),
        why: i.reasons.map(intern),
      };
      const cap = capacityText(i.capacity);
      if (cap) c.cap = cap;
      const steps = pathSteps(i);
      if (steps.length) c.p = steps.map((s) => [intern(s.address), intern(s.relation ?? ''), intern(locText(s))]);
      impacts.push(c);
    }
  }
  return {
    str,
    states: WORKLOAD_STATES,
    verdicts: TARGET_VERDICTS,
    domains: view.domains.map((d) => domainTitle(d)),
    workloads: view.workloads.map((w) => w.address),
    impacts,
  };
}

/* ------------------------------------------------------------------ */
/* Matrix                                                              */
/* ------------------------------------------------------------------ */

function verdictMark(i: WorkloadImpact): Raw {
  if (i.rtoVerdict === 'breached' || i.rpoVerdict === 'breached') return html`<span class="fd-vm fd-vm-breached" aria-hidden="true">!</span>`;
  if (i.state !== 'unaffected' && (i.rtoVerdict === 'unknown' || i.rpoVerdict === 'unknown')) return html`<span class="fd-vm fd-vm-unknown" aria-hidden="true">?</span>`;
  return html``;
}

/** Class of a cell: its state, and whether a target is breached. */
export function cellClass(i: WorkloadImpact | undefined): string {
  if (!i) return 'fd-c fd-none';
  const breached = i.rtoVerdict === 'breached' || i.rpoVerdict === 'breached';
  return `fd-c fd-${i.state}${breached ? ' fd-breached' : ''}`;
}

/** What a screen reader (and the hidden text) says for a cell. */
export function cellText(i: WorkloadImpact | undefined): string {
  if (!i) return 'not simulated';
  return `${STATE_TEXT[i.state]}; RTO ${i.rtoVerdict}, RPO ${i.rpoVerdict}`;
}

function cell(i: WorkloadImpact | undefined, k: number | undefined): Raw {
  const sym = i ? STATE_SYMBOL[i.state] : '–';
  return html`<td class="${cellClass(i)}"${k === undefined ? '' : html` data-k="${k}"`}><span class="fd-sym" aria-hidden="true">${sym}</span>${i ? verdictMark(i) : ''}<span class="sr-only">${cellText(i)}</span></td>`;
}

function regionGroups(domains: FailureDomain[]): { region: string; azs: FailureDomain[] }[] {
  const out: { region: string; azs: FailureDomain[] }[] = [];
  for (const d of domains) {
    if (d.kind !== 'az') continue;
    const region = d.region ?? 'Region not known';
    const last = out[out.length - 1];
    if (last && last.region === region) last.azs.push(d);
    else out.push({ region, azs: [d] });
  }
  return out;
}

function matrix(view: FailureView, data: CompactFailure): Raw {
  const groups = regionGroups(view.domains);
  const regions = view.domains.filter((d) => d.kind === 'region');
  let k = 0;
  const keyOf = new Map<string, number>();
  for (const c of data.impacts) keyOf.set(`${c.w}:${c.d}`, k++);
  const rows = view.workloads.map((w, wi) => {
    const cells = view.domains.map((d, di) => cell(view.impact(w.id, d.id), keyOf.get(`${wi}:${di}`)));
    return html`<tr data-w="${wi}"><th scope="row"><span class="fd-addr mono">${w.address}</span> <span class="tier-tag">${w.tier}</span></th>${cells}</tr>`;
  });
  const legend = html`<ul class="fd-legend plain" aria-label="Legend">${WORKLOAD_STATES.map(
    (s) => html`<li><span class="fd-c fd-${s} fd-key"><span aria-hidden="true">${STATE_SYMBOL[s]}</span></span> ${STATE_TEXT[s]}</li>`,
  )}<li><span class="fd-c fd-down fd-breached fd-key"><span aria-hidden="true">${STATE_SYMBOL.down}</span><span class="fd-vm fd-vm-breached" aria-hidden="true">!</span></span> RTO or RPO target breached</li><li><span class="fd-c fd-degraded fd-key"><span aria-hidden="true">${STATE_SYMBOL.degraded}</span><span class="fd-vm fd-vm-unknown" aria-hidden="true">?</span></span> affected, and whether the target is met cannot be told (no documented figure or no target)</li></ul>`;
  return html`${legend}
<p class="hint js-only">Select a cell for its capacity, estimated RTO and RPO with their sources, and the dependency path; hover for a summary.</p>
<div class="table-wrap fd-wrap"><table class="data fd-matrix" id="fd-matrix"><caption class="sr-only">Workloads by failure domain: state after the domain is lost, and whether the RTO and RPO targets are met</caption>
<thead><tr><th scope="col" rowspan="2">Workload <span class="muted small">(tier)</span></th>${groups.map(
    (g) => html`<th scope="colgroup" colspan="${g.azs.length}" class="fd-region">${g.region}</th>`,
  )}${regions.length ? html`<th scope="colgroup" colspan="${regions.length}" class="fd-region">Regions</th>` : ''}</tr>
<tr>${[...groups.flatMap((g) => g.azs), ...regions].map((d) => html`<th scope="col" class="fd-dom" title="${`${domainTitle(d)} — ${domainKindText(d)}`}"><span class="mono">${d.label}</span><span class="fd-dk">${domainKindText(d)}</span></th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>
<div id="fd-detail" class="fd-detail js-only" aria-live="polite"><p class="muted">No cell selected.</p></div>`;
}

/* ------------------------------------------------------------------ */
/* Blast radius                                                        */
/* ------------------------------------------------------------------ */

function blast(view: FailureView, fd: FailureDomainsResult, tiers: readonly string[]): Raw {
  const list = blastRadius(view, fd, tiers);
  const who = (items: WorkloadImpact[], state: WorkloadState): Raw => {
    if (!items.length) return html``;
    const shown = items.slice(0, BLAST_LIST);
    return html`<div class="fd-br-group"><span class="fd-c fd-${state} fd-key"><span aria-hidden="true">${STATE_SYMBOL[state]}</span></span> <strong>${plural(items.length, 'workload')} ${STATE_TEXT[state]}</strong><ul class="plain fd-br-list">${shown.map((i) => {
      const w = view.workloadById.get(i.workload);
      return html`<li><span class="mono">${w?.address ?? i.workload}</span> <span class="tier-tag">${w?.tier ?? i.target.tier}</span> <span class="muted small">RTO ${duration(i.rto.seconds)} (${i.rtoVerdict})</span></li>`;
    })}${items.length > shown.length ? html`<li class="muted">… and ${num(items.length - shown.length)} more</li>` : ''}</ul></div>`;
  };
  const block = (b: (typeof list)[number]): Raw =>
    html`<article class="fd-br" data-domain="${b.domain.id}"><h4><span class="mono">${domainTitle(b.domain)}</span> <span class="muted small">${domainKindText(b.domain)}${b.domain.kind === 'az' && b.domain.region ? `, ${b.domain.region}` : ''}</span></h4>${
      b.down.length || b.degraded.length || b.unknown.length ? html`${who(b.down, 'down')}${who(b.degraded, 'degraded')}${who(b.unknown, 'unknown')}` : html`<p class="none">No workload is affected.</p>`
    }</article>`;
  const azs = list.filter((b) => b.domain.kind === 'az');
  const regions = list.filter((b) => b.domain.kind === 'region');
  return html`<h3>Blast radius</h3><p class="hint">Per domain, the workloads that go down or degrade when it is lost, most important first; domains with the worst losses first.</p>
<div class="fd-br-grid" id="fd-blast">${azs.map(block)}${regions.map(block)}</div>`;
}

/* ------------------------------------------------------------------ */
/* Dependency pictures                                                 */
/* ------------------------------------------------------------------ */

interface GraphNode {
  id: string;
  label: string;
  title: string;
  kind: 'workload' | 'step' | 'domain';
  spof: boolean;
  hot: boolean;
}

export interface WorkloadGraph {
  workload: string;
  address: string;
  tier: string;
  nodes: GraphNode[];
  edges: { from: string; to: string; relation: string; hot: boolean }[];
  /** Nodes left out by the cap. */
  omitted: number;
}

/**
 * The union of a workload's impact paths, ending at the domain whose loss
 * takes the path down. Paths of `down` impacts are "hot"; their last
 * dependency is the single point of failure.
 */
export function workloadGraph(view: FailureView, workloadId: string, maxNodes = GRAPH_NODES): WorkloadGraph | undefined {
  const w = view.workloadById.get(workloadId);
  if (!w) return undefined;
  const impacts = view.domains.map((d) => view.impact(workloadId, d.id)).filter((i): i is WorkloadImpact => !!i && pathSteps(i).length > 0);
  if (!impacts.length) return undefined;
  // Down paths first, so that the cap never drops the path to a SPOF before a lesser one.
  impacts.sort((a, b) => WORKLOAD_STATES.indexOf(a.state) - WORKLOAD_STATES.indexOf(b.state));
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, WorkloadGraph['edges'][number]>();
  const wanted = new Set<string>();
  nodes.set(`n:${w.id}`, { id: `n:${w.id}`, label: w.address, title: `${w.address} (${w.kind}, tier ${w.tier})`, kind: 'workload', spof: false, hot: false });
  for (const i of impacts) {
    const steps = pathSteps(i);
    const hot = i.state === 'down';
    const domain = view.domainById.get(i.domain);
    const chain: GraphNode[] = steps.map((s, j) => ({
      id: `n:${s.id}`,
      label: s.address,
      title: [s.address, s.relation ? `reached by ${s.relation}` : '', locText(s)].filter(Boolean).join(' — '),
      kind: 'step' as const,
      spof: hot && j === steps.length - 1,
      hot,
    }));
    if (domain) chain.push({ id: `d:${domain.id}`, label: `lost: ${domain.label}`, title: `${domainTitle(domain)} (${domainKindText(domain)}) is lost`, kind: 'domain', spof: false, hot });
    const fresh = chain.filter((n) => !nodes.has(n.id) && !wanted.has(n.id));
    if (nodes.size + wanted.size + fresh.length > maxNodes) {
      for (const n of fresh) wanted.add(n.id);
      continue;
    }
    let prev = `n:${w.id}`;
    chain.forEach((n, j) => {
      const have = nodes.get(n.id);
      if (have) {
        have.spof ||= n.spof;
        have.hot ||= n.hot;
      } else nodes.set(n.id, n);
      const relation = j < steps.length ? (steps[j].relation ?? '') : 'fails with';
      const key = `${prev}\u0000${n.id}`;
      const e = edges.get(key);
      if (e) e.hot ||= hot;
      else edges.set(key, { from: prev, to: n.id, relation, hot });
      prev = n.id;
    });
  }
  nodes.get(`n:${w.id}`)!.hot = [...edges.values()].some((e) => e.hot);
  return { workload: w.id, address: w.address, tier: w.tier, nodes: [...nodes.values()], edges: [...edges.values()], omitted: wanted.size };
}

const NODE_H = 34;
const CHAR_W = 6.6;

function clipLabel(s: string, max = 44): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function r1(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** The picture as SVG, laid out left to right by dagre. */
export function graphSvg(g: WorkloadGraph): Raw {
  const layout = new dagre.graphlib.Graph();
  layout.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 46, marginx: 8, marginy: 8 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) layout.setNode(n.id, { width: Math.max(80, clipLabel(n.label).length * CHAR_W + 24), height: NODE_H });
  for (const e of g.edges) layout.setEdge(e.from, e.to);
  dagre.layout(layout);
  const gw = layout.graph().width ?? 0;
  const gh = layout.graph().height ?? 0;
  const edges = g.edges.map((e) => {
    const pts = (layout.edge(e.from, e.to)?.points ?? []) as { x: number; y: number }[];
    const d = pts.map((p, i) => `${i ? 'L' : 'M'}${r1(p.x)} ${r1(p.y)}`).join(' ');
    // The arrowhead is drawn, not a marker: markers are referenced through url(), which the report never emits.
    if (pts.length < 2) return html`<g class="fd-e${e.hot ? ' fd-hot' : ''}"><title>${e.relation || 'depends on'}</title></g>`;
    const a = pts[pts.length - 1];
    const b = pts[pts.length - 2];
    const ang = Math.atan2(a.y - b.y, a.x - b.x);
    const head = [0, 2.6, -2.6].map((o, j) => (j === 0 ? a : { x: a.x - 8 * Math.cos(ang + o / 6), y: a.y - 8 * Math.sin(ang + o / 6) }));
    const tri = head.map((p) => `${r1(p.x)},${r1(p.y)}`).join(' ');
    return html`<g class="fd-e${e.hot ? ' fd-hot' : ''}"><title>${e.relation || 'depends on'}</title><path d="${d}"></path><polygon points="${tri}"></polygon></g>`;
  });
  const nodes = g.nodes.map((n) => {
    const p = layout.node(n.id) as { x: number; y: number; width: number; height: number };
    const cls = `fd-n fd-n-${n.kind}${n.hot ? ' fd-hot' : ''}${n.spof ? ' fd-spof' : ''}`;
    return html`<g class="${cls}" transform="translate(${r1(p.x - p.width / 2)} ${r1(p.y - p.height / 2)})"><title>${n.spof ? `Single point of failure: ${n.title}` : n.title}</title><rect width="${r1(p.width)}" height="${p.height}" rx="5"></rect><text x="${r1(p.width / 2)}" y="${n.spof ? 14 : 21}" text-anchor="middle">${clipLabel(n.label)}</text>${
      n.spof ? html`<text class="fd-spof-label" x="${r1(p.width / 2)}" y="28" text-anchor="middle">⚠ single point of failure</text>` : ''
    }</g>`;
  });
  const spofs = g.nodes.filter((n) => n.spof).map((n) => n.label);
  const label = `Dependencies of ${g.address}${spofs.length ? `; path to single point of failure ${spofs.join(', ')} highlighted` : ''}`;
  return html`<svg class="fd-graph" width="${r1(gw)}" height="${r1(gh)}" viewBox="0 0 ${r1(gw)} ${r1(gh)}" role="img" aria-label="${label}">${edges}${nodes}</svg>`;
}

function pictures(view: FailureView): Raw {
  const graphs: WorkloadGraph[] = [];
  let withPath = 0;
  for (const w of view.workloads) {
    const g = workloadGraph(view, w.id);
    if (!g) continue;
    withPath++;
    if (graphs.length < GRAPH_WORKLOADS) graphs.push(g);
  }
  if (!graphs.length) return html`<h3>Dependency picture</h3><p class="none">No impact has a dependency path: every workload is affected only by what is in the domain itself.</p>`;
  const capped = graphs.filter((g) => g.omitted > 0).length;
  const first = graphs.find((g) => g.nodes.some((n) => n.spof)) ?? graphs[0];
  return html`<h3>Dependency picture</h3>
<p class="hint">The dependency paths through which a lost domain reaches the chosen workload. Paths that take it down are drawn in red, and the dependency they end at is marked as a single point of failure. Shown for the first ${plural(graphs.length, 'workload')} with a path (critical and high first) of ${num(withPath)}; each picture has at most ${num(GRAPH_NODES)} nodes${
    capped ? `, and ${plural(capped, 'picture')} left nodes out` : ''
  }. Every path is also in the JSON report.</p>
<div class="filter js-only"><label for="fd-workload">Workload</label> <select id="fd-workload">${graphs.map(
    (g, i) => html`<option value="${i}"${g === first ? html` selected` : ''}>${g.address} (${g.tier})</option>`,
  )}</select></div>
<div class="fd-graphs">${graphs.map(
    (g, i) =>
      html`<figure class="fd-fig" data-g="${i}"${g === first ? '' : html` hidden`}><figcaption><span class="mono">${g.address}</span> <span class="tier-tag">${g.tier}</span>${
        g.omitted ? html` <span class="muted small">(${plural(g.omitted, 'node')} left out)</span>` : ''
      }</figcaption><div class="fd-svg-wrap">${graphSvg(g)}</div></figure>`,
  )}</div>`;
}

/* ------------------------------------------------------------------ */
/* Notes and assumptions                                               */
/* ------------------------------------------------------------------ */

function sourceLink(source: string): Raw {
  return /^https?:\/\/[^\s]+$/i.test(source) ? html`<a href="${source}" rel="noopener noreferrer" class="mono small">${source}</a>` : html`<span class="mono small">${source}</span>`;
}

function notesAndAssumptions(fd: FailureDomainsResult): Raw {
  const notes = fd.notes.length ? html`<ul class="fd-notes">${fd.notes.map((n) => html`<li>${n}</li>`)}</ul>` : html`<p class="none">Every domain and dependency could be simulated.</p>`;
  const rows = fd.assumptions.map(
    (a) =>
      html`<tr><td class="mono">${a.behaviour}</td><td>${a.title}</td><td class="num">${a.rtoSeconds === undefined ? html`<span class="muted">no figure</span>` : duration(a.rtoSeconds)}</td><td class="num">${
        a.rpoSeconds === undefined ? html`<span class="muted">no figure</span>` : duration(a.rpoSeconds)
      }</td><td>${sourceLink(a.source)}</td></tr>`,
  );
  return html`<h3>What could not be simulated</h3>${notes}
<h3>Recovery figures as applied</h3><p class="hint">Each estimate comes from one of these behaviours; a behaviour without a documented figure leaves the verdict unknown, never met.</p>
<div class="table-wrap"><table class="data compact" id="fd-assumptions"><thead><tr><th scope="col">Behaviour</th><th scope="col">What happens</th><th scope="col" class="num">RTO</th><th scope="col" class="num">RPO</th><th scope="col">Source</th></tr></thead><tbody>${
    rows.length ? rows : html`<tr><td colspan="5" class="muted">No recovery figure was used.</td></tr>`
  }</tbody></table></div>`;
}

/* ------------------------------------------------------------------ */

export interface FailureSection {
  markup: Raw;
  data: CompactFailure;
}

export function failureSection(result: ScanResult): FailureSection | undefined {
  const fd = result.failureDomains;
  if (!fd) return undefined;
  const view = failureView(fd, result.policy.tiers);
  const data = buildFailureData(view, fd);
  const markup = html`<section id="failure-domains" class="section" aria-labelledby="fd-h">
<h2 id="fd-h">Failure domains</h2>
<p class="lead">What losing each availability zone and each Region does to each workload: its state afterwards, and whether the estimated recovery time (RTO) and data loss (RPO) meet the tier's targets. ${plural(
    view.workloads.length,
    'workload',
  )} × ${plural(view.domains.length, 'domain')}. An estimate without a documented figure is unknown, never met.</p>
${matrix(view, data)}
${blast(view, fd, result.policy.tiers)}
${pictures(view)}
${notesAndAssumptions(fd)}
</section>`;
  return { markup, data };
}
