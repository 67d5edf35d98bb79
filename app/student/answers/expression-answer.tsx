'use client';
/**
 * A gradient answer built from tappable atom chips generated from the network
 * (or typed), with a live "We read your answer as …" preview. The preview is
 * engine previewExpression: it parses, never grades, so it cannot reveal
 * whether the answer is right. Unreadable answers cannot be sent (no penalty).
 */
import { useMemo, useState } from 'react';
import { previewExpression } from '@/engine/expr/check-expression';
import { UNGRADED_CODES, type NoteCode } from '@/engine/expr/notes';
import { parseNetwork } from '@/engine/network';
import type { PublicQuestion } from '@/engine/protocol';
import { parseTarget } from '@/engine/target';
import { NetworkGraph } from '../../components/network-graph';
import { Tex } from '../../components/tex';
import { ChipBuilder, TypedAnswer } from './chip-pad';
import { answerChips, lhsLatex, type AtomChip } from '../../lib/chips';

const OPERATORS = [
  { text: '+', label: '+', aria: 'plus' },
  { text: '·', label: '·', aria: 'times' },
  { text: '(', label: '(', aria: 'open bracket' },
  { text: ')', label: ')', aria: 'close bracket' },
] as const;

export default function ExpressionAnswer({
  question,
  onSubmit,
  disabled,
}: {
  question: PublicQuestion;
  onSubmit: (text: string) => void;
  disabled: boolean;
}) {
  const parsed = useMemo(() => {
    const net = parseNetwork(question.network);
    const target = question.target ? parseTarget(question.target) : null;
    if (!net.ok || !target?.ok) return null;
    return { net: net.network, target: target.target, chips: answerChips(net.network, target.target) };
  }, [question.network, question.target]);
  const [mode, setMode] = useState<'chips' | 'type'>('chips');
  const [text, setText] = useState('');
  const [showNet, setShowNet] = useState(true);

  const preview = parsed && text.trim() !== '' ? previewExpression(parsed.net, parsed.target, text) : null;
  const unreadable = preview?.notes.find((n) => UNGRADED_CODES.has(n.code as NoteCode)) ?? null;
  const warnings = preview?.notes.filter((n) => !UNGRADED_CODES.has(n.code as NoteCode)) ?? [];
  const chipMode = mode === 'chips' && parsed !== null;
  const groups: { id: AtomChip['group']; title: string }[] = [
    { id: 'loss', title: 'Into the loss' },
    { id: 'edge', title: 'Along the edges' },
    { id: 'local', title: 'At the target' },
  ];

  return (
    <form
      className="answer answer-expression"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() !== '' && !unreadable) onSubmit(text.trim());
      }}
    >
      {question.network ? (
        <details className="net-details" open={showNet} onToggle={(e) => setShowNet(e.currentTarget.open)}>
          <summary>
            <span aria-hidden="true">{showNet ? '▾' : '▸'}</span>&nbsp;
            {showNet ? 'Hide the network' : 'Show the network'}
          </summary>
          <NetworkGraph
            network={question.network}
            target={question.target}
            mode="show"
            title="The network of this question"
          />
        </details>
      ) : null}

      <div className="seg" role="group" aria-label="How to enter the answer">
        <button
          type="button"
          className="seg-btn"
          aria-pressed={chipMode}
          disabled={!parsed}
          onClick={() => setMode('chips')}
        >
          Tap chips
        </button>
        <button
          type="button"
          className="seg-btn"
          aria-pressed={!chipMode}
          data-testid="mode-type"
          onClick={() => setMode('type')}
        >
          Type it
        </button>
      </div>

      <div className="preview preview-expression" data-testid="answer-preview" aria-live="polite">
        {text.trim() === '' ? (
          <p className="muted">
            {chipMode ? 'Tap the chips below to build your answer.' : 'Type your answer below.'}
          </p>
        ) : unreadable ? (
          <p className="preview-problem" data-testid="preview-problem" role="alert">
            {unreadable.message}
          </p>
        ) : preview?.read ? (
          <>
            <p className="preview-label">We read your answer as</p>
            <p className="preview-math">
              <Tex
                latex={parsed ? `${lhsLatex(parsed.target)} = ${preview.read.latex}` : preview.read.latex}
              />
            </p>
          </>
        ) : null}
        {warnings.map((w, i) => (
          <p key={i} className="preview-warning">
            {w.message}
          </p>
        ))}
      </div>

      {chipMode && parsed ? (
        <ChipBuilder groups={groups} chips={parsed.chips} dataKey="data-atom" operators={OPERATORS} text={text} setText={setText} disabled={disabled} />
      ) : (
        <TypedAnswer
          id="expression-text"
          rows={3}
          placeholder="dE/dn6 * dn6/dn4 + …"
          hint={<>Write derivatives like dE/dn6, dn6/dn4, dn4/dw_{'{2,4}'}; use + and * (or ·) and brackets.</>}
          text={text}
          setText={setText}
        />
      )}

      <div className="submit-bar">
        <button
          type="submit"
          className="btn btn-primary btn-block"
          data-testid="submit-answer"
          disabled={disabled || text.trim() === '' || unreadable !== null}
        >
          Submit answer
        </button>
      </div>
    </form>
  );
}
