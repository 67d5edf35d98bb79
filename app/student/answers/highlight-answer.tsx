'use client';
/** "Highlight every edge the gradient flows along": tap (or Tab + Enter) edges, then submit. */
import { useState } from 'react';
import type { PublicQuestion } from '@/engine/protocol';
import { NetworkGraph } from '../../components/network-graph';

export default function HighlightAnswer({
  question,
  onSubmit,
  disabled,
}: {
  question: PublicQuestion;
  onSubmit: (edges: string[]) => void;
  disabled: boolean;
}) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const n = selected.size;
  return (
    <div className="answer answer-highlight">
      <p className="hint">
        Tap each edge the gradient flows along, including edges into E. Tap again to undo.
      </p>
      <NetworkGraph
        network={question.network}
        target={question.target}
        mode="select"
        selected={selected}
        onToggle={toggle}
        disabled={disabled}
        title="Network: each edge is a toggle button"
      />
      <div className="submit-bar">
        <p className="selection-count" aria-live="polite" data-testid="selection-count">
          {n === 0 ? 'No edges selected' : `${n} edge${n === 1 ? '' : 's'} selected`}
        </p>
        <div className="btn-row">
          <button
            type="button"
            className="btn"
            onClick={() => setSelected(new Set())}
            disabled={disabled || n === 0}
          >
            Clear
          </button>
          <button
            type="button"
            className="btn btn-primary grow"
            data-testid="submit-answer"
            disabled={disabled || n === 0}
            onClick={() => onSubmit([...selected])}
          >
            Submit {n > 0 ? `${n} edge${n === 1 ? '' : 's'}` : ''}
          </button>
        </div>
      </div>
    </div>
  );
}
