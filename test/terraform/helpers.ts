import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyResource, Edge } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { scanTerraform, type TerraformSourceOptions, type TerraformSourceOutput } from '../../src/sources/terraform/index.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/terraform/', import.meta.url));

/** Scan one fixture directory with itself as the root. */
export async function scanFixture(name: string, options: Partial<TerraformSourceOptions> = {}): Promise<TerraformSourceOutput> {
  const root = path.join(FIXTURES, name);
  return scanTerraform({ root, paths: [root], ...options });
}

export function resource(out: TerraformSourceOutput, id: string): AnyResource {
  const r = out.resources.find((x) => x.id === id);
  if (!r) throw new Error(`no resource ${id}; have: ${out.resources.map((x) => x.id).join(', ')}`);
  return r;
}

export function props(out: TerraformSourceOutput, id: string): Record<string, unknown> {
  return resource(out, id).props as Record<string, unknown>;
}

/** Edges as `from -kind-> to` strings, sorted. */
export function edgesOf(out: TerraformSourceOutput, kind?: string, from?: string): string[] {
  return out.edges
    .filter((e: Edge) => (!kind || e.kind === kind) && (!from || e.from === from))
    .map((e) => `${e.from} -${e.kind}-> ${e.to}`)
    .sort();
}

export function reasonOf(v: unknown): string {
  if (!(v instanceof Unknown)) throw new Error(`expected Unknown, got ${JSON.stringify(v)}`);
  return v.reason;
}
