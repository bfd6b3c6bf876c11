import { defineConfig } from 'vitest/config';

/**
 * Tests that start something outside the test process: moto servers, headless
 * Chromium, the built CLI (dist/, `npm run build` first). `npm test` runs both
 * projects; `npm run test:unit` is the fast loop.
 */
const INTEGRATION = [
  'test/aws/az-ids.test.ts',
  'test/aws/cli-org.test.ts',
  'test/aws/org-config.test.ts',
  'test/aws/org-faults.test.ts',
  'test/aws/org-scan.test.ts',
  'test/cli/cli.test.ts',
  'test/cli/graph.test.ts',
  'test/cli/plugin-example.test.ts',
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
      { extends: true, test: { name: 'integration', include: INTEGRATION } },
    ],
  },
});
