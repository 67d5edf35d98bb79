// `npm test`: makes sure redis-server, nginx and Chromium are there (installing them as root), then runs
// typecheck, lint, unit + integration tests (real Redis, real sockets) and the Playwright e2e suite.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// nginx: server/nginx.test.ts runs docs/deploy/nginx.conf in a prefix of its own (the package also starts a
// system nginx on port 80, which no test uses or touches). Bookworm's nginx-light is only nginx plus a module.
const APT_PACKAGES = ['redis-server', 'nginx', 'chromium', 'fonts-dejavu-core'];
const INSTALL = `apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`;

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function ensureSystemPackages() {
  const missing = [];
  if (!has('redis-server')) missing.push('redis-server');
  if (!existsSync(process.env.GRADFLOW_NGINX ?? '/usr/sbin/nginx') && !has('nginx')) missing.push('nginx');
  if (!existsSync(process.env.GRADFLOW_CHROMIUM ?? '/usr/bin/chromium')) missing.push('chromium');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(`gradflow tests need ${missing.join(' and ')}. Install with:\n  sudo sh -c '${INSTALL}'`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(', ')} with apt-get…`);
  const result = spawnSync('sh', ['-c', INSTALL], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) {
    console.error(`apt-get failed; run it yourself:\n  ${INSTALL}`);
    process.exit(1);
  }
}

const STEPS = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['unit + integration', 'npx', ['vitest', 'run']],
  ['e2e', 'npx', ['playwright', 'test']],
];

ensureSystemPackages();
const only = process.argv.slice(2);
const timings = [];
for (const [name, cmd, args] of STEPS) {
  if (only.length > 0 && !only.includes(name.split(' ')[0])) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  timings.push(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\nAll test steps passed (${timings.join(', ')}).`);
