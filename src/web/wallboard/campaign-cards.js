// One card per campaign: dial level against the pacer's target, calls ringing, connected and on a
// message (safe harbor, answering machine; with those being hung up),
// contact rate, abandonment against the campaign's budget, leads remaining, agents ready (and
// customers waiting on hold for the next of the team), and the progress of the campaign's daily
// and weekly targets.

import { formatNumber, formatPercent, t, tCount } from '/web/shared/i18n.js';
import { el, kpiBox } from '/web/shared/dom.js';

function kpi(label, value, sub, extra, id = null) {
  const box = kpiBox(id, label, value, sub);
  if (extra) box.append(extra);
  return box;
}

function budgetBar(rate, budget) {
  const bar = el('div', 'budget');
  const share = budget > 0 ? rate / budget : 0;
  bar.classList.toggle('warn', share >= 0.75 && share < 1);
  bar.classList.toggle('over', share >= 1);
  const fill = el('span');
  fill.style.width = `${Math.min(100, Math.round(share * 100))}%`;
  bar.append(fill);
  return bar;
}

/** One target: "Appointments today 12 / 40" over a bar that fills as it is reached. */
function targetRow(target) {
  const row = el('div', 'target');
  row.dataset.measure = target.measure;
  const label = t('target.label', { measure: t(`target.${target.measure}`), per: t(`target.${target.per}`) });
  row.append(el('span', 'target-label', label), el('span', 'target-value', `${formatNumber(target.reached)} / ${formatNumber(target.count)}`));
  const bar = el('div', 'budget goal');
  bar.classList.toggle('met', target.reached >= target.count);
  const fill = el('span');
  fill.style.width = `${Math.min(100, Math.round((target.reached / target.count) * 100))}%`;
  bar.append(fill);
  row.append(bar);
  return row;
}

/** What decides the campaign's dialling, explained on hover, linked to the pacing page of the
 * node that drives it (where its decision log is kept) when its address is known. */
function decidedBy(c, here) {
  if (!c.binding) return null;
  const elsewhere = Boolean(here.nodeId && c.nodeId && c.nodeId !== here.nodeId);
  const base = elsewhere ? here.nodeUrls[c.nodeId] : window.location.origin;
  const label = el(base ? 'a' : 'span', 'decided-by', t(`binding.${c.binding}`));
  label.dataset.binding = c.binding;
  label.title = t(`bindingWhy.${c.binding}`);
  if (base) label.href = new URL(`/pacing/?campaign=${encodeURIComponent(c.id)}`, base).href;
  return label;
}

function card(c, here) {
  const box = el('article', 'campaign');
  box.dataset.campaignId = c.id;
  const head = el('div', 'campaign-head');
  const tags = el('div', 'tags');
  tags.append(el('span', `pill ${c.status}`, t(`campaignStatus.${c.status}`)), el('span', 'pill', t(`mode.${c.mode}`)));
  if (c.nodeId && c.nodeId !== here.nodeId) tags.append(el('span', 'pill node', t('wallboard.onNode', { node: c.nodeId })));
  head.append(el('h3', null, c.name), tags);

  const staffed = ['ready', 'reserved', 'talking', 'wrap_up'].reduce((sum, s) => sum + (c.agents[s] ?? 0), 0);
  const target = c.targetDialLevel === null ? null : t('campaign.target', { value: formatNumber(c.targetDialLevel, { maximumFractionDigits: 2 }) });
  const abandon = kpi(t('campaign.abandon'), formatPercent(c.abandonRate, 2),
    tCount('campaign.budget', c.liveAnswers, { budget: formatPercent(c.abandonBudget, 1), abandoned: formatNumber(c.abandoned) }),
    budgetBar(c.abandonRate, c.abandonBudget));
  abandon.classList.toggle('alert', c.abandonBudget > 0 && c.abandonRate >= c.abandonBudget);
  const kpis = el('div', 'kpis');
  kpis.append(
    kpi(t('campaign.dialLevel'), formatNumber(c.dialLevel, { minimumFractionDigits: 2, maximumFractionDigits: 2 }), target ?? tCount('campaign.staffed', staffed),
      decidedBy(c, here)),
    kpi(t('campaign.ringing'), formatNumber(c.ringing), tCount('campaign.waiting', c.waiting), null, 'ringing'),
    kpi(t('campaign.connected'), formatNumber(c.connected), tCount('campaign.staffed', staffed), null, 'connected'),
    kpi(t('campaign.onMessage'), formatNumber(c.onMessage ?? 0), c.hangingUp ? tCount('campaign.hangingUp', c.hangingUp) : '', null, 'on-message'),
    kpi(t('campaign.contactRate'), c.contactRate === null ? '—' : formatPercent(c.contactRate, 1), tCount('campaign.attempts24h', c.attempts24h)),
    abandon,
    kpi(t('campaign.leadsRemaining'), c.leadsRemaining === null ? '—' : formatNumber(c.leadsRemaining), c.leadsDue === null ? '' : tCount('campaign.leadsDue', c.leadsDue)),
    kpi(t('status.ready'), formatNumber(c.agents.ready ?? 0), [tCount('campaign.paused', c.agents.paused ?? 0),
      c.overPauseLimit ? tCount('campaign.overPauseLimit', c.overPauseLimit) : '',
      c.handoversWaiting ? tCount('campaign.handoversWaiting', c.handoversWaiting) : ''].filter(Boolean).join(' · ')),
    kpi(t('status.talking'), formatNumber(c.agents.talking ?? 0), [tCount('campaign.wrapping', c.agents.wrap_up ?? 0),
      c.undispositioned ? tCount('campaign.undispositioned', c.undispositioned) : ''].filter(Boolean).join(' · ')),
  );
  box.append(head, kpis);
  if (c.targets?.length) {
    const targets = el('div', 'targets');
    targets.append(...c.targets.map(targetRow));
    box.append(targets);
  }
  return box;
}

/** The snapshot's campaigns; those another node drives (not `here.nodeId`, the one serving it)
 * say which, and link to that node at its address in `here.nodeUrls`. */
export function renderCampaigns(container, campaigns, here) {
  container.replaceChildren(...campaigns.map((c) => card(c, here)));
}
