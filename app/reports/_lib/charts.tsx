/**
 * Hand-written SVG charts of the report pages: correct rate per question
 * (bars) and the class leaderboard over time (lines). Each series differs by
 * colour, marker and dash, so nothing depends on colour alone; the pages show
 * the same numbers in tables next to them.
 */
import { useId } from 'react';
import { percent, points } from './format';

/** One bar: a question's correct rate, or null when nobody could answer. */
export interface BarDatum {
  readonly label: string;
  readonly value: number | null;
  /** Drawn hatched, with the note under the label: skipped or unscored questions. */
  readonly note?: string;
}

const BAR_SLOT = 56;
const BAR_WIDTH = 34;
const PLOT_H = 170;
const M = { top: 26, right: 12, bottom: 44, left: 46 } as const;

/** Correct rate per question, 0–100 %. */
export function CorrectRateChart({ data, title }: { data: readonly BarDatum[]; title: string }) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/gu, '');
  const width = Math.max(360, M.left + data.length * BAR_SLOT + M.right);
  const height = M.top + PLOT_H + M.bottom;
  const y = (v: number) => M.top + PLOT_H * (1 - v);
  return (
    <svg
      className="rp-chart rp-bar-chart"
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: `${Math.round(width * 1.6)}px` }}
      role="img"
      aria-labelledby={`${uid}-t`}
      data-testid="correct-rate-chart"
    >
      <title id={`${uid}-t`}>{title}</title>
      <defs>
        <pattern id={`${uid}-hatch`} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="8" height="8" className="rp-hatch-bg" />
          <line x1="0" y1="0" x2="0" y2="8" className="rp-hatch-line" />
        </pattern>
      </defs>
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t}>
          <line x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} className={t === 0 ? 'rp-axis' : 'rp-grid'} />
          <text x={M.left - 8} y={y(t)} className="rp-tick rp-tick-y">
            {percent(t)}
          </text>
        </g>
      ))}
      {data.map((d, i) => {
        const x = M.left + i * BAR_SLOT + (BAR_SLOT - BAR_WIDTH) / 2;
        const v = d.value ?? 0;
        const top = y(v);
        return (
          <g key={i} className="rp-bar" data-value={d.value ?? ''}>
            <rect x={x} y={top} width={BAR_WIDTH} height={Math.max(0, y(0) - top)} className={d.note ? 'rp-bar-muted' : 'rp-bar-fill'} fill={d.note ? `url(#${uid}-hatch)` : undefined} />
            <text x={x + BAR_WIDTH / 2} y={top - 7} className="rp-bar-value">
              {percent(d.value)}
            </text>
            <text x={x + BAR_WIDTH / 2} y={y(0) + 18} className="rp-tick rp-tick-x">
              {d.label}
            </text>
            {d.note ? (
              <text x={x + BAR_WIDTH / 2} y={y(0) + 34} className="rp-tick rp-tick-note">
                {d.note}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** Colours, markers and dashes of the line chart's series, in order. */
const SERIES_COLOURS = ['#38bdf8', '#f59e0b', '#c084fc', '#34d399', '#f472b6', '#a3e635', '#fb923c', '#e2e8f0'] as const;
const SERIES_DASHES = ['', '8 5', '2 5', '12 4 3 4'] as const;
const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;
type Marker = (typeof MARKERS)[number];

/** The look of series `i`. */
export function seriesStyle(i: number): { colour: string; dash: string; marker: Marker } {
  return {
    colour: SERIES_COLOURS[i % SERIES_COLOURS.length] as string,
    dash: SERIES_DASHES[Math.floor(i / 2) % SERIES_DASHES.length] as string,
    marker: MARKERS[i % MARKERS.length] as Marker,
  };
}

function MarkerShape({ kind, x, y, colour }: { kind: Marker; x: number; y: number; colour: string }) {
  const r = 5;
  switch (kind) {
    case 'circle':
      return <circle cx={x} cy={y} r={r} fill={colour} className="rp-marker" />;
    case 'square':
      return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill={colour} className="rp-marker" />;
    case 'triangle':
      return <path d={`M${x} ${y - r - 1} L${x + r + 1} ${y + r} L${x - r - 1} ${y + r} Z`} fill={colour} className="rp-marker" />;
    case 'diamond':
      return <path d={`M${x} ${y - r - 1} L${x + r + 1} ${y} L${x} ${y + r + 1} L${x - r - 1} ${y} Z`} fill={colour} className="rp-marker" />;
  }
}

/** A legend swatch: the series' line, dash and marker. */
export function SeriesSwatch({ index }: { index: number }) {
  const s = seriesStyle(index);
  return (
    <svg className="rp-swatch" viewBox="0 0 36 14" width="36" height="14" aria-hidden="true">
      <line x1="2" x2="34" y1="7" y2="7" stroke={s.colour} strokeWidth="3" strokeDasharray={s.dash || undefined} />
      <MarkerShape kind={s.marker} x={18} y={7} colour={s.colour} />
    </svg>
  );
}

/** A round number at or above `max` with 4–5 ticks below it. */
function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1000, step: 250 };
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag) as number;
  return { top: Math.ceil(max / step) * step, step };
}

const LW = 640;
const LH = 300;
const LM = { top: 16, right: 16, bottom: 54, left: 64 } as const;
/** Space between the plot's sides and the first and last game, so their labels fit. */
const X_INSET = 36;

/** Cumulative points of the top students after each of the class's games. */
export function CumulativeChart({ games, series, title }: { games: readonly { title: string; label: string }[]; series: readonly { nickname: string; cumulative: readonly number[] }[]; title: string }) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/gu, '');
  const max = Math.max(0, ...series.flatMap((s) => s.cumulative));
  const { top, step } = niceScale(max);
  const plotW = LW - LM.left - LM.right;
  const plotH = LH - LM.top - LM.bottom;
  const x = (i: number) => (games.length <= 1 ? LM.left + plotW / 2 : LM.left + X_INSET + ((plotW - 2 * X_INSET) * i) / (games.length - 1));
  const y = (v: number) => LM.top + plotH * (1 - v / top);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  // Label every game when they fit, else every few.
  const every = Math.max(1, Math.ceil(games.length / 10));
  return (
    <svg className="rp-chart rp-line-chart" viewBox={`0 0 ${LW} ${LH}`} role="img" aria-labelledby={`${uid}-t`} data-testid="class-chart">
      <title id={`${uid}-t`}>{title}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={LM.left} x2={LW - LM.right} y1={y(t)} y2={y(t)} className={t === 0 ? 'rp-axis' : 'rp-grid'} />
          <text x={LM.left - 8} y={y(t)} className="rp-tick rp-tick-y">
            {points(t)}
          </text>
        </g>
      ))}
      {games.map((g, i) =>
        i % every === 0 || i === games.length - 1 ? (
          <g key={i}>
            <line x1={x(i)} x2={x(i)} y1={LM.top} y2={LM.top + plotH} className="rp-grid rp-grid-v" />
            <text x={x(i)} y={LM.top + plotH + 18} className="rp-tick rp-tick-x">
              {`Game ${i + 1}`}
            </text>
            <text x={x(i)} y={LM.top + plotH + 38} className="rp-tick rp-tick-note">
              {g.label}
            </text>
          </g>
        ) : null,
      )}
      {series.map((s, si) => {
        const st = seriesStyle(si);
        const pts = s.cumulative.map((v, i) => `${x(i)},${y(v)}`).join(' ');
        return (
          <g key={si} className="rp-series" data-nickname={s.nickname}>
            <polyline points={pts} fill="none" stroke={st.colour} strokeWidth="3" strokeDasharray={st.dash || undefined} strokeLinejoin="round" />
            {s.cumulative.map((v, i) => (
              <MarkerShape key={i} kind={st.marker} x={x(i)} y={y(v)} colour={st.colour} />
            ))}
          </g>
        );
      })}
    </svg>
  );
}
