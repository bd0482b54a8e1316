// A small time-series line chart drawn as inline SVG: a fixed time range on x (on a given
// clock, its ticks on that clock's whole minutes and hours), zero-based y with four grid lines, one
// path per series and a legend. No library, no network.

import { formatTime } from '/web/shared/i18n.js';
import { zoneOffsetMs } from '/web/shared/zoned-time.js';

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 180;
const GRID_LINES = 5;
const MINUTE = 60_000;
const PAD = { left: 44, right: 10, top: 22, bottom: 20 };

function el(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A "nice" upper bound (1, 2, 5 or 10 times a power of ten) so the five grid steps are round. */
function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

/** Time ticks about every sixth of the range, on whole minutes. */
function tickStep(rangeMs) {
  return [1, 2, 5, 10, 15, 30].map((m) => m * MINUTE).find((step) => rangeMs / step <= 7) ?? 60 * MINUTE;
}

/**
 * The instants in [fromMs, toMs] whose time on `timeZone`'s clock is a whole `stepMs` (every step
 * divides a day): a campaign half or three quarters of an hour off UTC (Asia/Kolkata, Asia/Kathmandu,
 * America/St_Johns) reads 10:00, 11:00, not 10:30, 11:30 on an hourly scale. Each tick is placed by
 * the offset at it, so one across a change of the clocks is on the clock's whole units too.
 */
export function clockTicks(fromMs, toMs, stepMs, timeZone) {
  const ticks = [];
  for (let t = fromMs; t <= toMs;) {
    const offset = zoneOffsetMs(timeZone, new Date(t));
    const tick = Math.ceil((t + offset) / stepMs) * stepMs - offset;
    if (tick > toMs) break;
    ticks.push(tick);
    t = tick + stepMs;
  }
  return ticks;
}

/**
 * Draws into `container`. `series`: [{ name, label?, className, points: [[timeMs, value], ...] }]
 * (`name` marks the line, `label`, by default the name, is what the legend shows);
 * `fromMs`/`toMs`: the x range; `minMax`: the least y maximum; `format`: y label formatter;
 * `timeZone`: the clock of the time axis (its labels in the page's language).
 */
export function drawChart(container, { series, fromMs, toMs, minMax = 1, format = (v) => String(v), timeZone }) {
  const values = series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
  const yMax = niceMax(Math.max(minMax, ...values));
  // Drawn at the container's pixel width, so text is never stretched.
  const width = Math.max(240, Math.round(container.clientWidth || 600));
  const x = (t) => PAD.left + ((t - fromMs) / (toMs - fromMs)) * (width - PAD.left - PAD.right);
  const y = (v) => HEIGHT - PAD.bottom - (v / yMax) * (HEIGHT - PAD.top - PAD.bottom);
  const svg = el('svg', { viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: 'img' });
  svg.append(gridOf(x, y, yMax, { fromMs, toMs, timeZone }, format, width));
  series.forEach((s) => {
    const points = s.points.filter(([t, v]) => t >= fromMs && Number.isFinite(v));
    if (points.length === 0) return;
    const d = points.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join('');
    svg.append(el('path', { d, class: `line ${s.className}`, 'data-series': s.name }));
  });
  svg.append(legendOf(series));
  container.replaceChildren(svg);
}

function gridOf(x, y, yMax, { fromMs, toMs, timeZone }, format, width) {
  const grid = el('g', { class: 'grid' });
  for (let i = 0; i <= GRID_LINES; i++) {
    const v = (yMax * i) / GRID_LINES;
    grid.append(el('line', { x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v) }));
    grid.append(el('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
  }
  for (const t of clockTicks(fromMs, toMs, tickStep(toMs - fromMs), timeZone)) {
    const label = formatTime(t, { timeZone });
    // A label centred on the last moments would run off the right edge.
    if (x(t) + textWidth(label) / 2 > width) continue;
    grid.append(el('text', { x: x(t), y: HEIGHT - 4, 'text-anchor': 'middle', class: 'tick', 'data-at': t }, label));
  }
  return grid;
}

function legendOf(series) {
  const legend = el('g', { class: 'legend' });
  let offset = PAD.left;
  for (const s of series) {
    const label = s.label ?? s.name;
    legend.append(el('rect', { x: offset, y: 6, width: 10, height: 10, class: s.className }));
    legend.append(el('text', { x: offset + 14, y: 15 }, label));
    offset += 24 + textWidth(label);
  }
  return legend;
}

/** Roughly how wide a legend label is drawn: CJK characters take about twice a Latin letter. */
function textWidth(text) {
  return [...text].reduce((width, ch) => width + (ch.codePointAt(0) >= 0x2e80 ? 13 : 7), 0);
}
