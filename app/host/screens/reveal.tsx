'use client';
/** The reveal on the projector: the key (on the graph, with steps), the answer distribution, heatmap and common mistakes, then Next. */
import { useRef } from 'react';
import type { HostView, RevealView, RoomView } from '@/engine/protocol';
import { choiceColour, choiceLetter, choiceShape } from '../../components/choice-mark';
import { KeySteps } from '../../components/key-steps';
import { LazyNetworkGraph } from '../../components/lazy';
import { Markdown } from '../../components/markdown';
import { PlainMath } from '../../components/plain-math';
import { MathLines } from '../../components/math-lines';
import { plural } from '../../lib/format';
import { OptionBars } from '../../components/option-bars';
import { useFitWindow } from '../use-fit-window';
import { NextControls, type Command } from './controls';

/** The options a key marks right: a multi-select's every right option, a choice's one; none for a poll. */
function keyOptions(reveal: RevealView): ReadonlySet<number> {
  const k = reveal.key;
  return new Set(k.choiceIndices ?? (k.choiceIndex === null ? [] : [k.choiceIndex]));
}

/** A poll's result: votes per option (no right answer) and who did not vote. */
function PollResult({ reveal, choices }: { reveal: RevealView; choices: readonly string[] }) {
  const none = Math.max(0, reveal.players - reveal.answered);
  return (
    <div className="h-dist" data-testid="distribution">
      <h2 className="h-sub">Votes</h2>
      <OptionBars counts={reveal.choiceCounts} choices={choices} total={reveal.answered} testId="choice-counts" />
      <p className="muted" data-testid="dist-none" data-count={none}>
        {plural(reveal.answered, 'vote')} · {none} did not vote · a poll scores no points
      </p>
    </div>
  );
}

function Distribution({ reveal, choices }: { reveal: RevealView; choices: readonly string[] }) {
  const right = keyOptions(reveal);
  const wrong = Math.max(0, reveal.answered - reveal.correct - reveal.partial);
  const none = Math.max(0, reveal.players - reveal.answered);
  const total = Math.max(1, reveal.players, reveal.answered);
  const rows = [
    { id: 'correct', label: 'Correct', icon: '✓', n: reveal.correct },
    { id: 'partial', label: 'Partly right', icon: '◐', n: reveal.partial },
    { id: 'wrong', label: 'Wrong', icon: '✗', n: wrong },
    { id: 'none', label: 'No answer', icon: '–', n: none },
  ];
  return (
    <div className="h-dist" data-testid="distribution">
      <h2 className="h-sub">Answers</h2>
      <ul className="h-bars">
        {rows.map((r) => (
          <li key={r.id} className={`h-bar h-bar-${r.id}`} data-testid={`dist-${r.id}`} data-count={r.n}>
            <span className="h-bar-label">
              <span aria-hidden="true">{r.icon}</span> {r.label}
            </span>
            <span className="h-bar-track" aria-hidden="true">
              <span className="h-bar-fill" style={{ width: `${(100 * r.n) / total}%` }} />
            </span>
            <span className="h-bar-n">{r.n}</span>
          </li>
        ))}
      </ul>
      {reveal.choiceCounts.length > 0 ? (
        <OptionBars
          counts={reveal.choiceCounts}
          choices={choices}
          total={reveal.answered}
          right={right}
          testId="choice-counts"
        />
      ) : null}
    </div>
  );
}

export function HostReveal({ view, room, command }: { view: HostView; room: RoomView; command: Command }) {
  const q = room.question;
  const reveal = room.reveal;
  const fitRef = useRef<HTMLDivElement>(null);
  useFitWindow(fitRef, `${room.questionIndex}:${reveal ? 'shown' : 'waiting'}`);
  if (!q) return null;
  const key = reveal?.key ?? null;
  const heat = q.type === 'highlight' && reveal ? reveal.heatmap : null;
  const showNet = q.network !== null && key !== null && (key.edges.length > 0 || heat !== null || q.numeric !== undefined);
  return (
    <section className="h-reveal" data-testid="host-reveal" data-question-index={room.questionIndex}>
      <div className="h-qbar">
        <p className="h-qnum">
          Question {room.questionIndex + 1} <span className="muted">of {room.questionCount}</span> · the
          answer
        </p>
      </div>
      {!reveal || !key ? (
        <p className="muted">Collecting the answers…</p>
      ) : (
        <div className={`h-reveal-main${showNet ? ' has-net' : ''}`} ref={fitRef}>
          <div className="h-reveal-text">
            <div className="h-prompt">
              <Markdown text={q.prompt} />
            </div>
            <div className={`h-key${q.type === 'poll' ? ' h-key-poll' : ''}`} data-testid="host-key">
              {q.type === 'poll' ? (
                <p className="h-key-text">A poll: there is no right answer.</p>
              ) : key.choiceIndices && key.choiceIndices.length > 0 ? (
                <ul className="h-key-choices">
                  {key.choiceIndices.map((i) => (
                    <li key={i}>
                      <span className={`choice-chip ${choiceColour(i)}`}>
                        <span aria-hidden="true">{choiceShape(i)} </span>
                        {choiceLetter(i)}
                      </span>{' '}
                      <Markdown text={q.choices[i] ?? ''} inline />
                    </li>
                  ))}
                </ul>
              ) : key.choiceIndex !== null ? (
                <p className="h-key-choice">
                  <span className={`choice-chip ${choiceColour(key.choiceIndex)}`}>
                    <span aria-hidden="true">{choiceShape(key.choiceIndex)} </span>
                    {choiceLetter(key.choiceIndex)}
                  </span>{' '}
                  <Markdown text={q.choices[key.choiceIndex] ?? key.text} inline />
                </p>
              ) : key.latex ? (
                <MathLines latex={key.latex} className="h-key-math" />
              ) : (
                <p className="h-key-text">
                  <PlainMath text={key.text} edges={key.edges.length > 0} />
                </p>
              )}
            </div>
            <KeySteps steps={key.steps} className="h-steps" open={key.steps.length <= 6} />
          </div>
          {showNet ? (
            <div className="h-reveal-net">
              <LazyNetworkGraph
                network={q.network}
                target={q.target}
                mode="show"
                size="projector"
                keyEdges={key.edges}
                heatmap={heat}
                values={q.numeric?.values}
                valuesStage="reveal"
                heatTotal={reveal.answered}
                title={
                  heat
                    ? 'Class heatmap of the edges students picked, with the correct edges marked'
                    : 'The network with the edges that carry gradient marked'
                }
              />
              <p className="legend">
                <span aria-hidden="true">✓</span> carries gradient
                {heat ? ' · thickness and number: students who picked the edge' : ''}
              </p>
            </div>
          ) : null}
          <div className="h-reveal-side">
            {q.type === 'poll' ? (
              <PollResult reveal={reveal} choices={q.choices} />
            ) : (
              <Distribution reveal={reveal} choices={q.choices} />
            )}
            {/* An option question's mistakes are its wrong options, already counted above. */}
            {reveal.mistakes.length > 0 && q.choices.length === 0 ? (
              <div className="h-mistakes" data-testid="mistakes">
                <h2 className="h-sub">Most common mistakes</h2>
                <ol>
                  {reveal.mistakes.map((m) => (
                    <li key={`${m.code}:${m.message}`} data-code={m.code}>
                      <span className="h-mistake-n">{plural(m.count, 'student')}:</span>{' '}
                      {/* The server's fixed class-wide label: no student's own note reaches the projector. */}
                      <PlainMath text={m.message} />
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
            {reveal.explanation ? (
              <div className="h-explanation">
                <Markdown text={reveal.explanation} />
              </div>
            ) : null}
          </div>
        </div>
      )}
      <NextControls view={view} room={room} command={command} />
    </section>
  );
}

