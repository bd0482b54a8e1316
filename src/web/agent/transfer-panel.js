// Handing the customer to a colleague from the desktop: the Transfer button (X) opens a short
// list of who can take the call (ready colleagues, longest waiting first, the groups at work, and
// the other campaigns' teams and their groups: handed to a team or group with nobody ready, the
// customer waits on hold for the next to come free);
// choosing one hands the customer over at once, or after a consultation (the customer on hold
// while the two speak; then a conference, the handover, or the customer back). While the PBX
// moves them the desktop says to whom; the colleague's desktop says whom the call came from. The
// campaign's third parties (a verification desk, a supplier) are on the list too: called first
// (the customer on hold), then brought in, left with the customer, or hung up.

import { t, tCount } from '/web/shared/i18n.js';
import { $, el, option } from '/web/shared/dom.js';
import { waitedForLabel } from '/web/shared/handover-team.js';
import { sayProblem } from './desktop-notices.js';

/** Colleagues' names by id, from the last list shown. */
const names = new Map();
/** The other campaigns' teams' names by campaign id, from the last list shown. */
const teamNames = new Map();

/** Names the colleague a call is being consulted with or handed to, as its screen pop does: a
 * desktop opened since the agent chose them has no list to take the name from. */
export function knowColleague(colleague) {
  if (colleague) names.set(colleague.id, colleague.name);
}

/** `deps`: { get(path), post(path, body), act(run), setState(state) }. */
export function bindTransfer(deps) {
  $('transfer-btn').addEventListener('click', () => void openPanel(deps));
  $('transfer-target').addEventListener('change', updateConsult);
  $('transfer-cancel').addEventListener('click', closePanel);
  // Esc leaves the panel as Cancel does, wherever the focus is in it.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || $('transfer-panel').hidden) return;
    event.preventDefault();
    closePanel();
  });
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
  if (targets) showTargets(targets);
}

/** The panel with who can take the call now. */
function showTargets(targets) {
  const select = $('transfer-target');
  select.replaceChildren();
  for (const agent of [...targets.agents, ...targets.campaigns.flatMap((team) => team.agents)]) names.set(agent.id, agent.name);
  for (const team of targets.campaigns) teamNames.set(team.id, team.name);
  if (targets.agents.length > 0) select.append(optionGroup(t('transfer.colleagues'), targets.agents.map((a) => option(`agent:${a.id}`, a.name))));
  if (targets.groups.length > 0) {
    select.append(optionGroup(t('transfer.groups'), targets.groups.map(groupOption)));
  }
  if (targets.campaigns.length > 0) {
    select.append(optionGroup(t('transfer.campaigns'), targets.campaigns.flatMap((team) => [teamOption(team), ...team.groups.map((g) => teamGroupOption(team, g))])));
  }
  if (targets.thirdParties.length > 0) {
    select.append(optionGroup(t('transfer.thirdParties'), targets.thirdParties.map(thirdPartyOption)));
  }
  const nobody = targets.agents.length === 0 && targets.groups.length === 0 && targets.campaigns.length === 0 && targets.thirdParties.length === 0;
  $('transfer-none').hidden = !nobody;
  select.hidden = nobody;
  $('transfer-go').disabled = nobody;
  updateConsult();
  $('transfer-panel').hidden = false;
  if (!nobody) select.focus();
}

/** A group with someone ready, or one whose next agent to come free the customer would wait for. */
function groupOption(group) {
  const choice = option(`group:${group.group}`, group.ready > 0
    ? tCount('transfer.groupReady', group.ready, { group: group.group })
    : t('transfer.groupWait', { group: group.group }));
  choice.dataset.ready = String(group.ready);
  return choice;
}

/** Another campaign's team: its agent who has waited longest takes the customer, or with none
 * ready, the next to come free; a team with nobody at work cannot be chosen. */
function teamOption(team) {
  const label = team.ready > 0 ? tCount('transfer.campaignReady', team.ready, { name: team.name })
    : team.atWork > 0 ? t('transfer.campaignWait', { name: team.name }) : t('transfer.campaignNobody', { name: team.name });
  const choice = option(`campaign:${team.id}`, label);
  choice.dataset.ready = String(team.ready);
  choice.disabled = team.atWork === 0;
  return choice;
}

/** A group of another campaign's team, as a group of the agent's own. */
function teamGroupOption(team, group) {
  const choice = option(`campaign:${team.id}:${group.group}`, group.ready > 0
    ? tCount('transfer.teamGroupReady', group.ready, { group: group.group, name: team.name })
    : t('transfer.teamGroupWait', { group: group.group, name: team.name }));
  choice.dataset.ready = String(group.ready);
  return choice;
}

/** A third party is called first, never handed the customer unheard. */
function thirdPartyOption(party) {
  const choice = option(`third:${party.name}`, t('transfer.thirdParty', { name: party.name, number: party.number }));
  choice.dataset.thirdParty = 'true';
  return choice;
}

/** A consultation needs someone ready now; a third party takes one first. */
function updateConsult() {
  const chosen = $('transfer-target').selectedOptions[0];
  const thirdParty = chosen?.dataset.thirdParty === 'true';
  $('transfer-consult').disabled = !chosen || chosen.dataset.ready === '0';
  $('transfer-go').disabled = !chosen || thirdParty;
  $('transfer-consult').textContent = t(thirdParty ? 'transfer.callFirst' : 'transfer.consult');
}

function optionGroup(label, options) {
  const group = el('optgroup');
  group.label = label;
  group.append(...options);
  return group;
}

/** Hides the panel; focus in it goes back to the Transfer button (or the next control in use),
 * not lost with the panel. */
function closePanel() {
  const panel = $('transfer-panel');
  const hadFocus = panel.contains(document.activeElement);
  panel.hidden = true;
  if (hadFocus) focusCallControl();
}

/** The call's controls focus may go to once the panel (or the button itself) is hidden, in order. */
const CALL_CONTROLS = ['transfer-btn', 'consult-complete', 'recording-btn', 'mute-btn'];

function focusCallControl() {
  const usable = CALL_CONTROLS.map((id) => $(id)).find((button) => !button.disabled && !button.closest('[hidden]'));
  usable?.focus();
}

/** `action`: 'transfer' hands the customer over at once, 'consult' speaks to the colleague first. */
async function handOver(deps, action) {
  const [kind, ...rest] = $('transfer-target').value.split(':');
  const target = rest.join(':');
  if (!target) return;
  closePanel();
  if (kind === 'third') await submit(deps, 'third-party', { name: target });
  else if (kind === 'agent') await handToColleague(deps, action, target);
  else await submit(deps, action, kind === 'group' ? { group: target } : teamBody(target));
}

/** A colleague chosen from the list may have taken a call or gone on a break since: refused, and
 * no longer among those ready, they are named (the engine knows them by id only) and the list is
 * shown again as it is now. Any other refusal is said as the engine says it. */
async function handToColleague(deps, action, colleagueId) {
  let refused = null;
  const state = await deps.act(() => deps.post(action, { toAgentId: colleagueId }), (error) => {
    refused = error.details?.engineCode === 'transfer_refused' ? error : null;
    return refused !== null;
  });
  if (state) deps.setState(state);
  if (!refused) return;
  const targets = await deps.get('transfer-targets').catch(() => null);
  if (!targets || targets.agents.some((agent) => agent.id === colleagueId)) {
    sayProblem('error.refused', { message: refused.message });
    return;
  }
  sayProblem('transfer.colleagueNotReady', { name: names.get(colleagueId) ?? colleagueId });
  showTargets(targets);
}

/** `target`: a campaign's id, and after a colon one of its team's groups. */
function teamBody(target) {
  const [campaignId, ...group] = target.split(':');
  return group.length > 0 ? { campaignId, group: group.join(':') } : { campaignId };
}

async function submit(deps, path, body) {
  const state = await deps.act(() => deps.post(path, body));
  if (state) deps.setState(state);
}

/** The button while the agent talks with no handover going on, and what is going on;
 * `handedOverBy`: the name of the agent the call came from, when known. */
export function renderTransfer(state, handedOverBy = null) {
  const talking = state.status === 'talking';
  const consulting = state.consultStage != null || state.thirdParty != null;
  const handing = talking && state.transferringTo != null;
  const waitedFor = waitedForLabel(state, (id) => teamNames.get(id));
  const waiting = talking && waitedFor !== null;
  // The engine refuses to hand over a call whose recording is paused (card details being given):
  // the button says why it cannot be pressed, and its key does nothing meanwhile.
  const recordingPaused = state.recordingPausedUntilMs != null;
  const hadFocus = document.activeElement === $('transfer-btn');
  $('transfer-btn').hidden = !talking || handing || consulting || waiting;
  $('transfer-btn').disabled = recordingPaused;
  $('transfer-btn').title = recordingPaused ? t('transfer.recordingPaused') : '';
  if (!talking || handing || consulting || waiting || recordingPaused) closePanel();
  $('call-transferring').hidden = !(handing || waiting) || consulting;
  if (handing) $('call-transferring').textContent = t('transfer.handing', { agent: names.get(state.transferringTo) ?? state.transferringTo });
  else if (waiting) $('call-transferring').textContent = t('transfer.waiting', { group: waitedFor });
  const from = (talking || state.status === 'reserved') && state.transferredFrom != null && !consulting ? state.transferredFrom : null;
  $('call-transferred-from').hidden = from === null;
  if (from !== null) $('call-transferred-from').textContent = t('transfer.from', { agent: handedOverBy ?? from });
  renderConsult(state, handedOverBy);
  // Handed over (or consulting), the button goes: its focus goes to what the agent may do next.
  if (hadFocus && ($('transfer-btn').hidden || $('transfer-btn').disabled)) focusCallControl();
}

/** The consultation as each side sees it; the agent who has the customer ends it. */
function renderConsult(state, handedOverBy) {
  if (state.thirdParty != null) {
    renderThirdParty(state.thirdParty);
    return;
  }
  const stage = state.consultStage;
  $('consult-bar').hidden = stage == null;
  $('consult-complete').textContent = t('consult.complete');
  $('consult-complete').hidden = false;
  if (stage == null) return;
  const mine = state.transferringTo != null;
  const other = mine ? names.get(state.consultWith) ?? state.consultWith : handedOverBy ?? state.consultWith;
  $('consult-text').textContent = t(`consult.${mine ? 'agent' : 'colleague'}.${stage}`, { agent: other });
  $('consult-actions').hidden = !mine || (stage !== 'consulting' && stage !== 'conference');
  $('consult-conference').hidden = stage !== 'consulting';
}

/** The agent's call to a third party: ringing (which the agent may end), talking with the customer
 * on hold, or all three; then the customer is left with it, brought in, or back. */
function renderThirdParty(party) {
  $('consult-bar').hidden = false;
  $('consult-text').textContent = t(`thirdParty.${party.stage}`, { name: party.name });
  $('consult-actions').hidden = party.stage === 'handing_off' || party.stage === 'handed_off';
  $('consult-conference').hidden = party.stage !== 'talking';
  $('consult-complete').hidden = party.stage !== 'talking' && party.stage !== 'conference';
  $('consult-complete').textContent = t('thirdParty.complete', { name: party.name });
}
