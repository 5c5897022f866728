import { defineConfig } from 'vitest/config';

// The kernel conformance suite: builds labs in real network namespaces (needs root and iproute2).
export default defineConfig({
  test: {
    include: ['src/**/*.conformance.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
