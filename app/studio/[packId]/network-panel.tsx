'use client';
/**
 * The network editor: the layered SVG drawing (the same component the phones
 * and the projector use), tap two neurons to connect or disconnect them, a
 * toolbar for the picked node, generators, numbering, and every validation
 * message next to its element.
 */
import { useMemo, useState } from 'react';
import type { DraftNetwork, EditResult } from '@/engine/studio/draft';
import {
  addInput,
  addNeuron,
  blankDraft,
  draftFromSpec,
  removeInput,
  removeNeuron,
  renameDraft,
  renumberByLayers,
  setNumbering,
  toggleEdge,
  toggleInputConnection,
  toggleOutput,
  toggleSharedUse,
} from '@/engine/studio/draft';
import type { DraftElement, DraftValidation } from '@/engine/studio/validate';
import { drawableDraft } from '@/engine/studio/drawable';
import { layeredDraft, recurrentDraft, residualDraft, MAX_STUDIO_LAYERS, MAX_STUDIO_WIDTH, MAX_UNROLL_STEPS } from '@/engine/studio/generate';
import { BUILTIN_NETWORK_IDS, getBuiltinNetwork } from '@/engine/builtins';
import { networkToSpec, parseInputId, parseNeuronId } from '@/engine/network';
import { layoutNetwork } from '@/engine/layout';
import { NetworkGraph } from '../../components/network-graph';
import { PlainMath } from '../../components/plain-math';

/** A neuron or input id as the student sees it: `n3` → n_3. */
function nodeText(id: string): string {
  return id.replace(/^([nx])(\d+)$/, '$1_$2');
}

function elementText(e: DraftElement): string {
  switch (e.kind) {
    case 'network':
      return 'network';
    case 'name':
      return 'name';
    case 'neuron':
      return `n_${e.neuron}`;
    case 'edge':
      return e.id.replace(/^([nx])(\d+)-(n)(\d+|E)$/, '$1_$2 → $3_$4').replace('n_E', 'E');
    case 'input':
      return `x_${e.input}`;
  }
}

type Generator = 'layered' | 'residual' | 'recurrent' | 'builtin' | 'blank';

function GeneratorForm({ onMake }: { onMake: (d: DraftNetwork) => void }) {
  const [kind, setKind] = useState<Generator>('layered');
  const [widths, setWidths] = useState('1, 2, 2');
  const [density, setDensity] = useState('1');
  const [seed, setSeed] = useState('1');
  const [skip, setSkip] = useState('0');
  const [blocks, setBlocks] = useState('1');
  const [width, setWidth] = useState('2');
  const [steps, setSteps] = useState('3');
  const [every, setEvery] = useState(false);
  const [builtin, setBuiltin] = useState<string>(BUILTIN_NETWORK_IDS[0] ?? '');
  const [error, setError] = useState<string | null>(null);

  const make = () => {
    let r: { ok: true; draft: DraftNetwork } | { ok: false; error: string };
    switch (kind) {
      case 'layered': {
        const ws = widths.split(/[\s,]+/).filter(Boolean).map(Number);
        r = layeredDraft({ widths: ws, numbering: 'from-loss', density: Number(density), seed: Number(seed) >>> 0, skipEvery: Number(skip) });
        break;
      }
      case 'residual':
        r = residualDraft({ width: Number(width), blocks: Number(blocks) });
        break;
      case 'recurrent':
        r = recurrentDraft({ steps: Number(steps), outputs: every ? 'every' : 'last' });
        break;
      case 'builtin': {
        const net = getBuiltinNetwork(builtin);
        const d = net ? draftFromSpec(networkToSpec(net)) : null;
        r = d && d.ok ? { ok: true, draft: d.draft } : { ok: false, error: 'unknown built-in network' };
        break;
      }
      case 'blank':
        r = { ok: true, draft: blankDraft() };
        break;
    }
    if (!r.ok) return setError(r.error);
    setError(null);
    onMake(r.draft);
  };

  return (
    <details className="st-box" data-testid="generator-form">
      <summary>Start from… (replaces the network; undo brings it back)</summary>
      <div className="st-form-row">
        <label>
          Kind
          <select className="rp-input" value={kind} onChange={(e) => setKind(e.target.value as Generator)} data-testid="generator-kind">
            <option value="layered">Layered (dense or sparse, skip links)</option>
            <option value="residual">Residual blocks</option>
            <option value="recurrent">Recurrent cell unrolled over T steps</option>
            <option value="builtin">Copy of a built-in network</option>
            <option value="blank">Blank</option>
          </select>
        </label>
        {kind === 'layered' ? (
          <>
            <label>
              Widths from the loss (1–{MAX_STUDIO_WIDTH}, up to {MAX_STUDIO_LAYERS} layers)
              <input className="rp-input" value={widths} onChange={(e) => setWidths(e.target.value)} />
            </label>
            <label>
              Density (1 = fully connected)
              <input className="rp-input" type="number" min="0.05" max="1" step="0.05" value={density} onChange={(e) => setDensity(e.target.value)} />
            </label>
            <label>
              Seed
              <input className="rp-input" type="number" min="0" value={seed} onChange={(e) => setSeed(e.target.value)} />
            </label>
            <label>
              Skip links every k layers (0: none)
              <input className="rp-input" type="number" min="0" max={MAX_STUDIO_LAYERS} value={skip} onChange={(e) => setSkip(e.target.value)} />
            </label>
          </>
        ) : null}
        {kind === 'residual' ? (
          <>
            <label>
              Width
              <input className="rp-input" type="number" min="1" max={MAX_STUDIO_WIDTH} value={width} onChange={(e) => setWidth(e.target.value)} />
            </label>
            <label>
              Blocks
              <input className="rp-input" type="number" min="1" max="8" value={blocks} onChange={(e) => setBlocks(e.target.value)} />
            </label>
          </>
        ) : null}
        {kind === 'recurrent' ? (
          <>
            <label>
              Time steps T (2–{MAX_UNROLL_STEPS})
              <input className="rp-input" type="number" min="2" max={MAX_UNROLL_STEPS} value={steps} onChange={(e) => setSteps(e.target.value)} />
            </label>
            <label className="st-check">
              <input type="checkbox" checked={every} onChange={(e) => setEvery(e.target.checked)} /> every step feeds the loss
            </label>
          </>
        ) : null}
        {kind === 'builtin' ? (
          <label>
            Network
            <select className="rp-input" value={builtin} onChange={(e) => setBuiltin(e.target.value)}>
              {BUILTIN_NETWORK_IDS.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="button" className="rp-btn rp-btn-primary" onClick={make} data-testid="generator-make">
          Make it
        </button>
      </div>
      {error ? (
        <p className="rp-error" role="alert">
          {error}
        </p>
      ) : null}
    </details>
  );
}

/** Props of {@link NetworkPanel}. */
export interface NetworkPanelProps {
  readonly draft: DraftNetwork;
  readonly validation: DraftValidation;
  readonly readOnly: boolean;
  /** Records an edit (undoable). */
  readonly onChange: (d: DraftNetwork) => void;
}

export function NetworkPanel({ draft, validation, readOnly, onChange }: NetworkPanelProps) {
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sharedName, setSharedName] = useState('hh');
  const drawing = useMemo(() => drawableDraft(draft), [draft]);

  const apply = (r: EditResult): void => {
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    onChange(r.draft);
  };

  const tapNode = (id: string): void => {
    if (readOnly || id === 'E') return;
    if (picked === null) return setPicked(id);
    if (picked === id) return setPicked(null);
    const a = parseNeuronId(picked);
    const b = parseNeuronId(id);
    const xa = parseInputId(picked);
    const xb = parseInputId(id);
    setPicked(null);
    if (a !== null && b !== null) return apply(toggleEdge(draft, a, b));
    if (xa !== null && b !== null) return apply(toggleInputConnection(draft, xa, b));
    if (a !== null && xb !== null) return apply(toggleInputConnection(draft, xb, a));
    setError('Two inputs cannot be joined: tap an input, then a neuron.');
  };

  const pickedNeuron = picked ? parseNeuronId(picked) : null;
  const pickedInput = picked ? parseInputId(picked) : null;
  const flaggedNodes = new Set<string>();
  const flaggedEdges = new Set<string>();
  for (const i of validation.issues) {
    if (i.element.kind === 'neuron') flaggedNodes.add(`n${i.element.neuron}`);
    if (i.element.kind === 'edge') flaggedEdges.add(i.element.id);
  }
  const layersForRenumber = (): number[][] | null => {
    if (!validation.network) return null;
    const layout = layoutNetwork(validation.network);
    const rows: number[][] = [];
    for (const n of layout.nodes) if (n.kind === 'neuron' && n.index !== null) (rows[n.layer - 1] ??= []).push(n.index);
    return rows.map((r) => r ?? []);
  };

  return (
    <section className="st-network" aria-label="Network editor" data-testid="network-panel">
      <div className="st-form-row">
        <label>
          Network name
          <input
            className="rp-input"
            value={draft.name}
            disabled={readOnly}
            onChange={(e) => apply(renameDraft(draft, e.target.value))}
            aria-invalid={validation.issues.some((i) => i.element.kind === 'name')}
            data-testid="network-name"
          />
        </label>
        <label>
          Layer numbering
          <select
            className="rp-input"
            value={draft.numbering}
            disabled={readOnly}
            onChange={(e) => apply(setNumbering(draft, e.target.value === 'from-input' ? 'from-input' : 'from-loss'))}
            data-testid="network-numbering"
          >
            <option value="from-loss">From the loss (layer 1 feeds E, as in the lecture)</option>
            <option value="from-input">From the input (layer 1 takes the inputs)</option>
          </select>
        </label>
      </div>
      {validation.issues
        .filter((i) => i.element.kind === 'name')
        .map((i, k) => (
          <p key={k} className="rp-error st-field-error" role="alert">
            {i.message}
          </p>
        ))}
      {readOnly ? null : <GeneratorForm onMake={(d) => (setPicked(null), onChange({ ...d, numbering: d.numbering }))} />}

      {readOnly ? null : (
        <div className="st-toolbar" role="toolbar" aria-label="Edit the network">
          <button type="button" className="rp-btn rp-btn-small" data-testid="add-neuron" onClick={() => (apply(addNeuron(draft, pickedNeuron ?? undefined)), setPicked(null))}>
            {pickedNeuron !== null ? `New neuron feeding n${pickedNeuron}` : 'New neuron'}
          </button>
          <button type="button" className="rp-btn rp-btn-small" data-testid="toggle-output" disabled={pickedNeuron === null} onClick={() => pickedNeuron !== null && (apply(toggleOutput(draft, pickedNeuron)), setPicked(null))}>
            {pickedNeuron !== null && draft.outputs.includes(pickedNeuron) ? 'Stop feeding E' : 'Feeds E'}
          </button>
          <button type="button" className="rp-btn rp-btn-small" data-testid="add-input" disabled={pickedNeuron === null} onClick={() => pickedNeuron !== null && (apply(addInput(draft, pickedNeuron)), setPicked(null))}>
            New input into it
          </button>
          <button
            type="button"
            className="rp-btn rp-btn-small"
            data-testid="remove-node"
            disabled={picked === null}
            onClick={() => {
              if (pickedNeuron !== null) apply(removeNeuron(draft, pickedNeuron));
              else if (pickedInput !== null) apply(removeInput(draft, pickedInput));
              setPicked(null);
            }}
          >
            Remove {picked ? nodeText(picked) : 'node'}
          </button>
          <button
            type="button"
            className="rp-btn rp-btn-small"
            disabled={!validation.network}
            onClick={() => {
              const rows = layersForRenumber();
              if (rows) apply(renumberByLayers(draft, rows));
            }}
          >
            Renumber by layer
          </button>
        </div>
      )}
      <p className="rp-muted st-hint" role="status" data-testid="network-hint">
        {readOnly
          ? 'Built-in packs are read-only: duplicate this pack to edit it.'
          : picked
            ? `${nodeText(picked)} picked: tap another neuron to connect or disconnect them (the edge runs from ${nodeText(picked)} to it), or use the buttons above.`
            : 'Tap a neuron, then another, to connect them (tap again to disconnect). Tap an input, then a neuron, to feed it.'}
      </p>
      {error ? (
        <p className="rp-error" role="alert" data-testid="network-error">
          {error}
        </p>
      ) : null}
      <div className="st-drawing">
        {drawing ? (
          <NetworkGraph
            network={drawing.spec}
            mode="show"
            size="projector"
            title={`The network ${draft.name}`}
            onNodeTap={readOnly ? undefined : tapNode}
            pickedNode={picked}
            flaggedNodes={flaggedNodes}
            flaggedEdges={flaggedEdges}
            hiddenEdges={drawing.hiddenEdges}
          />
        ) : (
          <p className="rp-muted">Nothing to draw yet: add a neuron.</p>
        )}
      </div>
      {drawing && drawing.leftOut.length > 0 ? (
        <p className="rp-muted">Not drawn until fixed: {drawing.leftOut.map((id) => elementText({ kind: 'edge', id })).join(', ')}.</p>
      ) : null}
      <div className="st-issues" aria-live="polite" data-testid="network-issues">
        {validation.issues.length === 0 ? (
          <p className="st-ok" data-testid="network-valid">
            ✓ Valid: {draft.neurons.length} neurons, {draft.edges.length} edges, {new Set(draft.inputs.map((c) => c.input)).size} inputs.
          </p>
        ) : (
          <ul>
            {validation.issues.map((i, k) => (
              <li key={k} className={i.blocking ? 'st-issue' : 'st-warning'} data-testid="network-issue">
                <strong><PlainMath text={elementText(i.element)} /></strong>: <PlainMath text={i.message} />
              </li>
            ))}
          </ul>
        )}
      </div>
      {(draft.shared?.length ?? 0) > 0 || !readOnly ? (
        <details className="st-box">
          <summary>Shared weights ({draft.shared?.length ?? 0}) — one weight on several edges (backprop through time)</summary>
          <ul>
            {(draft.shared ?? []).map((w) => (
              <li key={w.name}>
                <code>w_{`{${w.name}}`}</code> on {w.uses.join(', ')}
              </li>
            ))}
          </ul>
          {readOnly ? null : (
            <div className="st-form-row">
              <label>
                Name (lowercase letters)
                <input className="rp-input" value={sharedName} onChange={(e) => setSharedName(e.target.value)} />
              </label>
              <label>
                Edge
                <select
                  className="rp-input"
                  value=""
                  onChange={(e) => e.target.value && apply(toggleSharedUse(draft, sharedName, e.target.value))}
                >
                  <option value="">put w_{`{${sharedName}}`} on / off an edge…</option>
                  {[...draft.inputs.map((c) => `x${c.input}-n${c.neuron}`), ...draft.edges.map((e) => `n${e.from}-n${e.to}`)].map((id) => (
                    <option key={id} value={id}>
                      {id}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
        </details>
      ) : null}
    </section>
  );
}
