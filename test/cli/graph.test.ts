/**
 * `resilint graph` through the built CLI (dist/, `npm run build` first):
 * the dependency graph as JSON and as DOT, exit codes and one-line errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PKG = join(import.meta.dirname, '../..');
const BIN = join(PKG, 'dist/src/cli/main.js');
const SHARED_NAT = join(PKG, 'fixtures/real-world/shared-nat-inherited/terraform');

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'resilint-graph-'));
}

/** Every statement of the DOT output is a node, an edge or a graph attribute line, with every quoted string closed. */
const Q = '"(?:[^"\\\\\\n]|\\\\.)*"';
const ATTRS = `\\[(?:[a-z]+=(?:${Q}|[\\w.#]+)(?:, )?)+\\]`;
const STATEMENT = new RegExp(`^  (?:(?:graph|node|edge) ${ATTRS}|${Q}(?: -> ${Q})? ${ATTRS});$`);

describe('resilint graph', () => {
  it('prints JSON with resources, effective tiers and dependency edges with provenance', () => {
    const r = run(['graph', SHARED_NAT, '--root', SHARED_NAT, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const g = JSON.parse(r.stdout);
    expect(g.schemaVersion).toBe('1.0');
    const nat = g.resources.find((x: { address: string }) => x.address === 'aws_nat_gateway.shared');
    expect(nat).toMatchObject({ kind: 'network.nat-gateway', tier: 'critical', tierSource: 'inherited', location: { file: 'network.tf', line: 75 } });
    expect(nat.tierPath.map((h: { address: string }) => h.address)).toEqual(['aws_ecs_service.api', 'aws_subnet.private[0]', 'aws_route_table.private']);
    expect(g.resources.find((x: { address: string }) => x.address === 'aws_nat_gateway.batch')).toMatchObject({ tier: 'medium', tierSource: 'default' });
    expect(g.dependencies).toContainEqual({
      from: 'aws_route_table.private',
      to: 'aws_nat_gateway.shared',
      kind: 'egress',
      strength: 'hard',
      relation: 'routes-via',
      reason: 'default route 0.0.0.0/0',
      provenance: { location: { file: 'network.tf', line: 89, column: 5 }, attribute: 'route.nat_gateway_id' },
    });
  });

  it('prints DOT for Graphviz with every user-controlled string quoted and escaped', () => {
    const dir = tmp();
    // A for_each key with quotes and a backslash, and a policy reason over two lines with quotes.
    mkdirSync(join(dir, 'infra'));
    writeFileSync(
      join(dir, 'infra/main.tf'),
      [
        'resource "aws_subnet" "app" {',
        '  for_each          = { "a\\\\\\"b" = "ap-northeast-1a" }',
        '  vpc_id            = "vpc-123"',
        '  cidr_block        = "10.0.0.0/24"',
        '  availability_zone = each.value',
        '}',
        '',
        'resource "aws_ecs_service" "api" {',
        '  name          = "api"',
        '  desired_count = 2',
        '  network_configuration {',
        '    subnets = [for s in aws_subnet.app : s.id]',
        '  }',
        '  tags = { tier = "critical" }',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'policy.yaml'),
      'dependencies:\n  - from: { address: "aws_ecs_service.api" }\n    to: { address: "aws_subnet.*" }\n    kind: soft\n    reason: "line one \\"quoted\\"\\nline two"\n',
    );
    const r = run(['graph', join(dir, 'infra'), '--root', join(dir, 'infra'), '--policy', join(dir, 'policy.yaml'), '-f', 'dot']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('digraph resilint {');
    expect(lines.at(-1)).toBe('}');
    for (const line of lines.slice(1, -1)) expect(line).toMatch(STATEMENT);
    // The Terraform address is aws_subnet.app["a\\\"b"] (the key escaped); in DOT each of its quotes and backslashes is escaped again.
    expect(r.stdout).toContain(String.raw`"aws_ecs_service.api" -> "aws_subnet.app[\"a\\\\\\\"b\"]" [label="in-subnet"`);
    expect(r.stdout).toContain('"policy:dependencies[0]" [shape=hexagon, label="dependencies[0] (soft)\\nline one \\"quoted\\"\\nline two"');
    expect(r.stdout).toContain('"aws_ecs_service.api" -> "policy:dependencies[0]" [label="declared", style=dashed];');
  });

  it('draws internet and transit gateways named by routes as external nodes', () => {
    const r = run(['graph', SHARED_NAT, '--root', SHARED_NAT]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines.slice(1, -1)) expect(line).toMatch(STATEMENT);
    expect(r.stdout).toContain('  "aws_internet_gateway.this" [shape=ellipse, color="#616161", label="aws_internet_gateway.this\\ninternet-gateway (not scanned)"];');
    expect(r.stdout).toContain('  "aws_route_table.public" -> "aws_internet_gateway.this" [label="routes-via\\ndefault route 0.0.0.0/0"');
  });

  it('warns on stderr, with the policy file and line, about a declared dependency that matches nothing', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'policy.yaml'), 'version: 1\ndependencies:\n  - from: { address: "aws_ecs_service.*" }\n    to: { address: "module.auth.**" }\n    kind: hard\n');
    const r = run(['graph', SHARED_NAT, '--root', SHARED_NAT, '--policy', join(dir, 'policy.yaml'), '-f', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`resilint: warning: policy.yaml:3: dependencies[0]: to (address=module.auth.**) matches no scanned resource; the dependency is not applied\n`);
    expect(JSON.parse(r.stdout).warnings).toHaveLength(1);
  });

  it('exits 2 with one line naming file, line and column on a malformed dependencies entry', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'policy.yaml'), 'dependencies:\n  - from: { address: "a" }\n    to: { address: "b" }\n    kind: always\n');
    for (const command of ['graph', 'scan']) {
      const r = run([command, SHARED_NAT, '--policy', join(dir, 'policy.yaml')]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`resilint: policy.yaml:4:11: dependencies[0].kind: must be one of "hard", "soft"\n`);
    }
  });

  it('exits 3 on input it cannot read, naming the file, and still prints the rest', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'broken.tf'), 'resource "aws_vpc" "a" {\n  cidr_block = \n');
    writeFileSync(join(dir, 'ok.tf'), 'resource "aws_vpc" "b" {\n  cidr_block = "10.0.0.0/16"\n}\n');
    const r = run(['graph', dir, '--root', dir, '-f', 'json']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^broken\.tf:\d+:\d+: .+\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(r.stdout).resources.map((x: { address: string }) => x.address)).toEqual(['aws_vpc.b']);
  });

  it('rejects an unknown format', () => {
    const r = run(['graph', SHARED_NAT, '-f', 'svg']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("argument 'svg' is invalid");
  });
});
