/**
 * `resilint graph`: the dependency graph as JSON (for tools) or DOT (for
 * Graphviz). Pure, like the reporters: GraphView in, text out.
 */
import type { GraphView, GraphViewResource } from '../src/analysis/graph-view.js';
import type { DependencyProvenance } from '../src/analysis/dependencies.js';

export type GraphFormat = 'json' | 'dot';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['json', 'dot'];

export function renderGraph(view: GraphView, format: GraphFormat): string {
  return format === 'json' ? JSON.stringify(view, null, 2) + '\n' : renderDot(view);
}

/**
 * A DOT double-quoted string: `"` and `\` escaped, line breaks as DOT's
 * centred `\n`, other control characters dropped. Every id and label goes
 * through this (addresses, names and reasons come from user files).
 */
export function dotString(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u001f\u007f]/g, '');
  return `"${body}"`;
}

/** Tier colours: strictest darkest; unknown tiers grey. */
const TIER_COLOUR: Record<string, string> = { critical: '#c62828', high: '#ef6c00', medium: '#1565c0' };

function where(p: DependencyProvenance): string {
  if (p.policy) return `${p.policy.file}${p.policy.line ? `:${p.policy.line}` : ''} dependencies[${p.policy.index}]`;
  if (p.location) return `${p.location.file}:${p.location.line}`;
  return p.arn ?? '';
}

function nodeLabel(r: GraphViewResource): string {
  const tier = `${r.tier} (${r.tierSource}${r.tierUndecided ? ', tag undecidable' : ''})`;
  return `${r.address}\n${r.kind}\n${tier}`;
}

function renderDot(view: GraphView): string {
  const lines: string[] = [];
  lines.push('digraph resilint {');
  lines.push('  graph [rankdir=LR, fontname="Helvetica"];');
  lines.push('  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];');
  lines.push('  edge [fontname="Helvetica", fontsize=8];');
  for (const r of view.resources) {
    const colour = TIER_COLOUR[r.tier] ?? '#616161';
    const attrs = [`label=${dotString(nodeLabel(r))}`, `color=${dotString(colour)}`, `tooltip=${dotString(r.tierDetail)}`];
    if (r.tierSource === 'inherited') attrs.push('penwidth=2');
    lines.push(`  ${dotString(r.id)} [${attrs.join(', ')}];`);
  }
  for (const x of view.externals) {
    lines.push(`  ${dotString(x.id)} [shape=ellipse, color="#616161", label=${dotString(`${x.id}\n${x.kind} (not scanned)`)}];`);
  }
  for (const d of view.dependencies) {
    const label = `${d.relation}${d.reason ? `\n${d.reason}` : ''}`;
    const attrs = [`label=${dotString(label)}`, `tooltip=${dotString(`${d.kind}, ${d.strength}: ${where(d.provenance)}`)}`];
    if (d.strength === 'soft') attrs.push('style=dashed');
    lines.push(`  ${dotString(d.from)} -> ${dotString(d.to)} [${attrs.join(', ')}];`);
  }
  // A declared entry is one node between everything it selects, not their cross product.
  for (const g of view.declared) {
    if (g.status !== 'matched') continue;
    const id = `policy:dependencies[${g.index}]`;
    const label = `dependencies[${g.index}] (${g.strength})${g.reason ? `\n${g.reason}` : ''}`;
    lines.push(`  ${dotString(id)} [shape=hexagon, label=${dotString(label)}, tooltip=${dotString(where(g.provenance))}];`);
    const style = g.strength === 'soft' ? ', style=dashed' : '';
    for (const f of g.from) lines.push(`  ${dotString(f)} -> ${dotString(id)} [label="declared"${style}];`);
    for (const t of g.to) lines.push(`  ${dotString(id)} -> ${dotString(t)} [label="declared"${style}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
