import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/result.js';
import { scan } from '../../src/scan.js';

const TECHNOVA = join(import.meta.dirname, '../../fixtures/technova');

type Verdict = string; // "rule name status"
const verdicts = (r: ScanResult): Verdict[] => r.findings.map((f) => `${f.ruleId} ${f.resource.name} ${f.status}`).sort();

/**
 * The same infrastructure in three forms must get the same verdicts. Where a
 * form cannot know what another can, the difference is written down here.
 * (Exact files and lines per form: test/cloudformation/technova.test.ts,
 * test/plan/technova.test.ts, test/e2e/technova.test.ts.)
 */
describe('one verdict per resource whatever the source', () => {
  let terraform: ScanResult;
  let cloudformation: ScanResult;
  let plan: ScanResult;

  beforeAll(async () => {
    terraform = await scan({ paths: [join(TECHNOVA, 'terraform')] });
    cloudformation = await scan({
      paths: [join(TECHNOVA, 'cloudformation')],
      cfnParameterFiles: [join(TECHNOVA, 'cloudformation/prod-parameters.json')],
      region: 'ap-northeast-1',
    });
    plan = await scan({ paths: [join(TECHNOVA, 'plan/plan.json')] });
  });

  it('every source reads its form without errors', () => {
    for (const r of [terraform, cloudformation, plan]) expect(r.errors).toEqual([]);
    // The Osaka secondary (a cluster and two instances) is in the Terraform and its plan; in CloudFormation it is another stack.
    expect([terraform, plan, cloudformation].map((r) => r.findings.length)).toEqual([171, 171, 159]);
    expect(terraform.sources).toEqual(['terraform']);
    expect(cloudformation.sources).toEqual(['cloudformation']);
    expect(plan.sources).toEqual(['terraform-plan']);
  });

  it('Terraform HCL and CloudFormation give the same (rule, resource name, status) set, but for the Osaka secondary', () => {
    // A CloudFormation stack lives in one Region: the order Global Database's Osaka secondary is another stack,
    // scanned with its own --region, so the Tokyo scan has no copy of the order cluster outside the Region.
    const osaka = (v: Verdict) =>
      v.includes('aurora-sales-order-osaka') || v.startsWith('region-failure-recovery aurora-sales-order ') || v.startsWith('db-global-secondary aurora-sales-order ');
    expect(verdicts(terraform).filter(osaka)).toEqual([
      'az-failure-tolerance aurora-sales-order-osaka pass',
      'backup-cross-region-copy aurora-sales-order-osaka fail',
      'db-backup-retention aurora-sales-order-osaka pass',
      'db-deletion-protection aurora-sales-order-osaka pass',
      'db-global-secondary aurora-sales-order pass',
      'db-global-secondary aurora-sales-order-osaka pass',
      'db-multi-az aurora-sales-order-osaka pass',
      'db-proxy aurora-sales-order-osaka fail',
      'db-read-replicas aurora-sales-order-osaka fail',
      'db-snapshot aurora-sales-order-osaka unknown',
      'region-failure-recovery aurora-sales-order pass',
      'region-failure-recovery aurora-sales-order-osaka pass',
      'single-point-of-failure aurora-sales-order-osaka-1 unknown',
      'single-point-of-failure aurora-sales-order-osaka-2 unknown',
    ]);
    expect(verdicts(cloudformation).filter(osaka)).toEqual(['db-global-secondary aurora-sales-order fail', 'region-failure-recovery aurora-sales-order fail']);
    // The stacks beside the core one (search.yaml, efs.yaml) cannot reference the core stack's subnets, so they take
    // subnet ids as parameters: the failure simulation cannot follow their egress (unknown where the Terraform, whose
    // subnets route through the single NAT gateway in 1a, fails), and the EFS mount target's and the DocumentDB
    // instance's subnets (parameter defaults) are not in the scan.
    // Route 53 records of an AWS::Route53::RecordSetGroup are named by their group in CloudFormation.
    const separateStacks = {
      terraform: [
        'az-failure-tolerance technova-prod-order-events fail',
        'az-failure-tolerance technova-prod-order-search fail',
        'dns-failover-health-check order-api.technova.example.com fail',
        'dns-failover-health-check order-api.technova.example.com pass',
        'efs-mount-target-azs technova-prod-report-exports fail',
        'single-point-of-failure technova-prod-reviews-1 fail',
      ],
      cloudformation: [
        'az-failure-tolerance technova-prod-order-events unknown',
        'az-failure-tolerance technova-prod-order-search unknown',
        'dns-failover-health-check OrderApiRecords fail',
        'dns-failover-health-check OrderApiRecords pass',
        'efs-mount-target-azs technova-prod-report-exports unknown',
        'single-point-of-failure technova-prod-reviews-1 unknown',
      ],
    };
    for (const v of separateStacks.terraform) expect(verdicts(terraform)).toContain(v);
    for (const v of separateStacks.cloudformation) expect(verdicts(cloudformation)).toContain(v);
    const apart = (list: string[]) => (v: Verdict) => !osaka(v) && !list.includes(v);
    expect(verdicts(cloudformation).filter(apart(separateStacks.cloudformation))).toEqual(verdicts(terraform).filter(apart(separateStacks.terraform)));
  });

  it('the plan agrees except where a plan knows more or less than the HCL', () => {
    const differences = {
      // A plan needs a value for every variable: it was made with batch_desired_count = 2, which the
      // HCL scan (no value in terraform.tfvars) cannot know, so HCL says unknown and the plan passes.
      hcl: [
        'ecs-min-tasks-per-az technova-sales-prod-batch unknown',
        'ecs-min-tasks-per-az technova-mfg-prod-app fail',
        // The same subnets, seen by the failure simulation: placed in 1a from the HCL, not placeable from the plan.
        'az-failure-tolerance technova-mfg-prod-app fail',
        'az-failure-tolerance technova-sales-prod-batch fail',
        'az-failure-tolerance technova-sales-prod-report fail',
        'ecs-az-spread technova-mfg-prod-app fail',
        // container_definitions hold values known after apply (DB_HOST): the plan records the whole JSON as unknown.
        'ecs-health-check technova-common-prod-auth pass',
        'ecs-health-check technova-mfg-prod-app pass',
        'ecs-health-check technova-sales-prod-app pass',
        // The portal's only check is its target group's, every 30 s (ELB default): too slow for critical.
        'ecs-health-check technova-sales-prod-portal fail',
        // The settlement group and the report-exports mount target name their subnet through the same local.
        'asg-multi-az technova-prod-settlement fail',
        'az-failure-tolerance technova-prod-settlement fail',
        'ecs-cluster-capacity-multi-az technova-prod-settlement fail',
        'efs-mount-target-azs technova-prod-report-exports fail',
      ],
      // The inventory API's subnet is chosen through a local; the plan records only the subnet id,
      // known after apply, so which AZ it lands in is unknown from the plan alone.
      plan: [
        'ecs-min-tasks-per-az technova-sales-prod-batch pass',
        'ecs-min-tasks-per-az technova-mfg-prod-app unknown',
        'az-failure-tolerance technova-mfg-prod-app unknown',
        'az-failure-tolerance technova-sales-prod-batch unknown',
        'az-failure-tolerance technova-sales-prod-report unknown',
        'ecs-az-spread technova-mfg-prod-app unknown',
        'ecs-health-check technova-common-prod-auth unknown',
        'ecs-health-check technova-mfg-prod-app unknown',
        'ecs-health-check technova-sales-prod-app unknown',
        // Its container definitions hold DB_HOST too: the plan cannot tell whether a container check exists.
        'ecs-health-check technova-sales-prod-portal unknown',
        'asg-multi-az technova-prod-settlement unknown',
        'az-failure-tolerance technova-prod-settlement unknown',
        'ecs-cluster-capacity-multi-az technova-prod-settlement unknown',
        'efs-mount-target-azs technova-prod-report-exports unknown',
      ],
    };
    const hcl = verdicts(terraform);
    const fromPlan = verdicts(plan);
    for (const v of differences.hcl) expect(hcl).toContain(v);
    for (const v of differences.plan) expect(fromPlan).toContain(v);
    expect(fromPlan.filter((v) => !differences.plan.includes(v))).toEqual(hcl.filter((v) => !differences.hcl.includes(v)));
  });
});
