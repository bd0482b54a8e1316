// A hand-written SVG: one panel per headline scenario, talk minutes per agent-hour against
// abandonment for each pacer, with the clairvoyant bound and the 3% limit drawn in, and
// predictive's curve through its runs at other budgets.

import { pacerNames, type PacerName } from './bench-grid.js';
import { frontierPoints } from './bench-frontier.js';
import type { CellSummary } from './bench-report.js';

const COLORS: Record<PacerName, string> = {
  'progressive': '#6b7280', 'power-1.5': '#f59e0b', 'power-2.0': '#ef4444', 'vicidial-average': '#8b5cf6',
  'vicidial-tapered': '#ec4899', 'predictive': '#059669',
};
const PANEL_W = 300;
const PANEL_H = 220;
const PAD = { left: 44, right: 12, top: 26, bottom: 34 };
const X_MAX = 0.08;
const Y_MAX = 60;

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function panel(summary: CellSummary, ox: number, oy: number): string {
  const w = PANEL_W - PAD.left - PAD.right;
  const h = PANEL_H - PAD.top - PAD.bottom;
  const x = (rate: number): number => ox + PAD.left + (Math.min(rate, X_MAX) / X_MAX) * w;
  const y = (talk: number): number => oy + PAD.top + h - (Math.min(talk, Y_MAX) / Y_MAX) * h;
  const parts = [
    `<rect x="${ox + PAD.left}" y="${oy + PAD.top}" width="${w}" height="${h}" fill="#fafafa" stroke="#d1d5db"/>`,
    `<text x="${ox + PAD.left}" y="${oy + 16}" font-size="12" font-weight="bold">${esc(`${summary.cell.agents} agents, live ${summary.cell.live}, talk ${summary.cell.talkS} s`)}</text>`,
    `<line x1="${x(0.03)}" y1="${oy + PAD.top}" x2="${x(0.03)}" y2="${oy + PAD.top + h}" stroke="#ef4444" stroke-dasharray="4 3"/>`,
    `<line x1="${ox + PAD.left}" y1="${y(summary.boundTalkMinPerAgentHour)}" x2="${ox + PAD.left + w}" y2="${y(summary.boundTalkMinPerAgentHour)}" stroke="#111827" stroke-dasharray="2 3"/>`,
    `<text x="${ox + PAD.left + w - 4}" y="${y(summary.boundTalkMinPerAgentHour) - 3}" font-size="9" text-anchor="end">bound</text>`,
  ];
  for (let t = 0; t <= Y_MAX; t += 20) {
    parts.push(`<text x="${ox + PAD.left - 4}" y="${y(t) + 3}" font-size="9" text-anchor="end">${t}</text>`);
  }
  for (let r = 0; r <= X_MAX + 1e-9; r += 0.02) {
    parts.push(`<text x="${x(r)}" y="${oy + PAD.top + h + 12}" font-size="9" text-anchor="middle">${(r * 100).toFixed(0)}%</text>`);
  }
  parts.push(`<text x="${ox + PAD.left + w / 2}" y="${oy + PAD.top + h + 26}" font-size="10" text-anchor="middle">abandonment (regime definition)</text>`);
  parts.push(`<text x="${ox + 10}" y="${oy + PAD.top + h / 2}" font-size="10" text-anchor="middle" transform="rotate(-90 ${ox + 10} ${oy + PAD.top + h / 2})">talk min / agent-hour</text>`);
  const curve = frontierPoints(summary);
  if (curve.length > 1) {
    const path = curve.map((p) => `${x(p.abandonRate).toFixed(1)},${y(p.talkMinPerAgentHour).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${COLORS.predictive}" stroke-width="1.5" stroke-dasharray="5 3"><title>predictive at budgets ${esc(curve.map((p) => (p.budget === null ? 'own' : `${(p.budget * 100).toFixed(1)}%`)).join(', '))}</title></polyline>`);
  }
  for (const name of pacerNames) {
    const p = summary.pacers[name];
    if (!p) continue;
    parts.push(`<circle cx="${x(p.abandonRate).toFixed(1)}" cy="${y(p.talkMinPerAgentHour).toFixed(1)}" r="${name === 'predictive' ? 6 : 4.5}" fill="${COLORS[name]}" fill-opacity="0.85"><title>${esc(`${name}: ${p.talkMinPerAgentHour.toFixed(1)} min/h, ${(p.abandonRate * 100).toFixed(2)}%`)}</title></circle>`);
  }
  return parts.join('\n');
}

export function pacingChart(summaries: readonly CellSummary[]): string {
  const main = summaries.filter((s) => s.cell.main);
  const cols = 3;
  const rows = Math.max(1, Math.ceil(main.length / cols));
  const legendH = 30;
  const width = cols * PANEL_W;
  const height = rows * PANEL_H + legendH;
  const panels = main.map((s, i) => panel(s, (i % cols) * PANEL_W, Math.floor(i / cols) * PANEL_H + legendH));
  const legend = pacerNames.map((name, i) => `<circle cx="${14 + i * 145}" cy="14" r="5" fill="${COLORS[name]}"/><text x="${24 + i * 145}" y="18" font-size="11">${name}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...legend,
    ...panels,
    '</svg>',
  ].join('\n');
}
