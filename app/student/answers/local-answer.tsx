'use client';
/**
 * A local-derivative answer (`g'(z_5) · n_2`) built from tappable symbol
 * chips generated from the network around the neuron differentiated
 * (`lib/local-chips.ts`), or typed, with a live "We read your answer as …"
 * preview (engine previewLocal: it reads, never grades). Unreadable answers
 * cannot be sent (no penalty). Sent as `{ kind: 'expression', text }`.
 */
import { useMemo, useState } from 'react';
import { previewLocal } from '@/engine/expr/check-local';
import { parseLocalAsk } from '@/engine/expr/local-symbols';
import { UNGRADED_CODES, type NoteCode } from '@/engine/expr/notes';
import { parseNetwork } from '@/engine/network';
import type { PublicQuestion } from '@/engine/protocol';
import { NetworkGraph } from '../../components/network-graph';
import { Tex } from '../../components/tex';
import { ChipBuilder, TypedAnswer } from './chip-pad';
import { localChips, type SymbolChip } from '../../lib/local-chips';

const OPERATORS = [
  { text: '·', label: '·', aria: 'times' },
  { text: '+', label: '+', aria: 'plus' },
  { text: '-', label: '−', aria: 'minus' },
  { text: '(', label: '(', aria: 'open bracket' },
  { text: ')', label: ')', aria: 'close bracket' },
] as const;

const GROUPS: { id: SymbolChip['group']; title: string }[] = [
  { id: 'slope', title: 'Slope of the activation' },
  { id: 'weight', title: 'Weights into the neuron' },
  { id: 'value', title: 'What feeds the neuron' },
  { id: 'loss', title: 'Outputs, targets and numbers' },
];

export default function LocalAnswer({
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
    const ask = question.local ? parseLocalAsk(question.local.ask) : null;
    if (!net.ok || !ask?.ok) return null;
    return { chips: localChips(net.network, ask.ask) };
  }, [question.network, question.local]);
  const [mode, setMode] = useState<'chips' | 'type'>('chips');
  const [text, setText] = useState('');
  const [showNet, setShowNet] = useState(true);
  const preview = text.trim() !== '' ? previewLocal(text) : null;
  const unreadable = preview?.notes.find((n) => UNGRADED_CODES.has(n.code as NoteCode)) ?? null;
  const chipMode = mode === 'chips' && parsed !== null;
  const askLatex = question.local?.askLatex ?? null;
  const typedLhs = text.includes('=');

  return (
    <form
      className="answer answer-expression answer-local"
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
          <NetworkGraph network={question.network} target={null} mode="show" title="The network of this question" />
        </details>
      ) : null}

      <div className="seg" role="group" aria-label="How to enter the answer">
        <button type="button" className="seg-btn" aria-pressed={chipMode} disabled={!parsed} onClick={() => setMode('chips')}>
          Tap chips
        </button>
        <button type="button" className="seg-btn" aria-pressed={!chipMode} data-testid="mode-type" onClick={() => setMode('type')}>
          Type it
        </button>
      </div>

      <div className="preview preview-expression" data-testid="answer-preview" aria-live="polite">
        {text.trim() === '' ? (
          <p className="muted">{chipMode ? 'Tap the chips below to build your answer.' : 'Type your answer below.'}</p>
        ) : unreadable ? (
          <p className="preview-problem" data-testid="preview-problem" role="alert">
            {unreadable.message}
          </p>
        ) : preview?.read ? (
          <>
            <p className="preview-label">We read your answer as</p>
            <p className="preview-math">
              <Tex latex={askLatex && !typedLhs ? `${askLatex} = ${preview.read.latex}` : preview.read.latex} />
            </p>
          </>
        ) : null}
      </div>

      {chipMode && parsed ? (
        <ChipBuilder groups={GROUPS} chips={parsed.chips} dataKey="data-symbol" operators={OPERATORS} text={text} setText={setText} disabled={disabled} />
      ) : (
        <TypedAnswer
          id="local-text"
          rows={2}
          placeholder="g'(z_5) * n_2"
          hint={<>Write g&apos;(z_i), weights like w_{'{2,5}'}, outputs n_k, inputs (x_l)_d, targets y_o; use * (or ·), + and brackets.</>}
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
