import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores: keep worker count small so moto/chromium tests do not starve.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The pinned AWS SDK supports Node 20; its notice about later releases would only clutter the test log.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
