/**
 * Data dependencies (issue 12): ECS task definitions, the databases their
 * containers name (environment, secrets), and security-group reachability
 * between a service and a database, from each IaC source, with the line of
 * the variable or rule; and what the dependency analysis makes of them.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type DependencyEdge, type DependencyModel } from '../../src/analysis/dependencies.js';
import { simulateFailures } from '../../src/analysis/failure.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import type { Edge, Resource } from '../../src/graph/types.js';
import { MASK } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanCloudFormation } from '../../src/sources/cloudformation/index.js';
import { discoverFiles } from '../../src/sources/discover.js';
import { scanTerraformPlan } from '../../src/sources/plan/index.js';
import { scanTerraform } from '../../src/sources/terraform/index.js';
import type { SourceOutput } from '../../src/sources/types.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/spof-data');

type Form = 'terraform' | 'plan' | 'cloudformation';

async function scanForm(form: Form): Promise<Pick<SourceOutput, 'resources' | 'edges' | 'errors'>> {
  const dir = join(FIXTURES, form);
  const { files } = await discoverFiles([dir], dir, () => true);
  if (form === 'terraform') return scanTerraform({ root: dir, paths: [dir], vars: { queue_name: 'orders-reports' } });
  if (form === 'plan') return scanTerraformPlan({ root: dir, files: files.filter((f) => f.endsWith('.json')) });
  return scanCloudFormation({ root: dir, files: files.filter((f) => /\.ya?ml$/.test(f)) });
}

function graphOf(out: Pick<SourceOutput, 'resources' | 'edges'>): ResourceGraph {
  const b = new GraphBuilder();
  for (const r of out.resources) b.addResource(r);
  for (const e of out.edges) b.addEdge(e);
  return b.build();
}

const at = (x: { location?: { file: string; line: number } }) => (x.location ? `${x.location.file}:${x.location.line}` : undefined);

function edgesOf(out: Pick<SourceOutput, 'edges'>, kind: Edge['kind']): string[] {
  return out.edges
    .filter((e) => e.kind === kind)
    .map((e) => `${e.from} -> ${e.to} @ ${at(e)}`)
    .sort();
}

function dep(m: DependencyModel, from: string, to: string): DependencyEdge {
  const found = m.dependenciesOf(from).filter((e) => e.to === to && e.kind === 'data');
  expect(found, `${from} -> ${to}`).toHaveLength(1);
  return found[0];
}

/** Graph ids per form: Terraform addresses, CloudFormation `<file>#<stack>/<logical id>`. */
const ID: Record<Form, Record<'api' | 'worker' | 'apiTd' | 'workerTd' | 'orders' | 'legacy', string>> = {
  terraform: { api: 'aws_ecs_service.api', worker: 'aws_ecs_service.worker', apiTd: 'aws_ecs_task_definition.api', workerTd: 'aws_ecs_task_definition.worker', orders: 'aws_rds_cluster.orders', legacy: 'aws_db_instance.legacy' },
  plan: { api: 'aws_ecs_service.api', worker: 'aws_ecs_service.worker', apiTd: 'aws_ecs_task_definition.api', workerTd: 'aws_ecs_task_definition.worker', orders: 'aws_rds_cluster.orders', legacy: 'aws_db_instance.legacy' },
  cloudformation: {
    api: 'orders.yaml#orders/ApiService',
    worker: 'orders.yaml#orders/WorkerService',
    apiTd: 'orders.yaml#orders/ApiTaskDefinition',
    workerTd: 'orders.yaml#orders/WorkerTaskDefinition',
    orders: 'orders.yaml#orders/OrdersCluster',
    legacy: 'orders.yaml#orders/LegacyDb',
  },
};

describe('task definitions', () => {
  for (const form of ['terraform', 'cloudformation'] as const) {
    it(`${form}: containers with image, essential, environment (secret-named values masked), secrets and health check`, async () => {
      const out = await scanForm(form);
      expect(out.errors).toEqual([]);
      const td = out.resources.find((r) => r.id === ID[form].apiTd) as Resource<'ecs.task-definition'>;
      expect(td.kind).toBe('ecs.task-definition');
      expect(td.name).toBe('orders-api');
      expect(td.props.family).toBe('orders-api');
      const containers = td.props.containers as NonNullable<Exclude<typeof td.props.containers, { unknown: true }>>;
      expect(containers.map((c) => [c.name, c.image, c.essential])).toEqual([
        ['api', 'public.ecr.aws/nginx/nginx:1.27', true],
        ['log-router', 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable', false],
      ]);
      const env = containers[0].environment as { name: string; value: unknown }[];
      expect(env.find((e) => e.name === 'LOG_LEVEL')?.value).toBe('info');
      expect(env.find((e) => e.name === 'DB_PASSWORD')?.value).toBe(MASK);
      expect(containers[0].secrets).toMatchObject([{ name: 'DB_CREDENTIALS' }]);
      expect(containers[0].healthCheck).toEqual({ command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'], interval: 15, timeout: 5, retries: 3, startPeriod: 30 });
      // The evidence copy of the native attributes never shows the masked value either.
      expect(JSON.stringify(td.attributes)).not.toContain('not-a-real-password');
      expect(JSON.stringify(td.props)).not.toContain('not-a-real-password');
    });
  }

  it('plan: container definitions known only after apply are unknown, with the reason', async () => {
    const out = await scanForm('plan');
    expect(out.errors).toEqual([]);
    const td = out.resources.find((r) => r.id === 'aws_ecs_task_definition.api') as Resource<'ecs.task-definition'>;
    expect(td.props.family).toBe('orders-api');
    expect(td.props.containers).toMatchObject({ unknown: true });
  });
});

describe('data edges per source, at the variable or rule', () => {
  const expected: Record<Form, { connects: string[]; uses: string[]; reach: string[] }> = {
    terraform: {
      connects: [
        'aws_ecs_task_definition.api -> aws_rds_cluster.orders @ ecs.tf:22',
        'aws_ecs_task_definition.api -> aws_rds_cluster.orders @ ecs.tf:27',
        // Inside a heredoc template: the reference as written.
        'aws_ecs_task_definition.worker -> aws_db_instance.legacy @ ecs.tf:71',
      ],
      uses: ['aws_ecs_service.api -> aws_ecs_task_definition.api @ ecs.tf:48', 'aws_ecs_service.worker -> aws_ecs_task_definition.worker @ ecs.tf:90'],
      reach: [
        'aws_ecs_service.api -> aws_rds_cluster.orders @ network.tf:51',
        'aws_ecs_service.worker -> aws_db_instance.legacy @ network.tf:45',
        'aws_ecs_service.worker -> aws_rds_cluster.orders @ network.tf:60',
      ],
    },
    // The plan has no value for these attributes (known only after apply): the edges are at the resource's entry, from the configuration's references.
    plan: {
      connects: ['aws_ecs_task_definition.api -> aws_rds_cluster.orders @ plan.json:251', 'aws_ecs_task_definition.worker -> aws_db_instance.legacy @ plan.json:293'],
      uses: ['aws_ecs_service.api -> aws_ecs_task_definition.api @ plan.json:119', 'aws_ecs_service.worker -> aws_ecs_task_definition.worker @ plan.json:188'],
      reach: [
        'aws_ecs_service.api -> aws_rds_cluster.orders @ plan.json:650',
        'aws_ecs_service.worker -> aws_db_instance.legacy @ plan.json:470',
        'aws_ecs_service.worker -> aws_rds_cluster.orders @ plan.json:549',
      ],
    },
    cloudformation: {
      connects: [
        'orders.yaml#orders/ApiTaskDefinition -> orders.yaml#orders/OrdersCluster @ orders.yaml:155',
        'orders.yaml#orders/ApiTaskDefinition -> orders.yaml#orders/OrdersCluster @ orders.yaml:160',
        'orders.yaml#orders/WorkerTaskDefinition -> orders.yaml#orders/LegacyDb @ orders.yaml:199',
      ],
      uses: ['orders.yaml#orders/ApiService -> orders.yaml#orders/ApiTaskDefinition @ orders.yaml:177', 'orders.yaml#orders/WorkerService -> orders.yaml#orders/WorkerTaskDefinition @ orders.yaml:209'],
      reach: [
        'orders.yaml#orders/ApiService -> orders.yaml#orders/OrdersCluster @ orders.yaml:64',
        'orders.yaml#orders/WorkerService -> orders.yaml#orders/LegacyDb @ orders.yaml:55',
        'orders.yaml#orders/WorkerService -> orders.yaml#orders/OrdersCluster @ orders.yaml:73',
      ],
    },
  };

  for (const form of ['terraform', 'plan', 'cloudformation'] as const) {
    it(`${form}`, async () => {
      const out = await scanForm(form);
      expect(edgesOf(out, 'connects-to')).toEqual(expected[form].connects);
      expect(edgesOf(out, 'uses-task-definition')).toEqual(expected[form].uses);
      expect(edgesOf(out, 'may-reach')).toEqual(expected[form].reach);
    });
  }
});

describe('what the dependency analysis makes of them', () => {
  /** Per form: the line of the api's DB_HOST, the worker's REPORTS_URL, and the worker's rule into the orders database. */
  const lines: Record<Form, { dbHost: string; reports: string; workerRule: string }> = {
    terraform: { dbHost: 'ecs.tf:22', reports: 'ecs.tf:71', workerRule: 'network.tf:60' },
    plan: { dbHost: 'plan.json:251', reports: 'plan.json:293', workerRule: 'plan.json:549' },
    cloudformation: { dbHost: 'orders.yaml:155', reports: 'orders.yaml:199', workerRule: 'orders.yaml:73' },
  };

  for (const form of ['terraform', 'plan', 'cloudformation'] as const) {
    describe(form, () => {
      let graph: ResourceGraph;
      let m: DependencyModel;
      beforeAll(async () => {
        graph = graphOf(await scanForm(form));
        m = buildDependencies(graph, defaultPolicy());
      });

      it('a service needs the database its container names (hard), at the variable; reachability alone is soft', () => {
        const id = ID[form];
        const apiOrders = dep(m, id.api, id.orders);
        expect(apiOrders).toMatchObject({ strength: 'hard', relation: 'connects-to' });
        expect(at(apiOrders.provenance)).toBe(lines[form].dbHost);
        const workerLegacy = dep(m, id.worker, id.legacy);
        expect(workerLegacy).toMatchObject({ strength: 'hard', relation: 'connects-to' });
        expect(at(workerLegacy.provenance)).toBe(lines[form].reports);
        // The worker's security group may reach the orders cluster, but nothing in its task definition names it.
        const workerOrders = dep(m, id.worker, id.orders);
        expect(workerOrders).toMatchObject({ strength: 'soft', relation: 'may-reach' });
        expect(at(workerOrders.provenance)).toBe(lines[form].workerRule);
        expect(m.dependenciesOf(id.api).find((e) => e.to === id.apiTd)).toMatchObject({ kind: 'compute', strength: 'hard', relation: 'uses-task-definition' });
      });

      it('the critical service\'s tier passes to the database it connects to; the soft edge passes nothing', () => {
        const tiers = inheritTiers(graph, m, assignTiers(graph, defaultPolicy()), defaultPolicy());
        // The worker has no tier tag (medium by default): the legacy database stays medium, reached or not.
        expect(tiers.get(ID[form].legacy)?.tier).toBe('medium');
        expect(tiers.get(ID[form].apiTd)).toMatchObject({ tier: 'critical', source: 'inherited' });
      });

      it('losing ap-northeast-1a takes the worker down through its single-AZ database, the api only degrades', () => {
        const tiers = inheritTiers(graph, m, assignTiers(graph, defaultPolicy()), defaultPolicy());
        const r = simulateFailures({ graph, dependencies: m, tiers, policy: defaultPolicy() });
        const domain = r.domains.find((d) => d.kind === 'az' && d.label === 'ap-northeast-1a')!;
        const worker = r.impacts.find((i) => i.workload === ID[form].worker && i.domain === domain.id)!;
        expect(worker.state).toBe('down');
        expect(worker.path!.map((s) => s.id)).toEqual([ID[form].worker, ID[form].legacy]);
        expect(worker.path![1]).toMatchObject({ relation: 'connects-to' });
        expect(at(worker.path![1])).toBe(lines[form].reports);
        const api = r.impacts.find((i) => i.workload === ID[form].api && i.domain === domain.id)!;
        if (form === 'terraform') {
          // CACHE_HOST = var.cache_host has no value offline: it may name a single-AZ database in 1a, so never met.
          expect(api).toMatchObject({ state: 'unknown', rtoVerdict: 'unknown', rpoVerdict: 'unknown' });
          expect(api.reasons.at(-1)).toContain('a database it connects to cannot be resolved (aws_ecs_task_definition.api.container_definitions[0].environment[3].value');
          expect(api.reasons.at(-1)).toContain('cache_host');
        } else {
          // The plan gives var.cache_host a value, the template no such variable: nothing unresolved.
          expect(api.state).toBe('degraded');
        }
      });
    });
  }
});

describe('what cannot be read is recorded, never dropped', () => {
  it('terraform: an environment value from a variable without value is an unresolved connects-to of the task definition', async () => {
    const out = await scanTerraform({ root: join(FIXTURES, 'terraform'), paths: [join(FIXTURES, 'terraform')] });
    const td = out.resources.find((r) => r.id === 'aws_ecs_task_definition.api')!;
    expect(td.unresolved).toEqual([{ edge: 'connects-to', attribute: 'container_definitions[0].environment[3].value', reason: expect.stringContaining('cache_host') }]);
    expect(graphOf(out).targets(td, 'connects-to')).toMatchObject({ unknown: true });
  });

  it('cloudformation: a parameter without value in an environment value is an unresolved connects-to', async () => {
    const out = await scanForm('cloudformation');
    const td = out.resources.find((r) => r.id === ID.cloudformation.workerTd)!;
    expect(td.unresolved).toEqual([{ edge: 'connects-to', attribute: 'ContainerDefinitions[0].Environment[1].Value', reason: expect.stringContaining('QueueName') }]);
  });
});
