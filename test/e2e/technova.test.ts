import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../reporters/index.js';
import type { ScanResult } from '../../src/engine/result.js';
import { scan } from '../../src/scan.js';
import { assertReport } from '../support/schemas.js';

const ROOT = join(import.meta.dirname, '../../fixtures/technova/terraform');
const expected = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/technova/expected.json'), 'utf8')) as {
  ruleId: string;
  address: string;
  status: string;
  file: string;
  line: number;
}[];

const POLICY = join(import.meta.dirname, '../../fixtures/technova/resilint.yaml');
const SECRETS = { order_db_master_password: 'Hunter2-order-secret', legacy_db_password: 'Hunter2-legacy-secret' };

describe('the bundled TechNova example', () => {
  let result: ScanResult;
  beforeAll(async () => {
    // Passwords as CI would pass them (TF_VAR_… / -var): they must be masked everywhere.
    result = await scan({ paths: [ROOT], root: ROOT, policyFile: POLICY, vars: SECRETS, now: () => new Date('2026-11-22T00:00:00Z') });
  });

  it('gives exactly the documented verdicts, at the documented file and line', () => {
    const actual = result.findings.map((f) => ({ ruleId: f.ruleId, address: f.resource.address, status: f.status, file: f.location?.file, line: f.location?.line }));
    const key = (x: { ruleId: string; address: string }) => `${x.ruleId} ${x.address}`;
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
    for (const e of expected) {
      expect(actual.find((a) => key(a) === key(e)), key(e)).toEqual(e);
    }
  });

  it('breaks every rule, and every requirement a rule checks, at least once (DB-SNAPSHOT: configuration shows no snapshot taken by hand)', () => {
    const neverFails = result.rules.filter((r) => r.fail === 0).map((r) => r.id);
    expect(neverFails).toEqual(['db-snapshot']);
    const checked = new Set(result.rules.flatMap((r) => r.requirements));
    const unbroken = [...checked].filter((id) => !(result.summary.byRequirement[id]?.fail > 0)).sort();
    expect(unbroken).toEqual(['DB-SNAPSHOT']);
    // Its only results are unknown: an AWS Backup plan would be needed to pass, and nothing can fail it from code.
    expect(result.summary.byRequirement['DB-SNAPSHOT']).toMatchObject({ pass: 0, fail: 0 });
  });

  it('counts what `npm start` prints', () => {
    expect(result.summary).toMatchObject({ resources: 80, byStatus: { pass: 65, fail: 83, unknown: 23 } });
  });

  it("applies the example policy's dependencies without warnings (account-scoped ones do not apply to Terraform alone)", () => {
    expect(result.warnings).toEqual([]);
    // Outside the scan root and named by an absolute path: shown by its base name (no report carries an absolute path).
    expect(result.policy.source).toBe('resilint.yaml');
  });

  it('parses every file without input errors', () => {
    expect(result.errors).toEqual([]);
    expect(result.files).toContain('modules/legacy-db/main.tf');
    expect(result.summary.complete).toBe(true);
  });

  it('records where each tier came from', () => {
    const byAddr = (a: string) => result.findings.find((f) => f.resource.address === a)!.resource;
    expect(byAddr('aws_rds_cluster.auth')).toMatchObject({ tier: 'critical', tierSource: 'tag', tierDetail: 'tag tier=critical' });
    expect(byAddr('aws_db_instance.reporting')).toMatchObject({ tier: 'medium', tierSource: 'default' });
    // The shared NAT gateway has no tier tag: it carries the tier of what routes through it.
    expect(byAddr('aws_nat_gateway.this["ap-northeast-1a"]')).toMatchObject({ tier: 'critical', tierSource: 'inherited' });
  });

  it('tells the dependency story: a critical service on a single-AZ database through its DB_HOST, the Global Database secondary in Osaka', () => {
    const impact = (w: string, d: string) => result.failureDomains!.impacts.find((i) => i.workload === w && i.domain === d)!;
    // The inventory API reads its database's endpoint from DB_HOST (ecs.tf:115); both of the cluster's instances are in 1a.
    const inv = impact('aws_ecs_service.inventory_api', 'az:ap-northeast-1:ap-northeast-1a');
    expect(inv.state).toBe('down');
    expect(inv.reasons).toContain('down through its hard dependency aws_rds_cluster.inventory (aws_rds_cluster_instance.inventory[0] lost with ap-northeast-1a)');
    // The order cluster has its secondary in the DR Region: losing Tokyo is recovered by a Global Database failover.
    const order = impact('aws_rds_cluster.order', 'region:ap-northeast-1');
    expect(order).toMatchObject({ drApproach: 'warm-standby', rtoVerdict: 'met', rpoVerdict: 'met' });
    // The auth cluster has backups only: nothing outside Tokyo.
    expect(impact('aws_rds_cluster.auth', 'region:ap-northeast-1')).toMatchObject({ drApproach: 'none', rtoVerdict: 'breached' });
    // A Tokyo database whose AZ AWS chooses may be in any Tokyo AZ, but in no Osaka one.
    const osakaAzs = result.failureDomains!.domains.filter((d) => d.kind === 'az' && d.region === 'ap-northeast-3').map((d) => d.id);
    expect(osakaAzs).toEqual(['az:ap-northeast-3:ap-northeast-3a', 'az:ap-northeast-3:ap-northeast-3c']);
    for (const db of ['aws_db_instance.reporting', 'module.legacy.aws_db_instance.this']) {
      expect(result.failureDomains!.impacts.filter((i) => i.workload === db && osakaAzs.includes(i.domain))).toEqual([]);
      expect(impact(db, 'az:ap-northeast-1:ap-northeast-1c').state).toBe('unknown');
    }
    const spof = result.findings.find((f) => f.ruleId === 'single-point-of-failure' && f.resource.address === 'aws_nat_gateway.this["ap-northeast-1a"]')!;
    expect(spof.status).toBe('fail');
  });

  it('finds each service\'s database and table in its task definition or function, at the variable', async () => {
    const { scanTerraform } = await import('../../src/sources/terraform/index.js');
    const out = await scanTerraform({ root: ROOT, paths: [ROOT], vars: SECRETS });
    const edges = out.edges
      .filter((e) => e.kind === 'connects-to')
      .map((e) => `${e.from} -> ${e.to} ${String(e.data?.variable)} @ ${e.location?.file}:${e.location?.line}`)
      .sort();
    expect(edges).toEqual([
      'aws_ecs_task_definition.app["auth"] -> aws_rds_cluster.auth DB_HOST @ ecs.tf:115',
      'aws_ecs_task_definition.app["inventory"] -> aws_rds_cluster.inventory DB_CREDENTIALS @ ecs.tf:118',
      'aws_ecs_task_definition.app["inventory"] -> aws_rds_cluster.inventory DB_HOST @ ecs.tf:115',
      'aws_ecs_task_definition.app["order"] -> aws_rds_cluster.order DB_HOST @ ecs.tf:115',
      'aws_ecs_task_definition.app["report"] -> aws_db_instance.reporting DB_HOST @ ecs.tf:115',
      'aws_ecs_task_definition.portal -> aws_dynamodb_table.portal_sessions SESSION_TABLE @ service_portal.tf:22',
      'aws_ecs_task_definition.portal -> aws_rds_cluster.portal DB_HOST @ service_portal.tf:21',
      'aws_lambda_function.payment_webhook -> aws_dynamodb_table.order_idempotency IDEMPOTENCY_TABLE @ compute.tf:119',
      'aws_lambda_function.payment_webhook -> aws_rds_cluster.order DB_HOST @ compute.tf:118',
    ]);
  });

  it('writes a JSON report that the published schema describes fully', () => {
    expect(() => assertReport(JSON.parse(renderReport(result, 'json')))).not.toThrow();
  });

  it('never prints the master password in any format', () => {
    const secrets = Object.values(SECRETS);
    for (const format of ['json', 'text', 'sarif', 'markdown', 'junit'] as const) {
      const out = renderReport(result, format, { verbose: true });
      for (const s of secrets) expect(out, format).not.toContain(s);
    }
  });
});
