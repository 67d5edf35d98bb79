import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PACKS } from '../../engine/quiz/pack';

const root = path.resolve(__dirname, '../..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
let tmp = '';

function gradflow(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [tsxCli, path.join(root, 'server/cli/main.ts'), ...args], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gradflow-pack-'));
  writeFileSync(
    path.join(tmp, 'good.json'),
    JSON.stringify({
      id: 'mini',
      title: 'Mini pack',
      questions: [
        { id: 'a', type: 'count', prompt: 'Paths to $n_1$?', network: 'week09-net2', target: 'n1' },
        { id: 'b', type: 'expression', prompt: 'Write $\\partial E/\\partial n_4$', network: 'week09-net1', target: 'n4' },
      ],
    }),
  );
  writeFileSync(
    path.join(tmp, 'bad.json'),
    JSON.stringify({
      id: 'mini',
      title: 'Mini pack',
      questions: [
        { id: 'a', type: 'count', prompt: 'Paths?', network: 'week09-net2', target: 'n1' },
        { id: 'b', type: 'choice', prompt: 'Pick', choices: ['x', 'y'], answer: 2 },
        { id: 'a', type: 'highlight', prompt: 'Tap', network: 'week09-net1', target: 'w_{1,5}' },
      ],
    }),
  );
  writeFileSync(path.join(tmp, 'broken.json'), '{"id": ');
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('gradflow pack', () => {
  it('validate prints "ok: N questions" for a good pack and exits 0', () => {
    const r = gradflow('pack', 'validate', 'good.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: 2 questions/);
  });

  it('validate prints one line per problem with its field path and exits 2', () => {
    const r = gradflow('pack', 'validate', path.join(tmp, 'bad.json'));
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toEqual([
      'questions.2.id: duplicate question id "a" (also questions.0.id)',
      'questions.1.answer: answer 2 is out of range: there are 2 choices, numbered 0 to 1',
      'questions.2.target: w_{1,5} needs an edge n_1 → n_5, which does not exist in Network I',
    ]);
    const json = gradflow('pack', 'validate', 'bad.json', '--json');
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as { ok: boolean; errors: { path: string }[] }).errors.map((e) => e.path)).toContain('questions.1.answer');
  });

  it('validate reports unreadable files on stderr with exit 2', () => {
    const broken = gradflow('pack', 'validate', 'broken.json');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^gradflow pack: broken\.json is not valid JSON/);
    const missing = gradflow('pack', 'validate', 'nope.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.json: no such file');
  });

  it('show week09 --json prints the built-in pack, which validates again', () => {
    const r = gradflow('pack', 'show', 'week09', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(BUILTIN_PACKS[0])));
    writeFileSync(path.join(tmp, 'week09.json'), r.stdout);
    const again = gradflow('pack', 'validate', 'week09.json');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^ok: 18 questions/);
    const text = gradflow('pack', 'show', 'week09');
    expect(text.stdout).toContain('Week 09 — how the gradient flows');
    expect(text.stdout).toContain('expr-net2-n1');
  });

  it('rejects unknown actions and packs with exit 2', () => {
    expect(gradflow('pack', 'frobnicate').code).toBe(2);
    const unknown = gradflow('pack', 'show', 'week10');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown pack "week10"');
  });
});
