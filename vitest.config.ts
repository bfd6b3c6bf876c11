import { defineConfig } from 'vitest/config';

/**
 * Tests that start something outside the test process: moto servers, headless
 * Chromium, the built CLI (dist/, `npm run build` first). `npm test` runs both
 * projects; `npm run test:unit` is the fast loop.
 */
export const INTEGRATION = [
  // Every live test seeds a moto server (test/support/aws/moto-server.ts).
  ...[
    'az-ids', 'backup-live', 'cache-live', 'cli-org', 'compute', 'db-rules-live', 'dynamodb-connects-live', 'dynamodb-live', 'ecs-rules-live', 'ecs-scaling-live', 'efs-live',
    'elb', 'lb-tgw-moto-live', 'org-audit', 'org-config', 'org-faults', 'org-scan', 'regions', 'route53-live', 'rules-other-side-moto-live', 'search-live', 'spof-live', 'vpn-live',
  ].map((name) => `test/aws/${name}.test.ts`),
  'test/hostile/cli.test.ts',
  'test/cli/action.test.ts',
  'test/cli/cli.test.ts',
  'test/cli/graph.test.ts',
  'test/cli/plugin-example.test.ts',
  'test/cli/trust.test.ts',
  'test/cli/what-if.test.ts',
  'test/reporters/*-browser.test.ts',
];

export default defineConfig({
  test: {
    // Two cores: keep worker count small so moto/chromium tests do not starve.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The pinned AWS SDK supports Node 20; its notice about later releases would only clutter the test log.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: INTEGRATION } },
      // A busy 2-core machine (CI runners, or several suites at once) makes a moto seeding or a CLI run many times
      // slower: these limits catch a hang, they do not measure speed.
      { extends: true, test: { name: 'integration', include: INTEGRATION, testTimeout: 180_000, hookTimeout: 600_000 } },
    ],
  },
});
