/**
 * The answers simulated students send: for each question of a built-in pack
 * a right answer (built from the key the engine computes) and a wrong one,
 * each in the written forms a class produces (`·`, `*`, juxtaposition or
 * `\cdot`; `∂` or `d`), all checked against the engine's own grader before
 * the run, so the server does the grading work it does in a lecture.
 */
import type { AnswerPayload, KeyView, QuestionType } from '@/engine/protocol';
import { BUILTIN_PACKS, compilePack } from '@/engine/quiz/pack';
import type { RuntimePack, RuntimeQuestion } from '@/engine/quiz/runtime';

/** Right and wrong answers to one question, each in several equivalent written forms. */
export interface QuestionAnswers {
  readonly index: number;
  readonly id: string;
  readonly type: QuestionType;
  readonly timeLimitMs: number;
  readonly hasVariants: boolean;
  readonly correct: readonly AnswerPayload[];
  readonly wrong: readonly AnswerPayload[];
}

/** Ways students write a product (plain, Unicode, LaTeX, juxtaposition). */
const SEPARATORS = [' · ', '*', ' * ', ' ', '·', ' \\cdot '];
/** Ways students write the differential. */
const DIFFERENTIALS = ['∂', 'd'];

/** Compiles a built-in pack by id (the one the server will play). */
export function builtinPack(packId: string): RuntimePack {
  const spec = BUILTIN_PACKS.find((p) => p.id === packId);
  if (!spec) throw new Error(`no built-in pack "${packId}" (built-in: ${BUILTIN_PACKS.map((p) => p.id).join(', ')})`);
  const compiled = compilePack(spec);
  if (!compiled.ok) throw new Error(`pack "${packId}" does not compile: ${compiled.errors.map((e) => e.message).join('; ')}`);
  return compiled.pack;
}

/** Drops the last factor of an expression ("a · b · c" → "a · b"): well-formed, and wrong. */
function dropLastFactor(text: string): string {
  const cut = text.lastIndexOf(' · ');
  return cut > 0 ? text.slice(0, cut) : `${text} · ${text}`;
}

/** The written forms of one answer that a class produces (12 for an expression, 2 for a formula or highlight). */
function forms(answer: AnswerPayload): AnswerPayload[] {
  switch (answer.kind) {
    case 'expression':
      return SEPARATORS.flatMap((sep) => DIFFERENTIALS.map((d) => ({ kind: 'expression' as const, text: answer.text.replaceAll(' · ', sep).replaceAll('∂', d) })));
    case 'formula':
      return [answer, { kind: 'formula', text: answer.text.replaceAll(' ', '') }];
    case 'highlight':
      return [answer, { kind: 'highlight', edges: [...answer.edges].reverse() }];
    case 'count':
    case 'choice':
      return [answer];
    case 'numeric':
      return [answer, { kind: 'numeric', text: ` ${answer.text} ` }];
    case 'multi':
      return [answer, { kind: 'multi', indices: [...answer.indices].reverse() }];
  }
}

function pair(q: RuntimeQuestion, index: number, key: KeyView): { correct: AnswerPayload; wrong: AnswerPayload } {
  switch (q.type) {
    case 'count':
      return { correct: { kind: 'count', value: key.text }, wrong: { kind: 'count', value: String(Number(key.text) + 1) } };
    case 'highlight':
      return { correct: { kind: 'highlight', edges: [...key.edges] }, wrong: { kind: 'highlight', edges: key.edges.slice(1) } };
    case 'expression':
      return { correct: { kind: 'expression', text: key.text }, wrong: { kind: 'expression', text: dropLastFactor(key.text) } };
    case 'formula':
      return { correct: { kind: 'formula', text: key.text }, wrong: { kind: 'formula', text: `${key.text} + 1` } };
    case 'numeric':
      return { correct: { kind: 'numeric', text: key.text }, wrong: { kind: 'numeric', text: String(Number(key.text) * 2 + 1) } };
    case 'local':
      return { correct: { kind: 'expression', text: key.text }, wrong: { kind: 'expression', text: `${key.text} · 3` } };
    case 'multi': {
      const right = key.choiceIndices ?? [];
      return { correct: { kind: 'multi', indices: [...right] }, wrong: { kind: 'multi', indices: right.slice(1) } };
    }
    case 'poll':
    case 'truefalse':
    case 'choice': {
      const right = key.choiceIndex ?? 0;
      const options = Math.max(2, q.view(index, 0).choices.length);
      return { correct: { kind: 'choice', index: right }, wrong: { kind: 'choice', index: (right + 1) % options } };
    }
  }
}

/**
 * A right and a wrong answer for every question. Throws when the engine does
 * not grade them as meant (except per-student variants, whose key the
 * generator cannot know: those students send the room key's answer).
 */
export function answersFor(pack: RuntimePack): QuestionAnswers[] {
  return pack.questions.map((q, index) => {
    const base = pair(q, index, q.key(0));
    const correct = forms(base.correct);
    const wrong = forms(base.wrong);
    // A poll has no right answer: both votes are graded alike.
    if (!q.hasVariants && q.type !== 'poll') {
      for (const a of correct) if (!q.grade(a, 0).correct) throw new Error(`question ${index} (${q.id}): the right answer ${JSON.stringify(a)} is graded wrong`);
      for (const a of wrong) if (q.grade(a, 0).correct) throw new Error(`question ${index} (${q.id}): the wrong answer ${JSON.stringify(a)} is graded right`);
    }
    return { index, id: q.id, type: q.type, timeLimitMs: q.timeLimitMs, hasVariants: q.hasVariants, correct, wrong };
  });
}
