'use client';
/**
 * A network drawn as SVG from engine/layout: E on top, inputs at the bottom.
 * In `select` mode every edge is a focusable toggle button (tap, click, Enter
 * or Space) with a wide invisible hit area; selected edges are thicker,
 * dashed and carry a check badge, so the choice never depends on colour.
 * In `show` mode it draws the key (and the student's own pick) or the
 * class-wide heatmap with counts. Given `values` (numeric questions), weights
 * are written on the edges and inputs, biases and targets at the nodes, and
 * at the `reveal` stage each neuron's forward value n and backward ∂E/∂n.
 */
import { useId, useMemo, type KeyboardEvent, type ReactNode } from 'react';
import { layoutNetwork, type LayoutEdge, type LayoutNode, type NetworkLayout } from '@/engine/layout';
import { parseNetwork } from '@/engine/network';
import { parseTarget } from '@/engine/target';
import { valueLabels, type LabelStage } from '@/engine/numeric/labels';

/**
 * Drawing units per layout unit (horizontal, vertical) and node radius by
 * display size: a phone keeps the picture compact so it fits above the submit
 * button; a projector spreads it out sideways, where it has room.
 */
const GEOMETRY = { phone: { sx: 120, sy: 112, r: 23 }, projector: { sx: 190, sy: 120, r: 28 } } as const;
/** Width of an edge's invisible hit area in drawing units (≈ 44 px on a phone). */
const HIT_WIDTH = 42;

/** Props of {@link NetworkGraph}. */
export interface NetworkGraphProps {
  /** The network spec as it travels in PublicQuestion.network. */
  network: unknown;
  /** The question's target in text notation (`w_{2,4}`), marked on the drawing. */
  target?: string | null;
  mode: 'select' | 'show';
  /** Selected edge ids (select mode). */
  selected?: ReadonlySet<string>;
  onToggle?: (edgeId: string) => void;
  disabled?: boolean;
  /** Edges of the correct answer (show mode). */
  keyEdges?: readonly string[] | null;
  /** The student's own selection, compared against the key (show mode). */
  mine?: readonly string[] | null;
  /** How many students picked each edge (show mode, host reveal). */
  heatmap?: Readonly<Record<string, number>> | null;
  /** Students who answered, for heatmap proportions. */
  heatTotal?: number;
  size?: 'phone' | 'projector';
  /** Numeric questions: the values spec (PublicQuestion.numeric.values) to write on the drawing. */
  values?: unknown;
  /** Which values to write: the givens (`question`) or also n and ∂E/∂n (`reveal`). */
  valuesStage?: LabelStage;
  /** Accessible name of the drawing. */
  title: string;
  /** Studio: every node is a button (`node-n3`), tapped to connect neurons or pick a target. */
  onNodeTap?: (nodeId: string) => void;
  /** Studio (show mode): every edge is a button, tapped to pick a weight as the target. */
  onEdgeTap?: (edgeId: string) => void;
  /** Studio: the node picked by the first of two taps. */
  pickedNode?: string | null;
  /** Studio: nodes and edges the validator flags (drawn with a warning ring / dashes). */
  flaggedNodes?: ReadonlySet<string>;
  flaggedEdges?: ReadonlySet<string>;
  /** Studio: edges that exist only to lay the drawing out (not drawn). */
  hiddenEdges?: ReadonlySet<string>;
}

interface Drawn {
  readonly layout: NetworkLayout;
  readonly nodes: ReadonlyMap<string, LayoutNode>;
}

function useDrawing(network: unknown): Drawn | null {
  return useMemo(() => {
    const parsed = parseNetwork(network);
    if (!parsed.ok) return null;
    const layout = layoutNetwork(parsed.network);
    return { layout, nodes: new Map(layout.nodes.map((n) => [n.id, n])) };
  }, [network]);
}

/** What the target marks: a node id or an edge id. */
function targetMarks(target: string | null | undefined): {
  node: string | null;
  edge: string | null;
  label: string | null;
} {
  if (!target) return { node: null, edge: null, label: null };
  const t = parseTarget(target);
  if (!t.ok) return { node: null, edge: null, label: null };
  switch (t.target.kind) {
    case 'neuron':
      return { node: `n${t.target.neuron}`, edge: null, label: null };
    case 'input':
      return { node: `x${t.target.input}`, edge: null, label: null };
    case 'weight':
      return {
        node: null,
        edge: `n${t.target.from}-n${t.target.to}`,
        label: `w${t.target.from},${t.target.to}`,
      };
    case 'inputWeight':
      return {
        node: null,
        edge: `x${t.target.input}-n${t.target.neuron}`,
        label: `v${t.target.input},${t.target.neuron}`,
      };
    case 'shared':
      // A shared weight sits on several edges; the prompt names it.
      return { node: null, edge: null, label: null };
  }
}

/** "n3" → n with subscript 3, as SVG text children. */
function nodeLabel(label: string): ReactNode {
  const m = /^([A-Za-z]+)_\{?([^{}]+?)\}?$/.exec(label);
  if (!m) return label;
  return (
    <>
      {m[1]}
      <tspan className="net-sub" dy="0.35em">
        {m[2]}
      </tspan>
    </>
  );
}

function spokenNode(id: string): string {
  return id;
}

interface Segment {
  readonly edge: LayoutEdge;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly mx: number;
  readonly my: number;
  /** Unit vector along the edge. */
  readonly ux: number;
  readonly uy: number;
  /** Control point when the edge bows around a node its straight line would cross (a skip link). */
  readonly cx?: number;
  readonly cy?: number;
}

/** How far a bowed edge swings sideways, in node spacings. */
const BOW = 0.42;

/** Distance from point p to the segment a–b. */
function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** One edge stroke: a straight line, or a quadratic curve for a bowed edge. */
function Stroke({ s, className, strokeWidth, markerEnd, strokeOpacity }: { s: Segment; className: string; strokeWidth?: number; markerEnd?: string; strokeOpacity?: number }) {
  if (s.cx === undefined || s.cy === undefined) {
    return <line x1={s.x1} y1={s.y1} x2={s.x2} y2={s.y2} className={className} strokeWidth={strokeWidth} markerEnd={markerEnd} strokeOpacity={strokeOpacity} />;
  }
  return (
    <path
      d={`M ${s.x1} ${s.y1} Q ${s.cx} ${s.cy} ${s.x2} ${s.y2}`}
      fill="none"
      className={className}
      strokeWidth={strokeWidth}
      markerEnd={markerEnd}
      strokeOpacity={strokeOpacity}
    />
  );
}

function segments(d: Drawn, sx: number, sy: number, R: number): Segment[] {
  const out: Segment[] = [];
  for (const edge of d.layout.edges) {
    const a = d.nodes.get(edge.from);
    const b = d.nodes.get(edge.to);
    if (!a || !b) continue;
    const ax = a.x * sx;
    const ay = a.y * sy;
    const bx = b.x * sx;
    const by = b.y * sy;
    const len = Math.hypot(bx - ax, by - ay) || 1;
    const ux = (bx - ax) / len;
    const uy = (by - ay) / len;
    const gap = R + 3;
    // A straight line through another node would hide behind it (a skip link along a column): bow it.
    const blocker = d.layout.nodes.find(
      (n) => n.id !== edge.from && n.id !== edge.to && distanceToSegment(n.x * sx, n.y * sy, ax, ay, bx, by) < R * 1.3,
    );
    if (blocker) {
      const side = blocker.x * sx > (ax + bx) / 2 + 1 ? -1 : 1;
      const cx = (ax + bx) / 2 - uy * side * BOW * sx * 2;
      const cy = (ay + by) / 2 + ux * side * BOW * sx * 2;
      const l1 = Math.hypot(cx - ax, cy - ay) || 1;
      const l2 = Math.hypot(bx - cx, by - cy) || 1;
      const x1 = ax + ((cx - ax) / l1) * gap;
      const y1 = ay + ((cy - ay) / l1) * gap;
      const x2 = bx - ((bx - cx) / l2) * (gap + 2);
      const y2 = by - ((by - cy) / l2) * (gap + 2);
      out.push({ edge, x1, y1, x2, y2, cx, cy, mx: 0.25 * x1 + 0.5 * cx + 0.25 * x2, my: 0.25 * y1 + 0.5 * cy + 0.25 * y2, ux, uy });
      continue;
    }
    out.push({
      edge,
      x1: ax + ux * gap,
      y1: ay + uy * gap,
      x2: bx - ux * (gap + 2),
      y2: by - uy * (gap + 2),
      mx: (ax + bx) / 2,
      my: (ay + by) / 2,
      ux,
      uy,
    });
  }
  // Keyboard order follows the picture: top (E) first, then left to right.
  return out.sort((p, q) => p.my - q.my || p.mx - q.mx);
}

function Badge({ x, y, kind, scale = 1 }: { x: number; y: number; kind: 'check' | 'cross'; scale?: number }) {
  return (
    <g
      className={`net-badge net-badge-${kind}`}
      transform={`translate(${x} ${y}) scale(${scale})`}
      aria-hidden="true"
    >
      <circle r="13" />
      {kind === 'check' ? <path d="M-6 0.5 L-1.5 5 L6.5 -4.5" /> : <path d="M-5 -5 L5 5 M5 -5 L-5 5" />}
    </g>
  );
}

/** Draws a network; see the module comment for the two modes. */
export function NetworkGraph(props: NetworkGraphProps) {
  const {
    mode,
    selected,
    onToggle,
    disabled,
    keyEdges,
    mine,
    heatmap,
    heatTotal = 0,
    size = 'phone',
    title,
    onNodeTap,
    onEdgeTap,
    pickedNode,
    flaggedNodes,
    flaggedEdges,
    hiddenEdges,
  } = props;
  const drawing = useDrawing(props.network);
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const marks = useMemo(() => targetMarks(props.target), [props.target]);
  const { sx, sy, r: R } = GEOMETRY[size];
  const pill = size === 'projector' ? 1.3 : 1;
  const segs = useMemo(
    () => (drawing ? segments(drawing, sx, sy, R).filter((s) => !hiddenEdges?.has(s.edge.id)) : []),
    [drawing, sx, sy, R, hiddenEdges],
  );
  const stage = props.valuesStage ?? 'question';
  const labels = useMemo(
    () => (props.values === undefined || props.values === null ? null : valueLabels(props.network, props.values, stage)),
    [props.network, props.values, stage],
  );
  if (!drawing) return <p className="net-error">This network could not be drawn.</p>;

  const { layout } = drawing;
  const width = layout.width * sx;
  const height = layout.height * sy;
  const keySet = new Set(keyEdges ?? []);
  const mineSet = new Set(mine ?? []);
  const heatMax = Math.max(1, heatTotal);
  const arrow = `arrow-${uid}`;

  const toggle = (id: string) => {
    if (!disabled && onToggle) onToggle(id);
  };
  const onKey = (e: KeyboardEvent, id: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle(id);
    }
  };

  const edgeEls = segs.map((s) => {
    const id = s.edge.id;
    const isTargetEdge = marks.edge === id;
    const spoken = `edge from ${spokenNode(s.edge.from)} to ${spokenNode(s.edge.to)}`;
    // The target's tag is drawn on its edge: its name holds the tag's visible text too (WCAG 2.5.3).
    const label = isTargetEdge && marks.label ? `${spoken}, ${marks.label}` : spoken;
    const targetTag =
      isTargetEdge && marks.label ? (
        <text
          className="net-target-tag"
          x={s.x1 + (s.x2 - s.x1) * 0.3 + Math.abs(s.uy) * 16}
          y={s.y1 + (s.y2 - s.y1) * 0.3 + 6}
          aria-hidden="true"
        >
          {marks.label.replace(/^([wv])(.*)$/, '$1')}
          <tspan className="net-sub" dy="0.35em">
            {marks.label.slice(1)}
          </tspan>
        </text>
      ) : null;

    if (mode === 'select') {
      const on = selected?.has(id) ?? false;
      return (
        <g
          key={id}
          className={`net-edge net-edge-select${on ? ' is-on' : ''}${isTargetEdge ? ' is-target' : ''}`}
          role="button"
          tabIndex={disabled ? -1 : 0}
          aria-pressed={on}
          aria-disabled={disabled || undefined}
          aria-label={label}
          data-edge={id}
          data-testid={`edge-${id}`}
          onClick={() => toggle(id)}
          onKeyDown={(e) => onKey(e, id)}
        >
          <Stroke s={s} className="net-hit" strokeWidth={HIT_WIDTH} />
          <Stroke s={s} className="net-focus" />
          <Stroke s={s} className="net-line" markerEnd={`url(#${arrow})`} />
          {on ? <Stroke s={s} className="net-dash" /> : null}
          {on ? <Badge x={s.mx} y={s.my} kind="check" /> : null}
          {targetTag}
        </g>
      );
    }

    const inKey = keySet.has(id);
    const picked = mineSet.has(id);
    const count = heatmap?.[id] ?? 0;
    let cls = 'net-edge';
    if (flaggedEdges?.has(id)) cls += ' is-flagged';
    if (isTargetEdge) cls += ' is-target';
    const tap = onEdgeTap
      ? {
          role: 'button',
          tabIndex: 0,
          'aria-label': label,
          onClick: () => onEdgeTap(id),
          onKeyDown: (e: KeyboardEvent) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onEdgeTap(id);
            }
          },
        }
      : {};
    if (heatmap) cls += ' is-heat';
    if (inKey) cls += mine && !picked ? ' is-key is-missed' : ' is-key';
    if (mine && picked && !inKey) cls += ' is-wrong';
    return (
      <g
        key={id}
        className={cls}
        data-edge={id}
        data-testid={`edge-${id}`}
        data-key={inKey ? 'true' : 'false'}
        data-count={heatmap ? count : undefined}
        {...tap}
      >
        {onEdgeTap ? <Stroke s={s} className="net-hit" strokeWidth={HIT_WIDTH} /> : null}
        <Stroke s={s} className="net-line" markerEnd={`url(#${arrow})`} />
        {flaggedEdges?.has(id) ? <Stroke s={s} className="net-flag-line" /> : null}
        {inKey && mine && !picked ? <Stroke s={s} className="net-dash" /> : null}
        {inKey ? (
          <Badge
            x={heatmap ? s.x1 + (s.x2 - s.x1) * 0.22 : s.mx}
            y={heatmap ? s.y1 + (s.y2 - s.y1) * 0.22 : s.my}
            kind="check"
            scale={pill}
          />
        ) : null}
        {mine && picked && !inKey ? <Badge x={s.mx} y={s.my} kind="cross" scale={pill} /> : null}
        {heatmap && count > 0 ? (
          <g
            className="net-count"
            transform={`translate(${s.x1 + (s.x2 - s.x1) * 0.62} ${s.y1 + (s.y2 - s.y1) * 0.62})`}
            aria-hidden="true"
          >
            <rect x={-17 * pill} y={-14 * pill} width={34 * pill} height={28 * pill} rx={14 * pill} />
            <text y="1">{count}</text>
          </g>
        ) : null}
        {targetTag}
      </g>
    );
  });

  const valueEls = labels
    ? segs.map((s) => {
        const text = labels.edges[s.edge.id];
        if (!text) return null;
        // 40% of the way from the lower node, nudged off the line so crossing edges stay legible.
        const t = 0.6;
        return (
          <text
            key={s.edge.id}
            className="net-value net-value-edge"
            data-testid={`value-${s.edge.id}`}
            x={s.x1 + (s.x2 - s.x1) * t + Math.abs(s.uy) * 12}
            y={s.y1 + (s.y2 - s.y1) * t - Math.abs(s.ux) * 8}
          >
            {text}
          </text>
        );
      })
    : null;

  // Heat bands sit under every edge line, so the lines, checks and counts stay readable on top.
  const heatEls = heatmap
    ? segs.map((s) => {
        const count = heatmap[s.edge.id] ?? 0;
        if (count <= 0) return null;
        const ratio = count / heatMax;
        return (
          <Stroke key={s.edge.id} s={s} className="net-heat" strokeWidth={8 + 22 * ratio} strokeOpacity={0.4 + 0.6 * ratio} />
        );
      })
    : null;

  const nodeEls = layout.nodes.map((n) => {
    const isTarget = marks.node === n.id;
    const flagged = flaggedNodes?.has(n.id) ?? false;
    const picked = pickedNode === n.id;
    const tap = onNodeTap
      ? {
          role: 'button',
          tabIndex: 0,
          'aria-label': `${spokenNode(n.id)}${picked ? ', picked' : ''}${flagged ? ', has a problem' : ''}`,
          'aria-pressed': picked,
          'data-testid': `node-${n.id}`,
          onClick: () => onNodeTap(n.id),
          onKeyDown: (e: KeyboardEvent) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onNodeTap(n.id);
            }
          },
        }
      : { 'aria-hidden': true as const };
    return (
      <g
        key={n.id}
        className={`net-node net-node-${n.kind}${isTarget ? ' is-target' : ''}${flagged ? ' is-flagged' : ''}${picked ? ' is-picked' : ''}${onNodeTap ? ' is-tappable' : ''}`}
        transform={`translate(${n.x * sx} ${n.y * sy})`}
        {...tap}
      >
        {isTarget ? <circle r={R + 7} className="net-target-ring" /> : null}
        {picked ? <circle r={R + 7} className="net-picked-ring" /> : null}
        {flagged ? <circle r={R + 4} className="net-flag-ring" /> : null}
        <circle r={R} />
        <text y="1">{nodeLabel(n.label)}</text>
        {labels?.nodes[n.id]?.length ? (
          <text className="net-value net-value-node" data-testid={`value-${n.id}`} x={0} y={R + 11}>
            {labels.nodes[n.id]?.map((line, i) => (
              <tspan key={i} x={0} dy={i === 0 ? 0 : '1.2em'}>
                {line}
              </tspan>
            ))}
          </text>
        ) : null}
      </g>
    );
  });

  const description = [describe(mode, keySet, heatmap ?? null, mine ? mineSet : null), labels ? describeValues(labels) : '']
    .filter((d) => d !== '')
    .join(' ');
  return (
    <figure className={`net net-${size} net-${mode}`} data-testid="network-graph">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="net-svg"
        role="group"
        aria-label={title}
        style={{ aspectRatio: `${width} / ${height}` }}
      >
        <defs>
          <marker
            id={arrow}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="13"
            markerHeight="13"
            markerUnits="userSpaceOnUse"
            orient="auto"
          >
            <path d="M0 0 L10 5 L0 10 z" className="net-arrow" />
          </marker>
        </defs>
        {heatEls ? (
          <g className="net-heats" aria-hidden="true">
            {heatEls}
          </g>
        ) : null}
        <g className="net-edges">{edgeEls}</g>
        <g className="net-nodes">{nodeEls}</g>
        {valueEls ? (
          <g className="net-values" aria-hidden="true">
            {valueEls}
          </g>
        ) : null}
      </svg>
      {description ? <figcaption className="sr-only">{description}</figcaption> : null}
    </figure>
  );
}

function describe(
  mode: 'select' | 'show',
  key: ReadonlySet<string>,
  heat: Readonly<Record<string, number>> | null,
  mine: ReadonlySet<string> | null,
): string {
  if (mode === 'select') return '';
  const parts: string[] = [];
  if (key.size > 0) parts.push(`Edges that carry gradient: ${[...key].join(', ')}.`);
  if (mine) {
    const extra = [...mine].filter((e) => !key.has(e));
    const missed = [...key].filter((e) => !mine.has(e));
    if (extra.length) parts.push(`You also picked: ${extra.join(', ')}.`);
    if (missed.length) parts.push(`You missed: ${missed.join(', ')}.`);
  }
  if (heat) {
    const rows = Object.entries(heat)
      .filter(([, c]) => c > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([e, c]) => `${e}: ${c}`);
    if (rows.length) parts.push(`Students' picks per edge: ${rows.join(', ')}.`);
  }
  return parts.join(' ');
}

function describeValues(labels: { edges: Readonly<Record<string, string>>; nodes: Readonly<Record<string, readonly string[]>> }): string {
  const edges = Object.entries(labels.edges).map(([e, t]) => `${e}: ${t}`);
  const nodes = Object.entries(labels.nodes)
    .filter(([, lines]) => lines.length > 0)
    .map(([id, lines]) => `${id}: ${lines.join(', ')}`);
  return `Values on the edges: ${edges.join('; ')}. At the nodes: ${nodes.join('; ')}.`;
}
