/**
 * e2e tests run against the production build served by `vite preview`, in the system Chromium
 * (never a downloaded browser). Pixel ratio 1 and no GPU, as DESIGN.md measures.
 */
import { defineConfig } from '@playwright/test';

/** PW_PORT lets several runs (parallel work sessions) serve their own build side by side. */
const PORT = Number(process.env.PW_PORT ?? 4173);
const OUT = PORT === 4173 ? 'dist' : `dist-${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: PORT === 4173 ? 'test-results' : `test-results-${PORT}`,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 720 },
        deviceScaleFactor: 1,
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite build --outDir ${OUT} && npx vite preview --outDir ${OUT} --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
