import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/** Debian's Chromium; no test tool may download a browser here. */
export const CHROMIUM = process.env.GRADFLOW_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// The config is loaded by the runner and again by each worker; the runner picks the port and data dir once.
if (!process.env.GRADFLOW_E2E_PORT) {
  const script = "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  process.env.GRADFLOW_E2E_PORT = execFileSync(process.execPath, ['-e', script]).toString().trim();
  process.env.GRADFLOW_E2E_DATA = mkdtempSync(path.join(os.tmpdir(), 'gradflow-e2e-'));
}
const port = Number(process.env.GRADFLOW_E2E_PORT);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'phone',
      testMatch: /.*\.(phone|both)\.spec\.ts/,
      use: { ...devices['Pixel 7'], viewport: { width: 390, height: 844 }, browserName: 'chromium' },
    },
    {
      name: 'projector',
      testMatch: /.*\.(projector|both|game)\.spec\.ts/,
      use: { viewport: { width: 1600, height: 900 } },
    },
  ],
  webServer: {
    command: 'node scripts/ensure-build.mjs && npx tsx server/index.ts',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      GRADFLOW_DATA_DIR: process.env.GRADFLOW_E2E_DATA ?? '',
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
    },
  },
});
