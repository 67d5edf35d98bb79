import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
/** The example config the docs ship (docs/deploy/nginx.conf); tests run this very file. */
export const SHIPPED_NGINX_CONF = path.join(root, 'docs/deploy/nginx.conf');
/** How long nginx may take to start its workers. */
const READY_TIMEOUT_MS = 15_000;
const INSTALL_HINT = 'install it with: apt-get install -y nginx (npm test does so as root)';

/** The nginx binary: $GRADFLOW_NGINX, /usr/sbin/nginx (Debian's, often not on a user's PATH), or `nginx` on PATH. */
export function nginxBinary(): string {
  if (process.env.GRADFLOW_NGINX) return process.env.GRADFLOW_NGINX;
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  if (spawnSync('sh', ['-c', 'command -v nginx'], { stdio: 'ignore' }).status === 0) return 'nginx';
  throw new Error(`nginx not found; ${INSTALL_HINT}`);
}

/** The temp-path directives this nginx was built with (`nginx -V`), so none points at /var/lib/nginx. */
function tempPathDirectives(binary: string, dir: string): string[] {
  const built = spawnSync(binary, ['-V'], { encoding: 'utf8' });
  const names = [...`${built.stdout}${built.stderr}`.matchAll(/--http-([a-z-]+)-temp-path=/g)].map((m) => m[1] ?? '');
  return names.map((name) => `${name.replaceAll('-', '_')}_temp_path ${path.join(dir, `${name}-temp`)};`);
}

/** Replaces `pattern` in `text`, which must match exactly `times` times: a changed shipped file fails loudly. */
function replaceExactly(text: string, pattern: RegExp, times: number, by: (i: number, indent: string) => string): string {
  const found = [...text.matchAll(pattern)].length;
  if (found !== times) throw new Error(`docs/deploy/nginx.conf: expected ${times} line(s) matching ${String(pattern)}, found ${found}`);
  let i = 0;
  return text.replace(pattern, (_all, indent: string) => by(i++, indent));
}

/**
 * The shipped config with a test's ports: nginx listens on 127.0.0.1:`listen`, the upstream's two example
 * servers become 127.0.0.1:`upstreams[i]`, and the http block gets temp paths and an access log in `dir`.
 */
export function configForTest(text: string, opts: { listen: number; upstreams: readonly number[]; dir: string; binary: string }): string {
  let out = replaceExactly(text, /^(\s*)listen 80;$/gm, 1, (_i, indent) => `${indent}listen 127.0.0.1:${opts.listen};`);
  out = replaceExactly(out, /^(\s*)server 10\.0\.0\.\d+:3000;$/gm, opts.upstreams.length, (i, indent) => `${indent}server 127.0.0.1:${opts.upstreams[i]};`);
  const local = [...tempPathDirectives(opts.binary, opts.dir), `access_log ${path.join(opts.dir, 'access.log')};`];
  return replaceExactly(out, /^(\s*)http \{$/gm, 1, (_i, indent) => `${indent}http {\n${local.map((l) => `${indent}    ${l}`).join('\n')}`);
}

/** A running nginx, started by {@link startNginx}. */
export interface Nginx {
  readonly url: string;
  readonly dir: string;
  /** Everything it wrote to stderr. */
  output(): string;
  /** Stops it (SIGTERM, fast shutdown), waits for the exit and removes its dir. */
  stop(): Promise<void>;
}

/**
 * Starts nginx in the foreground with `config` (from {@link configForTest}) in a temp prefix of its own: its
 * pid file, logs and temp files stay there, so it neither needs root nor touches a system nginx.
 */
export async function startNginx(build: (dir: string, binary: string) => { config: string; port: number }): Promise<Nginx> {
  const binary = nginxBinary();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-nginx-'));
  // Run as root, nginx's workers are `nobody`: they must reach the temp dirs inside.
  chmodSync(dir, 0o755);
  const { config, port } = build(dir, binary);
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, config);
  const args = ['-p', dir, '-c', file, '-e', 'stderr', '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log stderr notice;`];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nginx did not start within ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start nginx (${err.message}); ${INSTALL_HINT}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nginx exited ${code}:\n${output}\nconfig:\n${readFileSync(file, 'utf8')}`));
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
      // The master has bound the port before it starts its workers.
      if (!output.includes('start worker process')) return;
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
