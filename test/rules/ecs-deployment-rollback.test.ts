import rule from '../../rules/ecs-deployment-rollback.js';
import { Unknown } from '../../src/graph/values.js';
import { graph, ruleTester } from '../helpers/rule-tester.js';
import { service } from './ecs-fixtures.js';

ruleTester.run(rule, {
  pass: [
    {
      name: 'circuit breaker with rollback on a critical service',
      graph: () => {
        const g = graph();
        service(g, { circuitBreaker: { enable: true, rollback: true } });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'rollsBack', location: { file: 'ecs.tf', line: 12 }, evidence: { expected: { enable: true, rollback: true }, actual: { enable: true, rollback: true } } }],
    },
    {
      name: 'deployment_controller ECS written explicitly',
      graph: () => {
        const g = graph();
        service(g, { deploymentController: 'ECS', circuitBreaker: { enable: true, rollback: true } }, 'high');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'pass', messageId: 'rollsBack', location: { file: 'ecs.tf', line: 12 } }],
    },
  ],
  fail: [
    {
      name: 'no deployment_circuit_breaker block: off by default',
      graph: () => {
        const g = graph();
        service(g, {});
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'noRollback', location: { file: 'ecs.tf', line: 1 }, message: 'off by default', severity: 'high' }],
    },
    {
      name: 'circuit breaker on without rollback (detects, but leaves the failed revision)',
      graph: () => {
        const g = graph();
        service(g, { circuitBreaker: { enable: true, rollback: false } }, 'high');
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'fail', messageId: 'noRollback', location: { file: 'ecs.tf', line: 12 }, message: 'rollback false', severity: 'medium' }],
    },
  ],
  unknown: [
    {
      name: 'rollback from a variable without value',
      graph: () => {
        const g = graph();
        service(g, { circuitBreaker: { enable: true, rollback: new Unknown('var.rollback has no value') } });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 12 }, message: 'rollback: var.rollback has no value' }],
    },
    {
      name: "CODE_DEPLOY controller: rollback is the deployment group's, not verifiable here",
      graph: () => {
        const g = graph();
        service(g, { deploymentController: 'CODE_DEPLOY' });
        return g.build();
      },
      findings: [{ address: 'aws_ecs_service.orders', status: 'unknown', messageId: 'cannotTell', location: { file: 'ecs.tf', line: 16 }, message: "CodeDeploy deployment group's auto rollback" }],
    },
  ],
  notApplicable: [
    {
      name: 'medium tier does not require the circuit breaker',
      graph: () => {
        const g = graph();
        service(g, {}, 'medium');
        return g.build();
      },
      findings: [],
    },
    {
      name: 'otherControllers skip leaves CODE_DEPLOY services out',
      options: { otherControllers: 'skip' },
      graph: () => {
        const g = graph();
        service(g, { deploymentController: 'CODE_DEPLOY' });
        return g.build();
      },
      findings: [],
    },
  ],
});
