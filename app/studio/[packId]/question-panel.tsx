'use client';
/**
 * The question builder: the pack's questions in order, adding one by type
 * and tapping its target on the drawn network (a neuron, a weight, an input
 * weight or an input), its fields (prompt, time limit, multiplier, variants,
 * count kind, formula, choices) with each problem at its field, suggestions
 * from the engine, and the live key and screen previews.
 */
import { useMemo, useState } from 'react';
import type { Target } from '@/engine/types';
import type { Network } from '@/engine/network';
import { parseTarget } from '@/engine/target';
import { MULTIPLIERS } from '@/engine/game/phases';
import type { PackQuestionInput } from '@/engine/quiz/pack-schema';
import { FORMULA_QUANTITIES, MAX_TIME_LIMIT_SEC, MIN_TIME_LIMIT_SEC } from '@/engine/quiz/pack-schema';
import type { StudioCompiled, StudioQuestionType } from '@/engine/studio/pack-draft';
import { questionProblems } from '@/engine/studio/pack-draft';
import type { Suggestion } from '@/engine/studio/suggest';
import { suggestQuestions } from '@/engine/studio/suggest';
import { targetOfTap } from '@/engine/studio/tap-target';
import type { LayerNumbering } from '@/engine/generators';
import { NetworkGraph } from '../../components/network-graph';
import { Markdown } from '../../components/markdown';
import { PlainMath } from '../../components/plain-math';
import { KeyPanel, ScreenPreviews } from './previews';

const TYPES: readonly { type: StudioQuestionType; label: string; needsTarget: boolean }[] = [
  { type: 'expression', label: 'Expression', needsTarget: true },
  { type: 'highlight', label: 'Highlight', needsTarget: true },
  { type: 'count', label: 'Count', needsTarget: true },
  { type: 'formula', label: 'Formula', needsTarget: false },
  { type: 'choice', label: 'Choice', needsTarget: false },
];

function FieldProblems({ compiled, index, field }: { compiled: StudioCompiled; index: number; field: string }) {
  const list = questionProblems(compiled, index, field);
  if (list.length === 0) return null;
  return (
    <ul className="st-field-errors" role="alert" data-testid={`problem-${field}`}>
      {list.map((p, i) => (
        <li key={i}>{p.message}</li>
      ))}
    </ul>
  );
}

/** Props of {@link QuestionPanel}. */
export interface QuestionPanelProps {
  readonly title: string;
  readonly questions: readonly PackQuestionInput[];
  readonly networkId: string;
  readonly network: Network | null;
  readonly numbering: LayerNumbering;
  readonly compiled: StudioCompiled;
  readonly readOnly: boolean;
  readonly onAdd: (type: StudioQuestionType, target: Target | null) => void;
  readonly onUpdate: (index: number, patch: Record<string, unknown>) => void;
  readonly onType: (index: number, type: StudioQuestionType) => void;
  readonly onTarget: (index: number, target: Target) => void;
  readonly onMove: (index: number, delta: number) => void;
  readonly onRemove: (index: number) => void;
  readonly onSuggested: (qs: readonly PackQuestionInput[]) => void;
}

export function QuestionPanel(props: QuestionPanelProps) {
  const { questions, network, compiled, readOnly } = props;
  const [selected, setSelected] = useState<number | null>(questions.length > 0 ? 0 : null);
  const [adding, setAdding] = useState<StudioQuestionType | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[] | null>(null);
  const [picks, setPicks] = useState<ReadonlySet<number>>(new Set());
  const index = selected !== null && selected < questions.length ? selected : null;
  const q = index !== null ? questions[index] : undefined;
  const runtime = index !== null && compiled.pack ? compiled.pack.questions[index] : undefined;
  const qTarget = q && 'target' in q ? q.target : null;

  const tap = (kind: 'node' | 'edge', id: string): void => {
    if (readOnly || !network) return;
    const t = targetOfTap(network, kind, id);
    if (!t) return;
    if (adding) {
      props.onAdd(adding, t);
      setAdding(null);
      setSelected(questions.length);
    } else if (index !== null && q && 'target' in q) {
      props.onTarget(index, t);
    }
  };

  const startAdd = (type: StudioQuestionType, needsTarget: boolean): void => {
    if (needsTarget) {
      setAdding(type);
      return;
    }
    props.onAdd(type, null);
    setSelected(questions.length);
  };

  const suggest = (): void => {
    if (!network) return;
    const s = suggestQuestions(network, props.networkId, props.numbering);
    setSuggestions(s);
    setPicks(new Set(s.map((_, i) => i)));
  };

  const targetForGraph = useMemo(() => {
    if (!qTarget) return null;
    return parseTarget(qTarget).ok ? qTarget : null;
  }, [qTarget]);

  return (
    <section className="st-questions" aria-label="Questions" data-testid="question-panel">
      <div className="st-qcols">
        <div className="st-qlist">
          <h3>Questions ({questions.length})</h3>
          <ol data-testid="question-list">
            {questions.map((x, i) => {
              const bad = questionProblems(compiled, i).length > 0;
              return (
                <li key={`${x.id}-${i}`} className={`st-qitem${i === index ? ' is-on' : ''}${bad ? ' has-problem' : ''}`} data-testid={`question-item-${i}`}>
                  <button type="button" className="st-qpick" aria-pressed={i === index} onClick={() => setSelected(i)}>
                    <span className="st-qtype">{x.type}</span>{' '}
                    {'target' in x ? <PlainMath text={x.target} /> : x.type === 'formula' ? x.quantity : `${x.type === 'choice' ? x.choices.length : ''} options`}
                    {bad ? <span className="st-qbad"> ⚠ problem</span> : null}
                  </button>
                  {readOnly ? null : (
                    <span className="st-qmove">
                      <button type="button" className="rp-btn rp-btn-small" aria-label={`Move question ${i + 1} up`} disabled={i === 0} onClick={() => (props.onMove(i, -1), setSelected(i - 1))}>
                        ↑
                      </button>
                      <button type="button" className="rp-btn rp-btn-small" aria-label={`Move question ${i + 1} down`} disabled={i === questions.length - 1} onClick={() => (props.onMove(i, 1), setSelected(i + 1))}>
                        ↓
                      </button>
                      <button type="button" className="rp-btn rp-btn-small" aria-label={`Delete question ${i + 1}`} onClick={() => (props.onRemove(i), setSelected(null))}>
                        ✕
                      </button>
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
          {readOnly ? null : (
            <>
              <h4>Add a question</h4>
              <div className="st-toolbar" role="toolbar" aria-label="Add a question">
                {TYPES.map((t) => (
                  <button
                    key={t.type}
                    type="button"
                    className={`rp-btn rp-btn-small${adding === t.type ? ' rp-btn-primary' : ''}`}
                    aria-pressed={adding === t.type}
                    disabled={!network}
                    onClick={() => startAdd(t.type, t.needsTarget)}
                    data-testid={`add-question-${t.type}`}
                  >
                    {t.label}
                  </button>
                ))}
              </div>
              <button type="button" className="rp-btn rp-btn-small" disabled={!network} onClick={suggest} data-testid="suggest">
                Suggest a balanced quiz
              </button>
            </>
          )}
          {suggestions ? (
            <div className="st-box" data-testid="suggestions">
              <h4>Suggestions (easiest first)</h4>
              <ul>
                {suggestions.map((s, i) => (
                  <li key={s.question.id}>
                    <label className="st-check">
                      <input
                        type="checkbox"
                        checked={picks.has(i)}
                        onChange={(e) => {
                          const next = new Set(picks);
                          if (e.target.checked) next.add(i);
                          else next.delete(i);
                          setPicks(next);
                        }}
                      />
                      <span>
                        <strong>
                          {s.role} · {s.question.type}
                          {'target' in s.question ? ` on ${s.question.target}` : ''}
                        </strong>{' '}
                        — difficulty {s.difficulty.score}: {s.difficulty.why}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
              <button
                type="button"
                className="rp-btn rp-btn-small rp-btn-primary"
                onClick={() => {
                  props.onSuggested(suggestions.filter((_, i) => picks.has(i)).map((s) => s.question));
                  setSuggestions(null);
                }}
                data-testid="add-suggestions"
              >
                Add the picked ones
              </button>
            </div>
          ) : null}
        </div>

        <div className="st-qmain">
          <p className="rp-muted st-hint" role="status" data-testid="question-hint">
            {adding
              ? `Tap the target of the new ${adding} question on the network: a neuron, an input, a weight (an edge between neurons) or an input weight (an edge from an input).`
              : q && 'target' in q
                ? 'Tap the network to change this question’s target.'
                : 'Pick a question, or add one.'}
          </p>
          {network ? (
            <div className="st-drawing st-drawing-small" data-testid="question-network">
              <NetworkGraph
                network={network.spec}
                target={targetForGraph}
                mode="show"
                size="phone"
                title="Tap the target on the network"
                onNodeTap={readOnly ? undefined : (id) => tap('node', id)}
                onEdgeTap={readOnly ? undefined : (id) => tap('edge', id)}
              />
            </div>
          ) : (
            <p className="rp-error">Fix the network first: questions need a valid network.</p>
          )}
          {q && index !== null ? (
            <div className="rp-card st-qedit" data-testid="question-editor">
              <div className="st-form-row">
                <label>
                  Type
                  <select className="rp-input" value={q.type} disabled={readOnly} onChange={(e) => props.onType(index, e.target.value as StudioQuestionType)} data-testid="q-type">
                    {TYPES.map((t) => (
                      <option key={t.type} value={t.type}>
                        {t.label}
                      </option>
                    ))}
                  </select>
                </label>
                {'target' in q ? (
                  <label>
                    Target
                    <input className="rp-input" value={q.target} disabled={readOnly} onChange={(e) => props.onUpdate(index, { target: e.target.value })} data-testid="q-target" />
                    <FieldProblems compiled={compiled} index={index} field="target" />
                  </label>
                ) : null}
                <label>
                  Time limit (s, {MIN_TIME_LIMIT_SEC}–{MAX_TIME_LIMIT_SEC})
                  <input
                    className="rp-input"
                    type="number"
                    min={MIN_TIME_LIMIT_SEC}
                    max={MAX_TIME_LIMIT_SEC}
                    value={q.timeLimitSec ?? ''}
                    disabled={readOnly}
                    onChange={(e) => props.onUpdate(index, { timeLimitSec: e.target.value === '' ? undefined : Number(e.target.value) })}
                    data-testid="q-time"
                  />
                  <FieldProblems compiled={compiled} index={index} field="timeLimitSec" />
                </label>
                <fieldset className="st-seg">
                  <legend>Points</legend>
                  {MULTIPLIERS.map((m) => (
                    <label key={m} className="st-check">
                      <input type="radio" name={`points-${index}`} checked={(q.points ?? 1) === m} disabled={readOnly} onChange={() => props.onUpdate(index, { points: m })} />
                      {m === 0 ? 'none' : `×${m}`}
                    </label>
                  ))}
                </fieldset>
              </div>
              {q.type === 'count' ? (
                <label>
                  Count
                  <select className="rp-input" value={q.count ?? 'paths'} disabled={readOnly} onChange={(e) => props.onUpdate(index, { count: e.target.value })} data-testid="q-count">
                    <option value="paths">paths</option>
                    <option value="factors">factors in one path</option>
                  </select>
                  <FieldProblems compiled={compiled} index={index} field="count" />
                </label>
              ) : null}
              {q.type === 'formula' ? (
                <div className="st-form-row">
                  <label>
                    Quantity
                    <select className="rp-input" value={q.quantity} disabled={readOnly} onChange={(e) => props.onUpdate(index, { quantity: e.target.value })}>
                      {FORMULA_QUANTITIES.map((f) => (
                        <option key={f} value={f}>
                          {f}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    Layers numbered
                    <select className="rp-input" value={q.numbering} disabled={readOnly} onChange={(e) => props.onUpdate(index, { numbering: e.target.value })}>
                      <option value="from-loss">from the loss</option>
                      <option value="from-input">from the input</option>
                    </select>
                  </label>
                </div>
              ) : null}
              {q.type === 'choice' ? (
                <div className="st-form-row">
                  <label className="st-grow">
                    Options (one per line)
                    <textarea
                      className="rp-input"
                      rows={4}
                      value={q.choices.join('\n')}
                      disabled={readOnly}
                      onChange={(e) => props.onUpdate(index, { choices: e.target.value.split('\n') })}
                      data-testid="q-choices"
                    />
                    <FieldProblems compiled={compiled} index={index} field="choices" />
                  </label>
                  <label>
                    Correct option
                    <select className="rp-input" value={q.answer} disabled={readOnly} onChange={(e) => props.onUpdate(index, { answer: Number(e.target.value) })}>
                      {q.choices.map((c, i) => (
                        <option key={i} value={i}>
                          {String.fromCharCode(65 + i)}: {c.slice(0, 30)}
                        </option>
                      ))}
                    </select>
                    <FieldProblems compiled={compiled} index={index} field="answer" />
                  </label>
                </div>
              ) : null}
              {'variants' in q || q.type === 'expression' || q.type === 'highlight' || q.type === 'count' ? (
                <label>
                  Per-student variants
                  <select
                    className="rp-input"
                    disabled={readOnly}
                    value={'variants' in q && q.variants ? q.variants.kind : 'none'}
                    onChange={(e) =>
                      props.onUpdate(index, {
                        variants:
                          e.target.value === 'target'
                            ? { kind: 'target' }
                            : e.target.value === 'random-network'
                              ? { kind: 'random-network', neurons: [6, 9], depth: 3 }
                              : undefined,
                      })
                    }
                    data-testid="q-variants"
                  >
                    <option value="none">none: everyone gets this question</option>
                    <option value="target">a seeded target of the same kind and depth</option>
                    <option value="random-network">a seeded random network (6–9 neurons, 3 layers)</option>
                  </select>
                  <FieldProblems compiled={compiled} index={index} field="variants" />
                </label>
              ) : null}
              <label>
                Prompt (Markdown, $math$)
                <textarea className="rp-input" rows={3} value={q.prompt} disabled={readOnly} onChange={(e) => props.onUpdate(index, { prompt: e.target.value })} data-testid="q-prompt" />
                <FieldProblems compiled={compiled} index={index} field="prompt" />
              </label>
              <div className="st-prompt-preview">
                <Markdown text={q.prompt} />
              </div>
              <FieldProblems compiled={compiled} index={index} field="" />
              <FieldProblems compiled={compiled} index={index} field="network" />
            </div>
          ) : null}
          {runtime && index !== null ? (
            <>
              {network && qTarget && q?.type !== 'choice' && q?.type !== 'formula' ? <KeyPanel net={network} target={qTarget} question={runtime} /> : (
                <KeyPanel0 question={runtime} />
              )}
              <ScreenPreviews key={`${index}-${q?.id}-${q?.type}`} title={props.title} index={index} count={questions.length} question={runtime} />
            </>
          ) : q ? (
            <p className="rp-muted">The key and previews appear once every problem in the pack is fixed.</p>
          ) : null}
        </div>
      </div>
    </section>
  );
}

/** The key of a formula or choice question, as the reveal shows it. */
function KeyPanel0({ question }: { question: NonNullable<StudioCompiled['pack']>['questions'][number] }) {
  const key = question.key(0);
  return (
    <section className="rp-card st-key" aria-label="Answer key" data-testid="studio-key">
      <h3>Key</h3>
      <p data-testid="studio-key-answer">Answer shown at the reveal: {key.text}</p>
      {question.explanation ? <Markdown text={question.explanation} /> : null}
    </section>
  );
}
