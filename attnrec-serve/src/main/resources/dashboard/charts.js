// Small SVG charts and an HTML heatmap: no chart library, nothing inline that CSP would block
// (colours are set through the DOM, never as style attributes in markup).
import { h } from './dom.js';

const W = 520;
const H = 200;
const PAD = { l: 48, r: 48, t: 12, b: 36 };

function ticks(max, n = 4) {
  if (!(max > 0)) return [0];
  const raw = max / n;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(v);
  return out;
}

function short(v) {
  if (Math.abs(v) >= 1e6) return (v / 1e6).toFixed(1) + 'M';
  if (Math.abs(v) >= 1e3) return (v / 1e3).toFixed(v >= 1e4 ? 0 : 1) + 'k';
  if (Math.abs(v) < 1 && v !== 0) return v.toFixed(3);
  return String(Math.round(v * 100) / 100);
}

function frame(svg, yMax, xLabel, yLabel) {
  for (const t of ticks(yMax)) {
    const y = PAD.t + (H - PAD.t - PAD.b) * (1 - t / (yMax || 1));
    svg.append(h('svg:line', { x1: PAD.l, x2: W - PAD.r, y1: y, y2: y, class: 'grid' }));
    svg.append(h('svg:text', { x: PAD.l - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, short(t)));
  }
  if (xLabel) svg.append(h('svg:text', { x: (W + PAD.l - PAD.r) / 2, y: H - 2, 'text-anchor': 'middle', class: 'axis-label' }, xLabel));
  if (yLabel) svg.append(h('svg:text', { x: 12, y: PAD.t + 4, class: 'axis-label' }, yLabel));
}

/** Bars: [{label, value, title}]. */
export function barChart(bars, { xLabel, yLabel, colour = '#4a7bd0' } = {}) {
  const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img' });
  const max = Math.max(1e-12, ...bars.map((b) => b.value));
  const yMax = ticks(max).slice(-1)[0] >= max ? ticks(max).slice(-1)[0] : max;
  frame(svg, yMax, xLabel, yLabel);
  const iw = (W - PAD.l - PAD.r) / Math.max(1, bars.length);
  // Label every n-th bar so that labels (about 6 px per character) do not overlap.
  const longest = Math.max(1, ...bars.map((b) => String(b.label).length));
  const every = Math.max(1, Math.ceil((longest * 6 + 6) / iw));
  bars.forEach((b, i) => {
    const bh = (H - PAD.t - PAD.b) * (b.value / yMax);
    const x = PAD.l + i * iw;
    const rect = h('svg:rect', { x: x + 1, y: H - PAD.b - bh, width: Math.max(1, iw - 2), height: bh, fill: colour },
      h('svg:title', null, (b.title || b.label) + ': ' + b.value.toLocaleString('en-US')));
    svg.append(rect);
    if (i % every === 0) {
      svg.append(h('svg:text', { x: x + iw / 2, y: H - PAD.b + 14, 'text-anchor': 'middle', class: 'tick' }, b.label));
    }
  });
  return svg;
}

/**
 * Lines: [{name, points: [[x, y]], colour, right}] — series with right=true use the right axis.
 */
export function lineChart(series, { xLabel, leftLabel, rightLabel } = {}) {
  const svg = h('svg:svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img' });
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return h('p', { class: 'muted' }, 'no points');
  const xs = all.map((p) => p[0]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const scale = (right) => {
    const ys = series.filter((s) => !!s.right === right).flatMap((s) => s.points.map((p) => p[1]));
    const max = Math.max(1e-12, ...ys);
    return ticks(max).slice(-1)[0] >= max ? ticks(max).slice(-1)[0] : max;
  };
  const leftMax = scale(false);
  const rightMax = scale(true);
  frame(svg, leftMax, xLabel, leftLabel);
  if (series.some((s) => s.right)) {
    for (const t of ticks(rightMax)) {
      const y = PAD.t + (H - PAD.t - PAD.b) * (1 - t / rightMax);
      svg.append(h('svg:text', { x: W - PAD.r + 6, y: y + 4, class: 'tick' }, short(t)));
    }
    if (rightLabel) svg.append(h('svg:text', { x: W - 4, y: PAD.t + 4, 'text-anchor': 'end', class: 'axis-label' }, rightLabel));
  }
  const px = (x) => PAD.l + (W - PAD.l - PAD.r) * (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0));
  const py = (y, right) => PAD.t + (H - PAD.t - PAD.b) * (1 - y / (right ? rightMax : leftMax));
  for (const t of ticks(x1 - x0 || 1, 6)) {
    svg.append(h('svg:text', { x: px(x0 + t), y: H - PAD.b + 14, 'text-anchor': 'middle', class: 'tick' }, short(x0 + t)));
  }
  const legend = h('div', { class: 'legend' });
  for (const s of series) {
    const d = s.points.map((p, i) => (i ? 'L' : 'M') + px(p[0]).toFixed(1) + ' ' + py(p[1], s.right).toFixed(1)).join(' ');
    svg.append(h('svg:path', { d, stroke: s.colour, fill: 'none', 'stroke-width': 2 }));
    for (const p of s.points) {
      svg.append(h('svg:circle', { cx: px(p[0]), cy: py(p[1], s.right), r: 2.5, fill: s.colour },
        h('svg:title', null, `${s.name} at ${p[0]}: ${short(p[1])}`)));
    }
    const sw = h('span', { class: 'swatch' });
    sw.style.background = s.colour;
    legend.append(h('span', null, sw, s.name + (s.right ? ' (right axis)' : '')));
  }
  return h('div', null, svg, legend);
}

/**
 * Heatmap as a table: rows × columns, cell(r, c) a number ≥ 0 or null; each row is scaled to
 * its own maximum (the weights of different recommendations are not on one scale).
 */
export function heatmap(rows, cols, cell, { rowLabel, colLabel, rowHeader = 'recommended item' } = {}) {
  const head = h('tr', null, h('th', { class: 'corner' }, rowHeader + ' \\ history'),
    cols.map((c) => h('th', { class: 'col' }, h('div', { class: 'rot' }, colLabel(c)))));
  const body = rows.map((r) => {
    const values = cols.map((c) => cell(r, c));
    const max = Math.max(1e-12, ...values.map((v) => v || 0));
    return h('tr', null, h('th', { class: 'row' }, rowLabel(r)), values.map((v) => {
      const td = h('td', { class: 'hm', title: v ? v.toFixed(4) : '0' });
      const a = v ? Math.max(0.06, v / max) : 0;
      td.style.backgroundColor = `rgba(214, 69, 34, ${a.toFixed(3)})`;
      if (v && v / max > 0.999) td.textContent = '●';
      return td;
    }));
  });
  return h('div', { class: 'heatmap-wrap' }, h('table', { class: 'heatmap' }, h('thead', null, head), h('tbody', null, body)));
}
