'use client';
/**
 * A gradient answer built from tappable atom chips generated from the network
 * (or typed), with a live "We read your answer as …" preview. The preview is
 * engine previewExpression: it parses, never grades, so it cannot reveal
 * whether the answer is right. Unreadable answers cannot be sent (no penalty).
 */
import { useMemo } from 'react';
import { previewExpression } from '@/engine/expr/check-expression';
import { parseNetwork } from '@/engine/network';
import type { PublicQuestion } from '@/engine/protocol';
import { parseTarget } from '@/engine/target';
import { ChipAnswerForm } from './chip-pad';
import { answerChips, lhsLatex, type AtomChip } from '../../lib/chips';

const OPERATORS = [
  { text: '+', label: '+', aria: 'plus' },
  { text: '·', label: '·', aria: 'times' },
  { text: '(', label: '(', aria: 'open bracket' },
  { text: ')', label: ')', aria: 'close bracket' },
] as const;

const GROUPS: { id: AtomChip['group']; title: string }[] = [
  { id: 'loss', title: 'Into the loss' },
  { id: 'edge', title: 'Along the edges' },
  { id: 'local', title: 'At the target' },
];

const TYPED = {
  id: 'expression-text',
  rows: 3,
  placeholder: 'dE/dn6 * dn6/dn4 + …',
  hint: <>Write derivatives like dE/dn6, dn6/dn4, dn4/dw_{'{2,4}'}; use + and * (or ·) and brackets.</>,
};

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

  return (
    <ChipAnswerForm
      className="answer answer-expression"
      network={question.network}
      target={question.target}
      pad={parsed ? { groups: GROUPS, chips: parsed.chips, dataKey: 'data-atom', operators: OPERATORS } : null}
      typed={TYPED}
      read={(text) => (parsed ? previewExpression(parsed.net, parsed.target, text) : null)}
      lhsLatex={() => (parsed ? lhsLatex(parsed.target) : null)}
      showWarnings
      onSubmit={onSubmit}
      disabled={disabled}
    />
  );
}
