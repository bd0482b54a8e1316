// Handing the customer to a colleague from the desktop: the Transfer button (X) opens a short
// list of who can take the call now (ready colleagues, longest waiting first, and their groups);
// choosing one hands the customer over at once, or after a consultation (the customer on hold
// while the two speak; then a conference, the handover, or the customer back). While the PBX
// moves them the desktop says to whom; the colleague's desktop says whom the call came from.

import { t } from '/web/shared/i18n.js';
import { $, el, option } from '/web/shared/dom.js';

/** Colleagues' names by id, from the last list shown. */
const names = new Map();

/** `deps`: { get(path), post(path, body), act(run), setState(state) }. */
export function bindTransfer(deps) {
  $('transfer-btn').addEventListener('click', () => void openPanel(deps));
  $('transfer-cancel').addEventListener('click', closePanel);
  $('transfer-go').addEventListener('click', () => void handOver(deps, 'transfer'));
  $('transfer-consult').addEventListener('click', () => void handOver(deps, 'consult'));
  for (const action of ['complete', 'conference', 'cancel']) {
    $(`consult-${action}`).addEventListener('click', () => void submit(deps, `consult/${action}`));
  }
}

async function openPanel(deps) {
  if (!$('transfer-panel').hidden) {
    closePanel();
    return;
  }
  const targets = await deps.act(() => deps.get('transfer-targets'));
  if (!targets) return;
  const select = $('transfer-target');
  select.replaceChildren();
  for (const agent of targets.agents) names.set(agent.id, agent.name);
  if (targets.agents.length > 0) select.append(optionGroup(t('transfer.colleagues'), targets.agents.map((a) => option(`agent:${a.id}`, a.name))));
  if (targets.groups.length > 0) {
    select.append(optionGroup(t('transfer.groups'), targets.groups.map((g) => option(`group:${g.group}`, t('transfer.groupReady', { group: g.group, count: g.ready })))));
  }
  const nobody = targets.agents.length === 0;
  $('transfer-none').hidden = !nobody;
  select.hidden = nobody;
  $('transfer-go').disabled = nobody;
  $('transfer-consult').disabled = nobody;
  $('transfer-panel').hidden = false;
  if (!nobody) select.focus();
}

function optionGroup(label, options) {
  const group = el('optgroup');
  group.label = label;
  group.append(...options);
  return group;
}

function closePanel() {
  $('transfer-panel').hidden = true;
}

/** `action`: 'transfer' hands the customer over at once, 'consult' speaks to the colleague first. */
async function handOver(deps, action) {
  const [kind, ...rest] = $('transfer-target').value.split(':');
  const target = rest.join(':');
  if (!target) return;
  closePanel();
  await submit(deps, action, kind === 'group' ? { group: target } : { toAgentId: target });
}

async function submit(deps, path, body) {
  const state = await deps.act(() => deps.post(path, body));
  if (state) deps.setState(state);
}

/** The button while the agent talks with no handover going on, and what is going on;
 * `handedOverBy`: the name of the agent the call came from, when known. */
export function renderTransfer(state, handedOverBy = null) {
  const talking = state.status === 'talking';
  const consulting = state.consultStage != null;
  const handing = talking && state.transferringTo != null;
  $('transfer-btn').hidden = !talking || handing || consulting;
  if (!talking || handing || consulting) closePanel();
  $('call-transferring').hidden = !handing || consulting;
  if (handing) $('call-transferring').textContent = t('transfer.handing', { agent: names.get(state.transferringTo) ?? state.transferringTo });
  const from = (talking || state.status === 'reserved') && state.transferredFrom != null && !consulting ? state.transferredFrom : null;
  $('call-transferred-from').hidden = from === null;
  if (from !== null) $('call-transferred-from').textContent = t('transfer.from', { agent: handedOverBy ?? from });
  renderConsult(state, handedOverBy);
}

/** The consultation as each side sees it; the agent who has the customer ends it. */
function renderConsult(state, handedOverBy) {
  const stage = state.consultStage;
  $('consult-bar').hidden = stage == null;
  if (stage == null) return;
  const mine = state.transferringTo != null;
  const other = mine ? names.get(state.consultWith) ?? state.consultWith : handedOverBy ?? state.consultWith;
  $('consult-text').textContent = t(`consult.${mine ? 'agent' : 'colleague'}.${stage}`, { agent: other });
  $('consult-actions').hidden = !mine || (stage !== 'consulting' && stage !== 'conference');
  $('consult-conference').hidden = stage !== 'consulting';
}
