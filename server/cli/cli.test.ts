import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinNetworks } from '../../engine/builtins';

const root = path.resolve(__dirname, '../..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

function gradflow(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [tsxCli, path.join(root, 'server/cli/main.ts'), ...args], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp = '';

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gradflow-cli-'));
  writeFileSync(path.join(tmp, 'net2.json'), JSON.stringify(builtinNetworks['week09-net2']));
  writeFileSync(
    path.join(tmp, 'cyclic.json'),
    JSON.stringify({
      name: 'cyclic',
      inputs: [{ input: 'x1', neuron: 'n1' }],
      edges: [
        { from: 'n1', to: 'n2' },
        { from: 'n2', to: 'n1' },
        { from: 'n2', to: 'n3' },
      ],
      outputs: ['n3'],
    }),
  );
  writeFileSync(path.join(tmp, 'broken.json'), '{"name": ');
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('gradflow paths', () => {
  it('counts and lists paths with their factors', () => {
    const r = gradflow('paths', '--network', 'week09-net1', '--to', '(v_{1,1})_d');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Network I: paths from E to (v_{1,1})_d\n2 paths; 4 factors each\n');
    expect(r.stdout).toContain('1. E → n_6 → n_3 → n_1 → (v_{1,1})_d   [4 factors]');
    expect(r.stdout).toContain('2. E → n_6 → n_4 → n_1 → (v_{1,1})_d   [4 factors]');
    expect(r.stdout).toContain('∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_1 · ∂n_1/∂(v_{1,1})_d');
    expect(r.stdout).toContain('edges carrying gradient (6): x1-n1, n1-n3, n1-n4, n3-n6, n4-n6, n6-E');
  });

  it('reads a network file, limits the listing and prints JSON', () => {
    const r = gradflow('paths', '--network', 'net2.json', '--to', 'n1', '--limit', '2', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      network: string;
      count: string;
      capped: boolean;
      paths: { neurons: string[]; factors: number; atoms: string[] }[];
    };
    expect(out.network).toBe('Network II');
    expect(out.count).toBe('3');
    expect(out.capped).toBe(true);
    expect(out.paths).toHaveLength(2);
    expect(out.paths[0]).toMatchObject({
      neurons: ['n6', 'n3', 'n1'],
      factors: 3,
      atoms: ['E/n6', 'n6/n3', 'n3/n1'],
    });
  });

  it('says when the listing is capped', () => {
    const r = gradflow('paths', '-n', 'week09-net2', '-t', 'n1', '--limit', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 paths\n');
    expect(r.stdout).toContain('… listed 1 of 3 (use --limit N)');
  });
});

describe('gradflow key', () => {
  it('prints the expanded and factored keys and the derivation', () => {
    const r = gradflow('key', '--network', 'week09-net2', '--wrt', 'n_1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Network II: ∂E/∂n_1   (3 paths)');
    expect(r.stdout).toContain(
      'factored:\n  (∂E/∂n_6 · ∂n_6/∂n_3 + ∂E/∂n_8 · ∂n_8/∂n_3) · ∂n_3/∂n_1 + ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂n_1\n',
    );
    expect(r.stdout).toContain('  dE/dn_5 = dE/dn_7 · ∂n_7/∂n_5 = ∂E/∂n_7 · ∂n_7/∂n_5\n');
  });

  it('prints LaTeX and JSON', () => {
    const latex = gradflow('key', '--network', 'week09-net1', '--wrt', 'w25', '--latex');
    expect(latex.code).toBe(0);
    expect(latex.stdout).toContain(
      '\\frac{\\partial E}{\\partial n_{7}} \\cdot \\frac{\\partial n_{7}}{\\partial n_{5}} \\cdot \\frac{\\partial n_{5}}{\\partial w_{2,5}}',
    );
    const json = gradflow('key', '--network', 'week09-net1', '--wrt', '(x_2)_d', '--json');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as {
      pathCount: string;
      factored: { text: string };
      steps: unknown[];
    };
    expect(out.pathCount).toBe('2');
    expect(out.factored.text).toBe(
      '(∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_2 + ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂n_2) · ∂n_2/∂(x_2)_d',
    );
    expect(out.steps).toHaveLength(6);
  });
});

describe('errors: one line on stderr, exit code 2', () => {
  it.each([
    [
      ['paths', '--network', 'week09-net1'],
      'gradflow paths: missing --to <target> (see gradflow paths --help)',
    ],
    [
      ['paths', '--network', 'week09-net1', '--to', 'n4', '--bogus'],
      'gradflow paths: unknown option --bogus (see gradflow paths --help)',
    ],
    [
      ['paths', '--network', 'week09-net1', '--to', 'w123'],
      'gradflow paths: w123 is ambiguous: write w_{1,23} or w_{12,3}',
    ],
    [
      ['key', '--network', 'week09-net1', '--wrt', 'w15'],
      'gradflow key: w_{1,5} needs an edge n_1 → n_5, which does not exist in Network I',
    ],
    [
      ['key', '--network', 'net9', '--wrt', 'n1'],
      'gradflow key: unknown network "net9": use a built-in id (week09-net1, week09-net2) or a path to a .json file',
    ],
    [
      ['key', '--network', 'missing.json', '--wrt', 'n1'],
      'gradflow key: cannot read missing.json: no such file',
    ],
    [
      ['key', '--network', 'cyclic.json', '--wrt', 'n1'],
      'gradflow key: cyclic.json is not a valid network: cycle: n1 → n2 → n1 (a network must be acyclic)',
    ],
    [
      ['paths', '--network', 'week09-net1', '--to', 'n4', '--limit', 'ten'],
      'gradflow paths: --limit must be a whole number from 0 to 1000000 (got "ten")',
    ],
    [['frobnicate'], 'gradflow: unknown command "frobnicate" (commands: paths, key, check, pack, backup)'],
  ])('%j', (args, message) => {
    const r = gradflow(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${message}\n`);
  });

  it('reports a file that is not JSON', () => {
    const r = gradflow('paths', '--network', 'broken.json', '--to', 'n1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gradflow paths: broken\.json is not valid JSON: .+\n$/);
  });

  it('prints usage for --help (exit 0) and without a command (exit 2)', () => {
    const help = gradflow('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('  paths ');
    expect(help.stdout).toContain('  key ');
    const sub = gradflow('key', '--help');
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^usage: gradflow key --network <builtin-id\|file\.json> \[--wrt <target>\]/);
    const none = gradflow();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: gradflow <command>');
  });
});
