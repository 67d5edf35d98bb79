import { describe, expect, it } from 'vitest';
import { main } from './main';
import type { CliIo } from './common';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd() };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('gradflow check', () => {
  it('prints JSON { correct, score, read, notes } and exits 0 for a wrong answer', async () => {
    const r = await run('check', '--network', 'week09-net1', '--wrt', 'n4', '--answer', 'dE/dn6 dn4/dn6', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { correct: boolean; score: number; read: { text: string }; notes: { code: string }[] };
    expect(Object.keys(out)).toEqual(['correct', 'score', 'read', 'notes']);
    expect(out.correct).toBe(false);
    expect(out.read.text).toBe('∂E/∂n_6 · ∂n_4/∂n_6');
    expect(out.notes.map((n) => n.code)).toEqual(['atom/wrong-direction', 'term/extra', 'path/missing']);
  });

  it('grades the lecture answer in LaTeX as correct, in text form', async () => {
    const r = await run('check', '-n', 'week09-net2', '-w', 'w_{2,4}', '-a', '\\left(\\frac{\\partial E}{\\partial n_6}\\frac{\\partial n_6}{\\partial n_4}+\\frac{\\partial E}{\\partial n_8}\\frac{\\partial n_8}{\\partial n_4}\\right)\\frac{\\partial n_4}{\\partial w_{2,4}}');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('correct: yes');
    expect(r.stdout).toContain('notes:   none');
  });

  it('grades counts against the path count, highlights and formulas', async () => {
    const count = await run('check', '-n', 'week09-net2', '-w', 'n1', '-k', 'count', '-a', '4', '--json');
    expect(JSON.parse(count.stdout).notes[0].code).toBe('count/off-by-one');
    const hl = await run('check', '-n', 'week09-net1', '-w', 'w25', '-k', 'highlight', '-a', 'n2-n5, n5-n7', '--json');
    expect(JSON.parse(hl.stdout).notes[0]).toMatchObject({ code: 'highlight/missing-edge', data: { edges: ['n7-E'] } });
    const f = await run('check', '-k', 'formula', '--expected', 'k', '--params', 'k', '-a', '(k+1)-1', '--json');
    expect(JSON.parse(f.stdout)).toMatchObject({ correct: true, score: 1 });
  });

  it('grades a local derivative one level down, with notes', async () => {
    const ok = await run('check', '--local', 'n_5/w_{2,5}', '-n', 'week09-net1', '-a', "\\sigma'(z_5) \\cdot n_2");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('local derivative ∂n_5/∂w_{2,5} on Network I');
    expect(ok.stdout).toContain('correct: yes');
    expect(ok.stdout).toContain("read:    g'(z_5) · n_2");
    const wrong = JSON.parse((await run('check', '--local', 'n7/n5', '-a', "g'(z_5) w_{7,5}", '--json')).stdout) as { correct: boolean; score: number; notes: { code: string }[] };
    expect(wrong.correct).toBe(false);
    expect(wrong.notes.map((n) => n.code)).toEqual(['local/wrong-g-prime', 'local/wrong-weight']);
    const loss = JSON.parse((await run('check', '-k', 'local', '--local', 'E/n_7', '-a', 'n_7 - y_7', '--json')).stdout) as { score: number; notes: { code: string }[] };
    expect(loss).toMatchObject({ score: 0.5, notes: [{ code: 'local/loss-factor-two' }] });
    const unread = JSON.parse((await run('check', '--local', 'n_5/b_5', '-a', "g'(", '--json')).stdout) as { read: unknown; notes: { code: string }[] };
    expect(unread.read).toBeNull();
    expect(unread.notes[0]?.code).toBe('parse/error');
  });

  it('exits 2 for a local derivative that is not one, or not in the network', async () => {
    expect((await run('check', '--local', 'dE/dw25', '-a', 'x')).stderr).toContain('not a local derivative');
    const r = await run('check', '--local', 'n_2/w_{5,2}', '-n', 'week09-net1', '-a', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a weight of Network I');
    expect((await run('check', '-k', 'local', '-a', 'x')).code).toBe(2);
  });

  it('exits 2 for bad arguments', async () => {
    expect((await run('check', '-n', 'week09-net1', '-a', 'dE/dn6')).code).toBe(2);
    expect((await run('check', '-n', 'week09-net1', '-w', 'n4', '-a', 'x', '-k', 'bogus')).code).toBe(2);
    expect((await run('check', '-n', 'week09-net1', '-w', 'n99', '-a', 'x')).code).toBe(2);
    expect((await run('check', '-k', 'formula', '-a', 'k', '--params', 'k')).code).toBe(2);
    expect((await run('check', '-k', 'formula', '-a', 'k', '--params', 'k', '--expected', 'sin(k)')).code).toBe(2);
    expect((await run('check', '-n', 'nope', '-w', 'n4', '-a', 'x')).stderr).toContain('unknown network');
  });
});
