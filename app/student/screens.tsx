'use client';
/** The student's screens other than the open question, one per phase. */
import type { AnswerPayload, MeView, PublicQuestion, ResultView, RoomView } from '@/engine/protocol';
import { Countdown } from '../components/countdown';
import { KeySteps } from '../components/key-steps';
import { LazyNetworkGraph } from '../components/lazy';
import { Markdown } from '../components/markdown';
import { PlainMath } from '../components/plain-math';
import { MathLines } from '../components/math-lines';
import { ordinal, plural, points } from '../lib/format';
import { historyUrl } from '../lib/member';
import { choiceColour, choiceLetter, choiceShape } from '../components/choice-mark';
import { Podium } from '../components/podium';

/** The lobby: you're in, waiting for the host. */
export function LobbyScreen({ room, me }: { room: RoomView; me: MeView }) {
  return (
    <section className="screen screen-lobby center" data-testid="screen-lobby">
      <p className="big-check" aria-hidden="true">
        ✓
      </p>
      <h2 data-testid="lobby-greeting">You&apos;re in, {me.nickname}!</h2>
      <p className="lead">{room.title}</p>
      <p className="muted">
        {room.questionCount} questions · {plural(room.playerCount, 'player')} here
      </p>
      <p className="muted">Watch the big screen: the first question starts when your teacher is ready.</p>
    </section>
  );
}

/** A short description of an answer as it was sent. */
export function describeAnswer(answer: AnswerPayload, question: PublicQuestion | null): string {
  switch (answer.kind) {
    case 'choice': {
      const text = question?.choices[answer.index];
      return `${choiceLetter(answer.index)}${text ? `: ${text}` : ''}`;
    }
    case 'count':
      return answer.value;
    case 'formula':
    case 'expression':
    case 'numeric':
      return answer.text;
    case 'highlight':
      return answer.edges.length === 0
        ? 'no edges'
        : `${plural(answer.edges.length, 'edge')}: ${[...answer.edges].sort().join(', ')}`;
    case 'multi':
      return answer.indices.length === 0
        ? 'no options'
        : [...answer.indices]
            .sort((a, b) => a - b)
            .map((i) => `${choiceLetter(i)}${question?.choices[i] ? `: ${question.choices[i]}` : ''}`)
            .join('; ');
  }
}

/** An answer as it was sent: picked options by letter with their text as Markdown (math rendered), anything else as plain text. */
function SentAnswer({ answer, question }: { answer: AnswerPayload; question: PublicQuestion | null }) {
  const picks = answer.kind === 'choice' ? [answer.index] : answer.kind === 'multi' ? [...answer.indices].sort((a, b) => a - b) : null;
  if (picks && question && picks.every((i) => question.choices[i] !== undefined)) {
    return (
      <>
        {picks.map((i, n) => (
          <span key={i}>
            {n > 0 ? '; ' : ''}
            {choiceLetter(i)}: <Markdown text={question.choices[i] ?? ''} inline />
          </span>
        ))}
      </>
    );
  }
  return <PlainMath text={describeAnswer(answer, question)} edges={answer.kind === 'highlight'} />;
}

/** Answer sent (or queued while offline): wait for the others. */
export function WaitingScreen({
  room,
  question,
  offset,
  answer,
  queued,
  late,
  connected,
}: {
  room: RoomView;
  question: PublicQuestion | null;
  offset: number;
  answer: AnswerPayload | null;
  queued: boolean;
  late: boolean;
  connected: boolean;
}) {
  return (
    <section
      className="screen screen-waiting center"
      data-testid="screen-waiting"
      data-state={late ? 'late' : queued ? 'queued' : 'sent'}
    >
      <Countdown deadline={room.deadline} offset={offset} totalMs={question?.timeLimitMs ?? 0} />
      {late ? (
        <>
          <h2>Too late</h2>
          <p className="muted">Time was up before your answer arrived. Get ready for the next one!</p>
        </>
      ) : queued ? (
        <>
          <h2>{connected ? 'Sending your answer…' : 'Answer saved on your phone'}</h2>
          <p className="muted">
            {connected
              ? 'Just a moment.'
              : 'It will be sent as soon as you are back online, if there is still time.'}
          </p>
        </>
      ) : (
        <>
          <p className="big-check" aria-hidden="true">
            ✓
          </p>
          <h2 data-testid="answer-received">Answer received</h2>
          <p className="muted">Waiting for the others…</p>
        </>
      )}
      {answer ? (
        <p className="sent-answer">
          <span className="muted">You answered: </span>
          <span data-testid="sent-answer">
            <SentAnswer answer={answer} question={question} />
          </span>
        </p>
      ) : null}
    </section>
  );
}

type Verdict = 'correct' | 'partial' | 'wrong' | 'none' | 'pending' | 'voted';

function verdictOf(result: ResultView | null, type: PublicQuestion['type'] | undefined): Verdict {
  if (!result) return 'pending';
  if (!result.answered) return 'none';
  if (type === 'poll') return 'voted';
  if (result.correct) return 'correct';
  return result.credit > 0 ? 'partial' : 'wrong';
}

const VERDICT: Readonly<Record<Verdict, { icon: string; title: string }>> = {
  correct: { icon: '✓', title: 'Correct!' },
  partial: { icon: '◐', title: 'Partly right' },
  wrong: { icon: '✗', title: 'Not quite' },
  none: { icon: '–', title: 'No answer' },
  pending: { icon: '…', title: 'Checking your answer…' },
  voted: { icon: '●', title: 'Thanks for voting' },
};

/** The reveal: your verdict, points, feedback in words and the correct answer on the graph. */
export function RevealScreen({
  room,
  me,
  shown,
}: {
  room: RoomView;
  me: MeView | null;
  shown: PublicQuestion | null;
}) {
  const result = me?.result && me.result.questionIndex === room.questionIndex ? me.result : null;
  const question = shown && shown.index === room.questionIndex ? shown : room.question;
  const key = result?.key ?? room.reveal?.key ?? null;
  const verdict = verdictOf(result, question?.type);
  const poll = question?.type === 'poll';
  const v = VERDICT[verdict];
  const mine = result?.answer?.kind === 'highlight' ? result.answer.edges : null;
  // A wrong option's note only repeats the answer shown below.
  const notes = result?.notes.filter((n) => !n.code.startsWith('choice/')) ?? [];
  const showGraph = question?.network != null && key !== null && key.edges.length > 0;
  return (
    <section className="screen screen-reveal" data-testid="screen-reveal" data-verdict={verdict}>
      <div className={`verdict verdict-${verdict}`} data-testid="verdict" role="status">
        <span className="verdict-icon" aria-hidden="true">
          {v.icon}
        </span>
        <div>
          <h2>{v.title}</h2>
          {poll ? (
            <p className="verdict-points">A poll has no right answer and scores no points.</p>
          ) : result ? (
            <p className="verdict-points" data-testid="result-points" data-points={result.points}>
              +{points(result.points)} points
              {result.streak > 1 ? <span className="streak">Streak: {result.streak} in a row</span> : null}
            </p>
          ) : null}
        </div>
      </div>

      {result?.read && (result.answer?.kind === 'expression' || result.answer?.kind === 'formula') ? (
        <p className="read-as">
          <span className="muted">We read your answer as </span>
          {result.read.latex ? <MathLines latex={result.read.latex} display={false} /> : result.read.text}
        </p>
      ) : result?.answer ? (
        <p className="read-as">
          <span className="muted">You answered: </span>
          <SentAnswer answer={result.answer} question={question} />
        </p>
      ) : null}

      {notes.length > 0 ? (
        <ul className="notes" data-testid="result-notes">
          {notes.map((n, i) => (
            <li key={i}>
              <PlainMath text={n.message} />
            </li>
          ))}
        </ul>
      ) : null}

      {key && !poll ? (
        <div className="answer-key card" data-testid="key">
          <h3>The answer</h3>
          {key.choiceIndices && key.choiceIndices.length > 0 && question ? (
            <ul className="key-choices">
              {key.choiceIndices.map((i) => (
                <li key={i} className="key-choice">
                  <span className={`choice-chip ${choiceColour(i)}`} aria-hidden="true">
                    {choiceShape(i)} {choiceLetter(i)}
                  </span>{' '}
                  <Markdown text={question.choices[i] ?? ''} inline />
                </li>
              ))}
            </ul>
          ) : key.choiceIndex !== null && question ? (
            <p className="key-choice">
              <span
                className={`choice-chip ${choiceColour(key.choiceIndex)}`}
                aria-hidden="true"
              >
                {choiceShape(key.choiceIndex)} {choiceLetter(key.choiceIndex)}
              </span>{' '}
              <Markdown text={question.choices[key.choiceIndex] ?? key.text} inline />
            </p>
          ) : key.latex ? (
            <div className={`key-math${key.latex.length <= 12 ? ' key-math-big' : ''}`}>
              <MathLines latex={key.latex} />
            </div>
          ) : (
            <p className="key-text">
              <PlainMath text={key.text} edges={key.edges.length > 0} />
            </p>
          )}
          {showGraph && question ? (
            <>
              <LazyNetworkGraph
                network={question.network}
                target={question.target}
                mode="show"
                keyEdges={key.edges}
                mine={mine}
                values={question.numeric?.values}
                valuesStage="reveal"
                title="The network with the edges that carry gradient marked"
              />
              <p className="legend">
                <span aria-hidden="true">✓</span> carries gradient
                {mine ? (
                  <>
                    {' '}
                    · dashed: you missed it · <span aria-hidden="true">✗</span> you picked it, but it carries
                    none
                  </>
                ) : null}
              </p>
            </>
          ) : null}
          <KeySteps steps={key.steps} className="steps" />
        </div>
      ) : null}

      {room.reveal?.explanation ? (
        <div className="explanation">
          <Markdown text={room.reveal.explanation} />
        </div>
      ) : null}
    </section>
  );
}

/** Between questions: your rank, and who is just ahead. */
export function LeaderboardScreen({ room, me }: { room: RoomView; me: MeView | null }) {
  return (
    <section className="screen screen-leaderboard center" data-testid="screen-leaderboard" aria-labelledby="lb-title">
      <h2 id="lb-title" className="lb-title">
        Leaderboard
      </h2>
      <RankSummary me={me} />
      <Leaders room={room} me={me} />
    </section>
  );
}

function RankSummary({ me, final = false }: { me: MeView | null; final?: boolean }) {
  if (!me) return null;
  const moved = me.rank !== null && me.previousRank !== null ? me.previousRank - me.rank : 0;
  return (
    <div className="rank-summary">
      <p className="rank-big" data-testid="my-rank" data-rank={me.rank ?? ''}>
        {me.rank !== null ? ordinal(me.rank) : '–'}
      </p>
      <p className="rank-score" data-testid="my-score" data-score={me.score}>
        {final ? 'You finished with ' : ''}
        {points(me.score)} points
      </p>
      {!final && moved !== 0 ? (
        <p className="rank-move">
          <span aria-hidden="true">{moved > 0 ? '▲' : '▼'}</span> {moved > 0 ? 'up' : 'down'}{' '}
          {plural(Math.abs(moved), 'place')}
        </p>
      ) : null}
      {me.ahead ? (
        <p className="ahead" data-testid="ahead" data-ahead-score={me.ahead.score}>
          <strong className="name">{me.ahead.nickname}</strong> is just ahead by{' '}
          {points(me.ahead.score - me.score)} points
        </p>
      ) : me.rank === 1 ? (
        <p className="ahead" data-testid="ahead">
          {final ? 'You won!' : 'You are in the lead!'}
        </p>
      ) : null}
    </div>
  );
}

function Leaders({ room, me }: { room: RoomView; me: MeView | null }) {
  if (room.leaders.length === 0) return null;
  return (
    <ol className="leaders" aria-label="Top players" data-testid="leaders">
      {room.leaders.map((r) => (
        <li
          key={`${r.rank}-${r.nickname}`}
          className={me?.nickname === r.nickname ? 'is-me' : undefined}
          data-rank={r.rank}
          data-score={r.score}
        >
          <span className="leader-rank">{r.rank}</span>
          <span className="leader-name name">{r.nickname}</span>
          <span className="leader-score">{points(r.score)}</span>
        </li>
      ))}
    </ol>
  );
}

/** The end: the podium and your own place. */
export function FinalScreen({
  room,
  me,
  onLeave,
}: {
  room: RoomView;
  me: MeView | null;
  onLeave: () => void;
}) {
  return (
    <section className="screen screen-final center" data-testid="screen-final">
      <h2>Final results</h2>
      <Podium room={room} me={me?.nickname ?? null} />
      <RankSummary me={me} final />
      <div className="btn-row final-actions">
        <a className="btn" href={historyUrl({ roomId: room.roomId })} data-testid="my-answers">
          Review your answers
        </a>
        <button type="button" className="btn" onClick={onLeave} data-testid="leave">
          Join another game
        </button>
      </div>
    </section>
  );
}
