import { choiceQuestion } from '@/engine/quiz/choice';
import type { RuntimePack } from '@/engine/quiz/runtime';
import type { PackSource } from '../game/ports';

/** A small pack of multiple-choice questions about the lecture, for server tests. */
export function choicePack(questions = 3, timeLimitMs = 20_000): RuntimePack {
  return {
    id: 'choice-test',
    title: 'Chain rule warm-up',
    questions: Array.from({ length: questions }, (_, i) =>
      choiceQuestion({
        id: `c${i}`,
        prompt: `Question ${i + 1}: how many factors has the product along one path from E to a layer-${i + 2} neuron?`,
        choices: [String(i + 1), String(i + 2), String(i + 3)],
        answer: 1,
        timeLimitMs,
        multiplier: 1,
        explanation: 'One factor per layer on the way down.',
      }),
    ),
  };
}

/** A pack source over fixed packs. */
export function packSource(...packs: RuntimePack[]): PackSource {
  const find = (id: string) => packs.find((p) => p.id === id) ?? null;
  return {
    get: async (id) => find(id),
    snapshot: async (id) => {
      const pack = find(id);
      return pack ? { ref: id, pack } : null;
    },
  };
}
