import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main';
import type { CliIo } from './common';

let tmp = '';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: tmp };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const IDENTITY = {
  activation: 'identity',
  inputs: { x1: 1, x2: 2 },
  inputWeights: { 'v_{1,1}': 0.5, 'v_{2,2}': '-1/4' },
  weights: { w13: 1, w14: 2, w24: 1, w25: -1, w36: 1, w46: '1/2', w57: 3 },
  biases: { n6: 0.25 },
  targets: { n6: 1, n7: 0 },
};

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gradflow-numeric-'));
  writeFileSync(path.join(tmp, 'identity.json'), JSON.stringify(IDENTITY));
  writeFileSync(path.join(tmp, 'sigmoid.json'), JSON.stringify({ ...IDENTITY, activation: 'sigmoid', activations: { n7: 'tanh' } }));
  writeFileSync(path.join(tmp, 'missing.json'), JSON.stringify({ ...IDENTITY, weights: { w13: 1 } }));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('gradflow key --values', () => {
  it('prints the exact value, each path with its factors, and the mistake values', async () => {
    const r = await run('key', '-n', 'week09-net1', '-w', 'w_{2,5}', '--values', 'identity.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Network I: ∂E/∂w_{2,5} = -9/2 ≈ -4.5\n');
    expect(r.stdout).toContain('  1. E → n_7 → n_5 → w_{2,5}: -4.5\n     ∂E/∂n_7 = 3 · ∂n_7/∂n_5 = 3 · ∂n_5/∂w_{2,5} = -0.5\n');
    expect(r.stdout).toMatch(/numeric\/loss-factor-two\s+-2\.25\s+∂E\/∂w_\{2,5\} with ∂E\/∂n = \(n − y\)/);
    expect(r.stdout).toMatch(/numeric\/loss-sign\s+4\.5\s/);
  });

  it('prints JSON with the terms and mistakes, and float64 with an error bound for sigmoid/tanh', async () => {
    const r = await run('key', '-n', 'week09-net1', '-w', '(x_2)_d', '--values', 'sigmoid.json', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { exact: string | null; errorBound: number; value: number; terms: { path: string; contribution: number }[]; mistakes: { code: string }[] };
    expect(out.exact).toBeNull();
    expect(out.errorBound).toBeGreaterThan(0);
    expect(out.errorBound).toBeLessThan(1e-14);
    expect(out.terms.map((t) => t.path)).toEqual(['E → n_6 → n_4 → n_2 → (x_2)_d', 'E → n_7 → n_5 → n_2 → (x_2)_d']);
    expect(out.terms[0]!.contribution + out.terms[1]!.contribution).toBeCloseTo(out.value, 14);
    expect(out.mistakes.map((m) => m.code)).toContain('numeric/missing-path');
  });

  it('a forward value and a local derivative', async () => {
    const n6 = await run('key', '-n', 'week09-net1', '--of', 'n6', '--values', 'identity.json');
    expect(n6.stdout).toBe('Network I: n_6 = 1\nmistakes (matched in this order):\n' + n6.stdout.split('\n').slice(2).join('\n'));
    const local = await run('key', '-n', 'week09-net1', '--of', 'n4', '-w', 'n1', '--values', 'identity.json', '--json');
    expect(JSON.parse(local.stdout)).toMatchObject({ ask: '∂n_4/∂n_1', exact: '2' });
  });

  it('refuses bad values files and asks with one line, exit 2', async () => {
    const missing = await run('key', '-n', 'week09-net1', '-w', 'n4', '--values', 'missing.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('gradflow key: missing.json is not valid for Network I: weights: missing w_{1,4}, w_{2,4}, w_{2,5}, w_{3,6}, w_{4,6}, w_{5,7}: every edge needs a weight\n');
    expect((await run('key', '-n', 'week09-net1', '-w', 'n4', '--values', 'nope.json')).stderr).toContain('cannot read nope.json: no such file');
    expect((await run('key', '-n', 'week09-net1', '-w', 'w15', '--values', 'identity.json')).stderr).toContain('w_{1,5}');
    expect((await run('key', '-n', 'week09-net1', '--values', 'identity.json')).stderr).toContain('give --wrt <target>');
    expect((await run('key', '-n', 'week09-net1', '-w', 'n4', '--of', 'n4')).stderr).toContain('--of and --d need --values');
  });
});

describe('gradflow check --values', () => {
  it('grades a number and names the mistake it matches', async () => {
    const ok = await run('check', '-n', 'week09-net1', '-w', 'w_{2,5}', '--values', 'identity.json', '--answer=-4.5', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ correct: true, score: 1, read: { text: '-4.5' }, notes: [] });
    const half = await run('check', '-n', 'week09-net1', '-w', 'w_{2,5}', '--values', 'identity.json', '--answer=-9/4', '--json');
    expect(JSON.parse(half.stdout)).toMatchObject({ correct: false, read: { text: '-9/4 = -2.25', latex: '-\\frac{9}{4}' }, notes: [{ code: 'numeric/loss-factor-two' }] });
  });

  it('states the tolerance and accepts significant digits', async () => {
    const r = await run('check', '-n', 'week09-net1', '-w', '(x_2)_d', '--values', 'sigmoid.json', '--answer', '1e9', '--digits', '3');
    expect(r.stdout).toContain('∂E/∂(x_2)_d on Network I, correct to 3 significant digits\ncorrect: no\n');
    expect(r.stdout).toContain('numeric/wrong');
    const key = JSON.parse((await run('key', '-n', 'week09-net1', '-w', '(x_2)_d', '--values', 'sigmoid.json', '--json')).stdout) as { value: number };
    const three = (await run('check', '-n', 'week09-net1', '-w', '(x_2)_d', '--values', 'sigmoid.json', '--answer', key.value.toPrecision(3), '--digits', '3', '--json')).stdout;
    expect(JSON.parse(three)).toMatchObject({ correct: true });
  });

  it('bounces unreadable numbers (exit 0, parse note) and bad tolerances (exit 2)', async () => {
    const r = await run('check', '-n', 'week09-net1', '-w', 'n4', '--values', 'identity.json', '--answer', 'one half', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).notes[0].code).toBe('parse/error');
    expect((await run('check', '-n', 'week09-net1', '-w', 'n4', '--values', 'identity.json', '-a', '1', '--tolerance', '50%')).code).toBe(2);
    expect((await run('check', '-n', 'week09-net1', '-w', 'n4', '--values', 'identity.json', '-a', '1', '--tolerance', '1%', '--digits', '2')).code).toBe(2);
    expect((await run('check', '-n', 'week09-net1', '-w', 'n4', '-k', 'numeric', '-a', '1')).stderr).toContain('--kind numeric needs --values');
  });
});
