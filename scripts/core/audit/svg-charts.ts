/**
 * Small inline SVG charts for the HTML audit report: no scripts, no external files, readable in print (dark ink on
 * white, values written on the bars and points). Each chart is an image with a title for screen readers; the
 * report's tables carry the same numbers.
 */
import { escapeHtml } from '../templates/render-html-template.ts';

export interface ChartPoint {
  label: string;
  /** Absent where there is nothing to show (a month with nothing due). */
  value: number | undefined;
}

const HEIGHT = 220;
const TOP = 24;
const BOTTOM = 36;
const LEFT = 44;
const RIGHT = 12;
const STEP = 40;
const INK = '#0b0c0c';
const BAR = '#1d70b8';
const GRID = '#b1b4b6';

/**
 * A bar chart of counts, one bar per label.
 *
 * @example
 * barChart({ title: 'Complaints received by month', data: [{ label: '2026-11', value: 12 }] })
 * //=> '<svg xmlns="http://www.w3.org/2000/svg" role="img" …><title>Complaints received by month</title>…</svg>'
 */
export function barChart({ title, data }: { title: string; data: readonly ChartPoint[] }): string {
  const max = niceMax(Math.max(0, ...data.map((point) => point.value ?? 0)));
  const width = LEFT + RIGHT + Math.max(1, data.length) * STEP;
  const plot = HEIGHT - TOP - BOTTOM;
  const y = (value: number) => TOP + plot - (max === 0 ? 0 : (value / max) * plot);
  const bars = data.map((point, index) => {
    const x = LEFT + index * STEP + 6;
    const value = point.value ?? 0;
    const top = y(value);
    return `<rect x="${x}" y="${fixed(top)}" width="${STEP - 12}" height="${fixed(TOP + plot - top)}" fill="${BAR}"><title>${escapeHtml(`${point.label}: ${value}`)}</title></rect>`
      + `<text x="${x + (STEP - 12) / 2}" y="${fixed(top - 4)}" text-anchor="middle" font-size="10" fill="${INK}">${value}</text>`;
  });
  return frame({ title, width, axis: axis(max, y, width, (v) => String(v)), body: bars.join(''), labels: labels(data) });
}

/**
 * A line chart of shares (0 to 1) drawn as percentages, with a gap where a value is absent.
 *
 * @example
 * lineChart({ title: 'Answered on time', data: [{ label: '2026-11', value: 0.75 }] }) //=> '<svg …>…75%…</svg>'
 */
export function lineChart({ title, data }: { title: string; data: readonly ChartPoint[] }): string {
  const width = LEFT + RIGHT + Math.max(1, data.length) * STEP;
  const plot = HEIGHT - TOP - BOTTOM;
  const y = (share: number) => TOP + plot - share * plot;
  const x = (index: number) => LEFT + index * STEP + STEP / 2;
  const segments: string[][] = [[]];
  data.forEach((point, index) => {
    if (point.value === undefined) segments.push([]);
    else segments.at(-1)?.push(`${fixed(x(index))},${fixed(y(point.value))}`);
  });
  const lines = segments.filter((s) => s.length > 1).map((s) => `<polyline points="${s.join(' ')}" fill="none" stroke="${BAR}" stroke-width="2"/>`);
  const dots = data.flatMap((point, index) =>
    point.value === undefined
      ? []
      : [
          `<circle cx="${fixed(x(index))}" cy="${fixed(y(point.value))}" r="3.5" fill="${BAR}"><title>${escapeHtml(`${point.label}: ${percent(point.value)}`)}</title></circle>`
            + `<text x="${fixed(x(index))}" y="${fixed(y(point.value) - 7)}" text-anchor="middle" font-size="10" fill="${INK}">${percent(point.value)}</text>`,
        ],
  );
  return frame({ title, width, axis: axis(1, y, width, percent), body: [...lines, ...dots].join(''), labels: labels(data) });
}

function frame({ title, width, axis, body, labels }: { title: string; width: number; axis: string; body: string; labels: string }): string {
  const id = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${escapeHtml(id)}" viewBox="0 0 ${width} ${HEIGHT}" width="${width}" height="${HEIGHT}" font-family="Arial, sans-serif">`
    + `<title id="${escapeHtml(id)}">${escapeHtml(title)}</title>${axis}${body}${labels}</svg>`;
}

function axis(max: number, y: (value: number) => number, width: number, format: (value: number) => string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return ticks
    .map((tick) => `<line x1="${LEFT}" x2="${width - RIGHT}" y1="${fixed(y(tick))}" y2="${fixed(y(tick))}" stroke="${GRID}" stroke-width="${tick === 0 ? 1.5 : 0.5}"/>`
      + `<text x="${LEFT - 6}" y="${fixed(y(tick) + 3)}" text-anchor="end" font-size="10" fill="${INK}">${escapeHtml(format(Number.isInteger(tick) ? tick : Number(tick.toFixed(2))))}</text>`)
    .join('');
}

/** Axis labels under the bars; when there are many, every so many, so that they never overlap. */
function labels(data: readonly ChartPoint[]): string {
  const every = Math.max(1, Math.ceil(data.length / 16));
  return data
    .map((point, index) => (index % every === 0 ? `<text x="${LEFT + index * STEP + STEP / 2}" y="${HEIGHT - BOTTOM + 14}" text-anchor="middle" font-size="10" fill="${INK}">${escapeHtml(point.label)}</text>` : ''))
    .join('');
}

/** A round maximum for the axis at or above `value` whose quarters are whole numbers: 4, 8, 12, 40, 160… */
function niceMax(value: number): number {
  if (value <= 4) return 4;
  const unit = 10 ** Math.floor(Math.log10(value / 4));
  return Math.ceil(value / 4 / unit) * unit * 4;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function fixed(n: number): string {
  return Number(n.toFixed(1)).toString();
}
