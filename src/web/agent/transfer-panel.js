// Handing the customer to a colleague from the desktop: the Transfer button (X) opens a short
// list of who can take the call now (ready colleagues, longest waiting first, and their groups);
// choosing one hands the customer over. While the PBX moves them the desktop says to whom; the
// colleague's desktop says whom the call came from.

import { t } from '/web/shared/i18n.js';
import { $, el, option } from '/web/shared/dom.js';

/** `deps`: { get(path), post(path, body), act(run), setState(state), state() }. */
export function bindTransfer(deps) {
  $('transfer-btn').addEventListener('click', () => void openPanel(deps));
  $('transfer-cancel').addEventListener('click', closePanel);
  $('transfer-go').addEventListener('click', () => void handOver(deps));
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
  if (targets.agents.length > 0) select.append(optionGroup(t('transfer.colleagues'), targets.agents.map((a) => option(`agent:${a.id}`, a.name))));
  if (targets.groups.length > 0) {
    select.append(optionGroup(t('transfer.groups'), targets.groups.map((g) => option(`group:${g.group}`, t('transfer.groupReady', { group: g.group, count: g.ready })))));
  }
  const nobody = targets.agents.length === 0;
  $('transfer-none').hidden = !nobody;
  select.hidden = nobody;
  $('transfer-go').disabled = nobody;
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

async function handOver(deps) {
  const [kind, ...rest] = $('transfer-target').value.split(':');
  const target = rest.join(':');
  if (!target) return;
  const body = kind === 'group' ? { group: target } : { toAgentId: target };
  const state = await deps.act(() => deps.post('transfer', body));
  closePanel();
  if (state) deps.setState(state);
}

/** The button while the agent talks with no handover going on, and what is going on;
 * `handedOverBy`: the name of the agent the call came from, when known. */
export function renderTransfer(state, handedOverBy = null) {
  const talking = state.status === 'talking';
  const handing = talking && state.transferringTo != null;
  $('transfer-btn').hidden = !talking || handing;
  if (!talking || handing) closePanel();
  $('call-transferring').hidden = !handing;
  if (handing) $('call-transferring').textContent = t('transfer.handing', { agent: state.transferringTo });
  const from = (talking || state.status === 'reserved') && state.transferredFrom != null ? state.transferredFrom : null;
  $('call-transferred-from').hidden = from === null;
  if (from !== null) $('call-transferred-from').textContent = t('transfer.from', { agent: handedOverBy ?? from });
}
