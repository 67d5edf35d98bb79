'use client';
import type { AnswerPayload, PublicQuestion, RoomView } from '@/engine/protocol';
import { Countdown } from '../components/countdown';
import { LazyExpressionAnswer, LazyHighlightAnswer, LazyLocalAnswer, LazyNetworkGraph } from '../components/lazy';
import { Markdown } from '../components/markdown';
import { useExpired } from '../lib/clock';
import { ChoiceAnswer } from './answers/choice-answer';
import { CountAnswer } from './answers/count-answer';
import { FormulaAnswer } from './answers/formula-answer';
import { NumericAnswer } from './answers/numeric-answer';
import { useState } from 'react';
import { MultiAnswer } from './answers/multi-answer';

const TYPE_LABEL: Readonly<Record<PublicQuestion['type'], string>> = {
  expression: 'Gradient expression',
  highlight: 'Highlight the paths',
  count: 'Count',
  formula: 'Formula',
  choice: 'Multiple choice',
  numeric: 'Number',
  multi: 'Pick every right option',
  truefalse: 'True or false',
  poll: 'Poll',
  local: 'Local derivative',
};

/** Header of a question: number, kind, multiplier and the countdown. */
export function QuestionHeader({
  room,
  question,
  offset,
}: {
  room: RoomView;
  question: PublicQuestion;
  offset: number;
}) {
  return (
    <div className="q-head">
      <div className="q-meta">
        <span className="q-number" data-testid="question-number">
          Question {room.questionIndex + 1} of {room.questionCount}
        </span>
        <span className="q-type">{TYPE_LABEL[question.type]}</span>
        {question.type === 'poll' ? (
          <span className="badge" data-testid="multiplier">
            Poll: no points
          </span>
        ) : question.multiplier !== 1 ? (
          <span className="badge" data-testid="multiplier">
            {question.multiplier === 0 ? 'Practice: no points' : `×${question.multiplier} points`}
          </span>
        ) : null}
      </div>
      <Countdown deadline={room.deadline} offset={offset} totalMs={question.timeLimitMs} />
    </div>
  );
}

/** The open question and the answer control for its type. */
export function QuestionScreen({
  room,
  question,
  offset,
  onSubmit,
  note,
}: {
  room: RoomView;
  question: PublicQuestion;
  offset: number;
  onSubmit: (answer: AnswerPayload) => void;
  note: string | null;
}) {
  const expired = useExpired(room.deadline, offset);
  const disabled = expired;
  const showGraph =
    question.network !== null && question.type !== 'highlight' && question.type !== 'expression' && question.type !== 'local';
  const [showValues, setShowValues] = useState(true);
  const values = question.numeric?.values;
  return (
    <section
      className="screen screen-question"
      data-testid="screen-question"
      data-question-index={room.questionIndex}
      data-question-type={question.type}
      aria-labelledby="q-prompt"
    >
      <div className="q-left">
        <QuestionHeader room={room} question={question} offset={offset} />
        <div id="q-prompt" className="prompt" data-testid="question-prompt">
          <Markdown text={question.prompt} />
        </div>
        {note ? (
          <p className="error" role="alert" data-testid="answer-note">
            {note}
          </p>
        ) : null}
        {expired ? (
          <p className="notice" role="status">
            Time&apos;s up: waiting for the results.
          </p>
        ) : null}
        {showGraph ? (
          <LazyNetworkGraph
            network={question.network}
            target={question.target}
            mode="show"
            values={values !== undefined && showValues ? values : undefined}
            title="The network of this question"
          />
        ) : null}
        {showGraph && values !== undefined ? (
          <button
            type="button"
            className="btn"
            data-testid="toggle-values"
            aria-pressed={showValues}
            onClick={() => setShowValues((v) => !v)}
          >
            {showValues ? 'Hide the values on the network' : 'Show the values on the network'}
          </button>
        ) : null}
      </div>
      <div className="q-right">
        <AnswerControl
          key={`${room.roomId}:${room.questionIndex}`}
          question={question}
          onSubmit={onSubmit}
          disabled={disabled}
        />
      </div>
    </section>
  );
}

/** The answer input for a question's type (shared with the assignment and practice pages). */
export function AnswerControl({
  question,
  onSubmit,
  disabled,
}: {
  question: PublicQuestion;
  onSubmit: (a: AnswerPayload) => void;
  disabled: boolean;
}) {
  switch (question.type) {
    case 'choice':
      return (
        <ChoiceAnswer
          question={question}
          disabled={disabled}
          onSubmit={(index) => onSubmit({ kind: 'choice', index })}
        />
      );
    case 'truefalse':
    case 'poll':
      return (
        <ChoiceAnswer
          question={question}
          disabled={disabled}
          onSubmit={(index) => onSubmit({ kind: 'choice', index })}
        />
      );
    case 'multi':
      return (
        <MultiAnswer
          question={question}
          disabled={disabled}
          onSubmit={(indices) => onSubmit({ kind: 'multi', indices })}
        />
      );
    case 'count':
      return <CountAnswer disabled={disabled} onSubmit={(value) => onSubmit({ kind: 'count', value })} />;
    case 'formula':
      return (
        <FormulaAnswer
          params={question.params}
          disabled={disabled}
          onSubmit={(text) => onSubmit({ kind: 'formula', text })}
        />
      );
    case 'highlight':
      return (
        <LazyHighlightAnswer
          question={question}
          disabled={disabled}
          onSubmit={(edges) => onSubmit({ kind: 'highlight', edges })}
        />
      );
    case 'numeric':
      return (
        <NumericAnswer
          tolerance={question.numeric?.tolerance ?? null}
          disabled={disabled}
          onSubmit={(text) => onSubmit({ kind: 'numeric', text })}
        />
      );
    case 'local':
      return (
        <LazyLocalAnswer
          question={question}
          disabled={disabled}
          onSubmit={(text) => onSubmit({ kind: 'expression', text })}
        />
      );
    case 'expression':
      return (
        <LazyExpressionAnswer
          question={question}
          disabled={disabled}
          onSubmit={(text) => onSubmit({ kind: 'expression', text })}
        />
      );
  }
}
