/**
 * A class heatmap drawn on the network (engine/layout's layered layout: E on
 * top, inputs at the bottom): each edge's width grows with how many students
 * highlighted it, with the count written on it; the edges of the answer are
 * dashed green with a check mark, so the key never depends on colour alone.
 */
import { useMemo } from 'react';
import { layoutNetwork, type LayoutNode } from '@/engine/layout';
import { parseNetwork } from '@/engine/network';

const SX = 120;
const SY = 96;
const R = 22;
const MAX_HEAT_WIDTH = 16;
/** Width of the dashed green border around an edge of the answer (both sides together). */
const KEY_BORDER = 12;
/** Where along an answer edge its check mark sits (0 = lower end), and how far beside it. */
const CHECK_AT = 0.8;
const CHECK_OFFSET = 18;

function NodeLabel({ label }: { label: string }) {
  const m = /^([A-Za-z]+)_\{?([^{}]+?)\}?$/u.exec(label);
  if (!m) return <>{label}</>;
  return (
    <>
      {m[1]}
      <tspan className="rp-net-sub" dy="0.35em">
        {m[2]}
      </tspan>
    </>
  );
}

/** The heatmap of one highlight question. */
export function NetworkHeatmap({
  network,
  heatmap,
  keyEdges,
  answered,
  title,
}: {
  network: unknown;
  heatmap: Readonly<Record<string, number>>;
  keyEdges: readonly string[];
  answered: number;
  title: string;
}) {
  const drawing = useMemo(() => {
    const parsed = parseNetwork(network);
    if (!parsed.ok) return null;
    const layout = layoutNetwork(parsed.network);
    return { layout, nodes: new Map<string, LayoutNode>(layout.nodes.map((n) => [n.id, n])) };
  }, [network]);
  if (!drawing) return <p className="rp-muted">This network could not be drawn.</p>;
  const { layout, nodes } = drawing;
  const key = new Set(keyEdges);
  const most = Math.max(1, answered, ...Object.values(heatmap));
  return (
    <figure className="rp-heatmap" data-testid="heatmap">
      <svg viewBox={`0 0 ${layout.width * SX} ${layout.height * SY}`} role="img" aria-label={title} className="rp-net-svg">
        {layout.edges.map((e) => {
          const a = nodes.get(e.from);
          const b = nodes.get(e.to);
          if (!a || !b) return null;
          const [ax, ay, bx, by] = [a.x * SX, a.y * SY, b.x * SX, b.y * SY];
          const len = Math.hypot(bx - ax, by - ay) || 1;
          const [ux, uy] = [(bx - ax) / len, (by - ay) / len];
          const [x1, y1, x2, y2] = [ax + ux * R, ay + uy * R, bx - ux * R, by - uy * R];
          const count = heatmap[e.id] ?? 0;
          const isKey = key.has(e.id);
          const heatWidth = count > 0 ? 3 + (MAX_HEAT_WIDTH * count) / most : 0;
          const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2];
          // The check sits beside the edge, well away from the count in the middle.
          const [cx, cy] = [x1 + (x2 - x1) * CHECK_AT - uy * CHECK_OFFSET, y1 + (y2 - y1) * CHECK_AT + ux * CHECK_OFFSET];
          return (
            <g key={e.id} className="rp-net-edge" data-edge={e.id} data-count={count} data-key={isKey}>
              {isKey ? <line x1={x1} y1={y1} x2={x2} y2={y2} className="rp-net-key" strokeWidth={heatWidth + KEY_BORDER} /> : null}
              <line x1={x1} y1={y1} x2={x2} y2={y2} className="rp-net-line" />
              {count > 0 ? <line x1={x1} y1={y1} x2={x2} y2={y2} className="rp-net-heat" strokeWidth={heatWidth} /> : null}
              {isKey ? (
                <g transform={`translate(${cx} ${cy})`} className="rp-net-check" aria-hidden="true">
                  <circle r="10" />
                  <path d="M-5 0.5 L-1.5 4 L5 -3.5" />
                </g>
              ) : null}
              <g transform={`translate(${mx} ${my})`} className="rp-net-count">
                <rect x="-14" y="-12" width="28" height="24" rx="6" />
                <text>{count}</text>
              </g>
            </g>
          );
        })}
        {layout.nodes.map((n) => (
          <g key={n.id} transform={`translate(${n.x * SX} ${n.y * SY})`} className={`rp-net-node rp-net-node-${n.kind}`}>
            <circle r={R} />
            <text>
              <NodeLabel label={n.label} />
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="rp-muted">
        Edge width and number: how many of the {answered} students who answered selected the edge. Dashed green border and ✓: the edges of the answer.
      </figcaption>
    </figure>
  );
}
