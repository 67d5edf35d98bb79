'use client';
/**
 * The live key of a question (expanded and factored), its explanation and
 * walk-up steps, and previews of the phone and the projector rendered by the
 * real screen components, fed with the compiled question's public view.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Network } from '@/engine/network';
import type { RuntimeQuestion } from '@/engine/quiz/runtime';
import type { HostView, RoomView } from '@/engine/protocol';
import { answerKey } from '@/engine/key';
import { exprPrintedLeaves, renderExpr } from '@/engine/render';
import { derivationLatex } from '@/engine/quiz/explain';
import { parseTargetFor } from '@/engine/target';
import { Tex } from '../../components/tex';
import { Markdown } from '../../components/markdown';
import { KeySteps } from '../../components/key-steps';
import { QuestionScreen } from '../../student/question-screen';
import { HostQuestion } from '../../host/screens/question';

/** The projector preview is laid out at this size, then scaled down to fit (as on a 1600 × 900 projector). */
const PROJECTOR_PREVIEW = { width: 1600, height: 900 } as const;

/** Lays its children out at the projector's size and scales them to the width it is given. */
function ProjectorCanvas({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0.5);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const fit = () => setScale(el.clientWidth / PROJECTOR_PREVIEW.width);
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <div ref={box} className="st-projector-frame" style={{ height: PROJECTOR_PREVIEW.height * scale }}>
      <div
        className="st-projector-canvas app-host"
        style={{ width: PROJECTOR_PREVIEW.width, height: PROJECTOR_PREVIEW.height, transform: `scale(${scale})` }}
      >
        {children}
      </div>
    </div>
  );
}

/** Longest key (in printed atoms) shown in full. */
const MAX_SHOWN_KEY_ATOMS = 400;

function previewRoom(title: string, index: number, count: number, q: RuntimeQuestion, deadline: number): RoomView {
  return {
    roomId: 'studio-preview',
    code: '000000',
    title,
    phase: 'question',
    questionIndex: index,
    questionCount: count,
    // A preview has no network table: the network stays inline.
    question: { ...q.view(index, 0), networkId: null },
    openedAt: deadline - q.timeLimitMs,
    deadline,
    serverNow: Date.now(),
    reveal: null,
    leaders: [],
    playerCount: 0,
    locked: false,
  };
}

/** The key, explanation and steps of a graph question. */
export function KeyPanel({ net, target, question }: { net: Network; target: string; question: RuntimeQuestion }) {
  const key = useMemo(() => {
    const t = parseTargetFor(net, target);
    if (!t.ok) return null;
    const k = answerKey(net, t.target, { cap: 64 });
    const small = exprPrintedLeaves(k.factored, MAX_SHOWN_KEY_ATOMS) <= MAX_SHOWN_KEY_ATOMS;
    return {
      paths: k.pathCount,
      expanded: small && !k.expanded.capped ? renderExpr(k.expanded.expr, 'latex') : null,
      factored: small ? renderExpr(k.factored, 'latex') : null,
      steps: small ? derivationLatex(net, t.target) : [],
    };
  }, [net, target]);
  const shown = question.key(0);
  return (
    <section className="rp-card st-key" aria-label="Answer key" data-testid="studio-key">
      <h3>Key</h3>
      <p className="rp-muted">
        Students are graded against this; they never see it before the reveal. {key ? `${key.paths} path${key.paths === 1n ? '' : 's'}.` : null}
      </p>
      {key?.expanded ? (
        <div>
          <h4>Expanded (one term per path)</h4>
          <Tex latex={key.expanded} display />
        </div>
      ) : null}
      {key?.factored ? (
        <div>
          <h4>Factored (walking upwards)</h4>
          <Tex latex={key.factored} display />
        </div>
      ) : null}
      {!key?.expanded && !key?.factored ? <p data-testid="studio-key-text">{shown.text}</p> : null}
      <p className="st-key-answer" data-testid="studio-key-answer">
        Answer shown at the reveal: {shown.latex ? <Tex latex={shown.latex} /> : shown.text}
      </p>
      {question.explanation ? (
        <div>
          <h4>Explanation</h4>
          <Markdown text={question.explanation} />
        </div>
      ) : null}
      <KeySteps steps={key?.steps.length ? key.steps : shown.steps} className="st-steps" open />
    </section>
  );
}

/** The phone and the projector as they will show this question. */
export function ScreenPreviews({ title, index, count, question }: { title: string; index: number; count: number; question: RuntimeQuestion }) {
  const [deadline] = useState(() => Date.now() + question.timeLimitMs);
  const room = previewRoom(title, index, count, question, deadline);
  const view = room.question;
  const hostView: HostView = {
    room,
    settings: { scoring: true, autoAdvance: false, showLeaderboard: true, locked: false },
    players: [],
    progress: null,
    joinUrl: '',
  };
  if (!view) return null;
  return (
    <section className="st-previews" aria-label="Previews" data-testid="studio-previews">
      <div className="st-preview-phone" data-testid="preview-phone">
        <h4>Phone</h4>
        <div className="st-phone-frame">
          <div className="app app-student">
            <QuestionScreen room={room} question={view} offset={0} onSubmit={() => undefined} note={null} />
          </div>
        </div>
      </div>
      <div className="st-preview-projector" data-testid="preview-projector">
        <h4>Projector</h4>
        <ProjectorCanvas>
          <HostQuestion
            view={hostView}
            room={room}
            progress={null}
            offset={0}
            command={() => Promise.resolve('This is a preview: the controls work in a live game.')}
          />
        </ProjectorCanvas>
      </div>
    </section>
  );
}
