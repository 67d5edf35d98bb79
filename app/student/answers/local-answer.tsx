'use client';
/**
 * A local-derivative answer (`g'(z_5) · n_2`) built from tappable symbol
 * chips generated from the network around the neuron differentiated
 * (`lib/local-chips.ts`), or typed, with a live "We read your answer as …"
 * preview (engine previewLocal: it reads, never grades). Unreadable answers
 * cannot be sent (no penalty). Sent as `{ kind: 'expression', text }`.
 */
import { useMemo } from 'react';
import { previewLocal } from '@/engine/expr/check-local';
import { parseLocalAsk } from '@/engine/expr/local-symbols';
import { parseNetwork } from '@/engine/network';
import type { PublicQuestion } from '@/engine/protocol';
import { ChipAnswerForm } from './chip-pad';
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

const TYPED = {
  id: 'local-text',
  rows: 2,
  placeholder: "g'(z_5) * n_2",
  hint: <>Write g&apos;(z_i), weights like w_{'{2,5}'}, outputs n_k, inputs (x_l)_d, targets y_o; use * (or ·), + and brackets.</>,
};

export default function LocalAnswer({
  question,
  onSubmit,
  disabled,
}: {
  question: PublicQuestion;
  onSubmit: (text: string) => void;
  disabled: boolean;
}) {
  const chips = useMemo(() => {
    const net = parseNetwork(question.network);
    const ask = question.local ? parseLocalAsk(question.local.ask) : null;
    return net.ok && ask?.ok ? localChips(net.network, ask.ask) : null;
  }, [question.network, question.local]);
  const askLatex = question.local?.askLatex ?? null;

  return (
    <ChipAnswerForm
      className="answer answer-expression answer-local"
      network={question.network}
      target={null}
      pad={chips ? { groups: GROUPS, chips, dataKey: 'data-symbol', operators: OPERATORS } : null}
      typed={TYPED}
      read={previewLocal}
      // A typed left-hand side ("n_5/w_{2,5} = …") is shown as typed.
      lhsLatex={(text) => (text.includes('=') ? null : askLatex)}
      showWarnings={false}
      onSubmit={onSubmit}
      disabled={disabled}
    />
  );
}
