'use client';
/**
 * One graded answer as the student sees it at once: the verdict, what the
 * engine read, the feedback notes, the explanation and (when given) the key,
 * drawn on the network for highlight questions. Shared by assignments and practice.
 */
import type { AnswerPayload, KeyView, NoteView, PublicQuestion } from '@/engine/protocol';
import { KeySteps } from '../../components/key-steps';
import { LazyNetworkGraph } from '../../components/lazy';
import { Markdown } from '../../components/markdown';
import { PlainMath } from '../../components/plain-math';
import { Tex } from '../../components/tex';
import { describeAnswer } from '../../student/screens';

const VERDICT = {
  correct: { icon: '✓', title: 'Correct' },
  partial: { icon: '◐', title: 'Partly right' },
  wrong: { icon: '✗', title: 'Not quite' },
} as const;

export function AttemptResult({
  verdict,
  credit,
  answer,
  read,
  notes,
  question,
  explanation,
  answerKey,
  heading,
}: {
  verdict: 'correct' | 'partial' | 'wrong';
  credit: number;
  answer: AnswerPayload;
  read: { text: string; latex: string } | null;
  notes: readonly NoteView[];
  question: PublicQuestion;
  explanation: string | null;
  answerKey: KeyView | null;
  heading?: string;
}) {
  const v = VERDICT[verdict];
  const shownNotes = notes.filter((n) => !n.code.startsWith('choice/'));
  const mine = answer.kind === 'highlight' ? answer.edges : null;
  return (
    <div className="as-result" data-testid="attempt-result" data-verdict={verdict}>
      <div className={`verdict verdict-${verdict}`} role="status">
        <span className="verdict-icon" aria-hidden="true">
          {v.icon}
        </span>
        <div>
          <h3>{heading ? `${heading}: ${v.title}` : v.title}</h3>
          <p className="verdict-points" data-testid="attempt-credit">
            Credit {Math.round(credit * 100)}%
          </p>
        </div>
      </div>
      {read && (answer.kind === 'expression' || answer.kind === 'formula') ? (
        <p className="read-as">
          <span className="muted">We read your answer as </span>
          {read.latex ? <Tex latex={read.latex} /> : read.text}
        </p>
      ) : (
        <p className="read-as">
          <span className="muted">You answered: </span>
          <PlainMath text={describeAnswer(answer, question)} edges={answer.kind === 'highlight'} />
        </p>
      )}
      {shownNotes.length > 0 ? (
        <ul className="notes" data-testid="attempt-notes">
          {shownNotes.map((n, i) => (
            <li key={i}>
              <PlainMath text={n.message} />
            </li>
          ))}
        </ul>
      ) : null}
      {answerKey ? (
        <div className="answer-key card" data-testid="attempt-key">
          <h3>The answer</h3>
          {answerKey.choiceIndex !== null ? (
            <p className="key-text">
              <Markdown text={question.choices[answerKey.choiceIndex] ?? answerKey.text} inline />
            </p>
          ) : answerKey.latex ? (
            <div className="key-math" tabIndex={0} aria-label="The correct answer (scrolls sideways when long)">
              <Tex latex={answerKey.latex} />
            </div>
          ) : (
            <p className="key-text">
              <PlainMath text={answerKey.text} edges={answerKey.edges.length > 0} />
            </p>
          )}
          {question.network != null && answerKey.edges.length > 0 ? (
            <LazyNetworkGraph network={question.network} target={question.target} mode="show" keyEdges={answerKey.edges} mine={mine} title="The network with the edges that carry gradient marked" />
          ) : null}
          <KeySteps steps={answerKey.steps} className="steps" />
        </div>
      ) : null}
      {explanation ? (
        <details className="explanation" open={verdict !== 'correct'}>
          <summary>Explanation</summary>
          <Markdown text={explanation} />
        </details>
      ) : null}
    </div>
  );
}
