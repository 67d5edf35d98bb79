import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePack } from './pack';

const doc = readFileSync(path.resolve(__dirname, '../../docs/PACK_FORMAT.md'), 'utf8');

describe('docs/PACK_FORMAT.md', () => {
  it('its full example is a valid pack with the questions it describes', () => {
    const json = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(json).toBeDefined();
    const r = compilePack(JSON.parse(json as string));
    if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    expect(r.pack.questions.map((q) => q.type)).toEqual(['count', 'highlight', 'expression', 'formula', 'choice', 'expression']);
    expect(r.pack.questions[5]?.hasVariants).toBe(true);
    expect(r.pack.questions[2]?.grade({ kind: 'expression', text: '(dE/dn4 dn4/dn2 dn2/dn1 + dE/dn4 dn4/dn3 dn3/dn1)' }, 0).credit).toBe(1);
  });
});
