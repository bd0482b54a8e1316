// The pacing decision log as a campaign manager reads it: what decides the dialling now and why,
// what share of the last calls launched each limit decided, and the latest launches with the
// abandon risk the forecast took against what the controller allowed. Times are on the campaign's
// clock, the zone named, as its calling hours are.

import { formatInZone, formatNumber, formatPercent, t, tCount } from '/web/shared/i18n.js';
import { el } from '/web/shared/dom.js';

/** Launches listed in the table. */
const ROWS = 10;

const level = (value) => formatNumber(value, { maximumFractionDigits: 2 });
/** A moment to the second on the campaign's clock, the zone named. */
const seconds = (atMs, zone) => formatInZone(atMs, zone, { dateStyle: undefined, timeStyle: 'medium' });

/** Calls launched per binding limit, most first: [{ binding, calls, share }]. */
function launchShares(decisions) {
  const calls = new Map();
  for (const d of decisions) if (d.launch > 0) calls.set(d.binding, (calls.get(d.binding) ?? 0) + d.launch);
  const total = [...calls.values()].reduce((sum, n) => sum + n, 0);
  return [...calls].map(([binding, n]) => ({ binding, calls: n, share: n / total })).sort((a, b) => b.calls - a.calls);
}

/** When the latest decision's limit took over: the log keeps every change of limit, so the run
 * of decisions under it, newest first, goes back to that change (or to the oldest one read). */
function boundSince(decisions) {
  const { binding } = decisions[0];
  let since = decisions[0].atMs;
  for (const d of decisions) {
    if (d.binding !== binding) break;
    since = d.atMs;
  }
  return since;
}

/**
 * Fills a campaign section's log from its decisions, newest first; `null` when another node
 * drives the campaign (this node keeps no decisions of it). `zone`: the campaign's time zone.
 */
export function renderDecisionLog(section, decisions, zone) {
  const now = section.querySelector('.now');
  const shares = section.querySelector('.launch-shares');
  const body = section.querySelector('.decisions tbody');
  if (decisions === null || decisions.length === 0) {
    now.textContent = t(decisions === null ? 'pacing.notHere' : 'pacing.noDecisions');
    shares.replaceChildren();
    body.replaceChildren();
    return;
  }
  const latest = decisions[0];
  now.dataset.binding = latest.binding;
  now.textContent = t('pacing.now', { since: seconds(boundSince(decisions), zone), reason: t(`bindingWhy.${latest.binding}`), level: level(latest.dialLevel) });
  renderShares(shares, launchShares(decisions));
  body.replaceChildren(...decisions.filter((d) => d.launch > 0).slice(0, ROWS).map((d) => launchRow(d, zone)));
}

function renderShares(box, shares) {
  const total = shares.reduce((sum, s) => sum + s.calls, 0);
  if (total === 0) {
    box.replaceChildren(el('span', 'muted', t('pacing.noLaunches')));
    return;
  }
  box.replaceChildren(el('span', 'muted', tCount('pacing.shares', total)), ...shares.map((s) => {
    const chip = el('span', 'share-chip', `${t(`binding.${s.binding}`)} ${formatPercent(s.share, 0)}`);
    chip.dataset.binding = s.binding;
    chip.title = t(`bindingWhy.${s.binding}`);
    return chip;
  }));
}

function launchRow(decision, zone) {
  const { inputs } = decision;
  const { forecast } = inputs;
  const row = el('tr');
  row.dataset.binding = decision.binding;
  const binding = el('td', null, t(`binding.${decision.binding}`));
  binding.title = t(`bindingWhy.${decision.binding}`);
  row.append(
    el('td', 'when', seconds(decision.atMs, zone)),
    el('td', 'num', formatNumber(decision.launch)),
    el('td', 'num', `${formatNumber(inputs.agentsReady)} / ${formatNumber(inputs.agentsStaffed)}`),
    el('td', 'num', formatNumber(inputs.callsDialing)),
    el('td', 'num', level(decision.dialLevel)),
    binding,
    el('td', 'num', forecast ? `${formatPercent(forecast.predictedAbandonShare, 2)} / ${formatPercent(forecast.allowedAbandonShare, 2)}` : '—'),
  );
  return row;
}
