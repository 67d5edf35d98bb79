import { describe, expect, it } from 'vitest';
import { compilePack } from './pack';
import { MAX_DRAWN_EDGES } from './graph-question';

const base = { id: 'limits', title: 'Limits' };

describe('pack size limits', () => {
  it('refuses a generated network too big to build quickly, at its field path', () => {
    const result = compilePack({
      ...base,
      networks: { huge: { generator: 'layered', widths: Array.from({ length: 100 }, () => 100) } },
      questions: [{ id: 'q', type: 'count', count: 'paths', prompt: 'How many?', network: 'huge', target: 'n1' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.path).toBe('networks.huge.widths');
    expect(result.errors[0]?.message).toContain('at most 20000 edges');
  });

  it('sends a network too big to draw only for count questions, and without the graph', () => {
    const widths = [10, 20, 20, 10];
    const count = compilePack({
      ...base,
      networks: { big: { generator: 'layered', widths } },
      questions: [{ id: 'q', type: 'count', count: 'paths', prompt: 'How many paths?', network: 'big', target: 'n60' }],
    });
    expect(count.ok).toBe(true);
    if (!count.ok) return;
    expect(count.pack.questions[0]?.view(0, 0).network).toBeNull();
    const highlight = compilePack({
      ...base,
      networks: { big: { generator: 'layered', widths } },
      questions: [{ id: 'q', type: 'highlight', prompt: 'Tap the edges', network: 'big', target: 'n60' }],
    });
    expect(highlight.ok).toBe(false);
    if (highlight.ok) return;
    expect(highlight.errors[0]?.message).toContain(`at most 60 neurons and ${MAX_DRAWN_EDGES} edges`);
  });
});
