import type { JSONSchemaType } from 'ajv';
import { defineRule } from '../src/engine/rule.js';
import { isUnknown } from '../src/graph/values.js';
import { ecsPractices } from '../src/policy/ecs.js';

interface Options {
  otherControllers: 'unknown' | 'skip';
}

const options: JSONSchemaType<Options> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    otherControllers: {
      type: 'string',
      enum: ['unknown', 'skip'],
      default: 'unknown',
      description:
        "Services deployed by CodeDeploy (blue/green) or an EXTERNAL controller have no ECS circuit breaker: their rollback is the CodeDeploy deployment group's automatic rollback, outside what this rule reads. 'unknown' reports them as not verifiable; 'skip' leaves them out.",
    },
  },
  required: ['otherControllers'],
};

const messages = {
  rollsBack: '{{name}} has the deployment circuit breaker on with rollback; tier {{tier}} requires it',
  noRollback: '{{name}}: a failed deployment is not rolled back automatically ({{actual}}); tier {{tier}} requires the deployment circuit breaker with rollback',
  cannotTell: '{{name}}: cannot tell whether a failed deployment rolls back (tier {{tier}} requires the circuit breaker with rollback): {{reason}}',
};

export default defineRule({
  id: 'ecs-deployment-rollback',
  meta: {
    title: 'Critical and high ECS services roll back failed deployments (deployment circuit breaker with rollback)',
    // A bad deployment without rollback keeps replacing healthy tasks with failing ones until someone steps in.
    severity: { default: 'medium', critical: 'high', high: 'medium', medium: 'low' },
    requirements: ['ECS-DEPLOY'],
    tierSettings: ['ecs.circuitBreaker'],
    rationale:
      'ECS-DEPLOY: with the deployment circuit breaker, ECS stops a rolling deployment whose tasks fail to start or to pass their health checks; with rollback it returns the service to the last completed deployment, ' +
      'instead of retrying the failing revision while the healthy tasks drain. Both `enable` and `rollback` must be true (neither is on by default in the API, Terraform or CloudFormation). ' +
      'Services deployed by CodeDeploy or an EXTERNAL controller have no circuit breaker: their rollback lives in the CodeDeploy deployment group, and the rule says it cannot verify it (option otherControllers).',
    remediation: {
      terraform: 'aws_ecs_service: deployment_circuit_breaker { enable = true rollback = true } (terraform-aws-modules/ecs service: deployment_circuit_breaker = { enable = true, rollback = true }).',
      cloudformation: 'AWS::ECS::Service: DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } }',
      console: 'ECS console → Cluster → Service → Update → Deployment options: Deployment failure detection: "Use the Amazon ECS deployment circuit breaker" and "Rollback on failure".',
      cli: 'aws ecs update-service --cluster <cluster> --service <service> --deployment-configuration "deploymentCircuitBreaker={enable=true,rollback=true}"',
    },
    messages,
    docsUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html',
    tags: ['resilience', 'containers', 'deployment'],
  },
  options,
  appliesTo: ['ecs.service'],
  check(service, ctx) {
    if (!ecsPractices(ctx.tier.requirements).circuitBreaker) return;
    const expected = { enable: true, rollback: true };
    const controller = service.props.deploymentController;
    if (isUnknown(controller)) {
      ctx.unknown('cannotTell', { reason: `deployment controller: ${controller.reason}` }, { prop: 'deploymentController', evidence: { expected, actual: null } });
      return;
    }
    if (typeof controller === 'string' && controller.toUpperCase() !== 'ECS') {
      if (ctx.options.otherControllers === 'skip') return;
      ctx.unknown(
        'cannotTell',
        { reason: `deployed by the ${controller} controller, which has no ECS circuit breaker: rollback is the ${controller === 'CODE_DEPLOY' ? 'CodeDeploy deployment group\'s auto rollback' : 'external controller\'s'} setting, not read here` },
        { prop: 'deploymentController', evidence: { expected, actual: { deploymentController: controller } } },
      );
      return;
    }
    const cb = service.props.circuitBreaker;
    if (isUnknown(cb)) {
      ctx.unknown('cannotTell', { reason: cb.reason }, { prop: 'circuitBreaker', evidence: { expected, actual: null } });
      return;
    }
    if (cb === undefined) {
      ctx.fail('noRollback', { actual: 'no deployment circuit breaker: off by default' }, { prop: 'circuitBreaker', evidence: { expected, actual: null } });
      return;
    }
    const actual = { enable: cb.enable ?? false, rollback: cb.rollback ?? false };
    const off = (['enable', 'rollback'] as const).filter((k) => cb[k] === false || cb[k] === undefined);
    const unknown = (['enable', 'rollback'] as const).filter((k) => isUnknown(cb[k]));
    if (off.length) ctx.fail('noRollback', { actual: off.map((k) => `${k} ${cb[k] === undefined ? 'not set (false)' : 'false'}`).join(', ') }, { prop: 'circuitBreaker', evidence: { expected, actual } });
    else if (unknown.length) ctx.unknown('cannotTell', { reason: unknown.map((k) => `${k}: ${(cb[k] as { reason: string }).reason}`).join('; ') }, { prop: 'circuitBreaker', evidence: { expected, actual } });
    else ctx.pass('rollsBack', {}, { prop: 'circuitBreaker', evidence: { expected, actual } });
  },
});
