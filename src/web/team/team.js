// The team page: every agent on record with the phone the engine dials for them, the campaign they
// last worked, what they are doing now, their tokens and last login. Managers and admins add an
// agent (and give them a token, shown once), change a name, phone or the lead groups (regions,
// industries...) whose calls they are given first, give a new token, revoke
// every token of an agent at once, and stop an agent logging in (which also logs them out and
// revokes their tokens). Supervisors read it and log out an agent who left without doing so.
// Agents who work on another engine node are shown with that node, and logged out through it.
// Any reader opens an agent's state log from their row (what they did and when, and who of the
// staff paused or logged them out). Under the roster, every change to the team on record, with who
// made it.

// The top bar and sign-in form first: the code below looks them up.
import '/web/shared/staff-chrome.js';
import { createApi } from '/web/shared/api.js';
import { staffPage } from '/web/shared/staff-page.js';
import { browserZone, compareNames, formatInZone, formatNumber, say, sayPair, t, tCount } from '/web/shared/i18n.js';
import { $, el } from '/web/shared/dom.js';
import { openStaffPage, STAFF_TOKEN_KEY } from '/web/shared/signin.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';
import { teamChanges } from './team-changes.js';
import { stateLog } from './state-log.js';

const EDITORS = ['admin', 'manager'];
const READERS = ['admin', 'manager', 'supervisor'];
const AGENT_ID = /^[A-Za-z0-9_.-]{1,64}$/;
/** The live state is read again this often while the page is open. */
const REFRESH_MS = 15_000;

const app = { token: localStorage.getItem(STAFF_TOKEN_KEY), session: null, team: [], issued: null, timer: null };
const api = createApi(() => app.token);
const frame = staffPage(app, { start, retranslate: () => render(), signedOut: () => clearInterval(app.timer) });
const canEdit = () => EDITORS.includes(app.session?.role);
const changes = teamChanges(api, () => app.team);
const states = stateLog(api, (agentId) => app.team.find((m) => m.id === agentId)?.name ?? agentId);
/** The roster read again (after a change, on the timer) while a reading is on its way: only the last is drawn. */
const rosters = latestRequest();

async function start() {
  const session = await openStaffPage(api, 'page');
  if (!session) return;
  if (!READERS.includes(session.role)) {
    frame.showSignin(t('team.supervisorsOnly'));
    return;
  }
  app.session = session;
  $('add-form').hidden = !canEdit();
  $('read-only').hidden = canEdit();
  await reload();
  await changes.load();
  clearInterval(app.timer);
  app.timer = setInterval(() => {
    if (!document.hidden && !rosters.busy) void reload();
  }, REFRESH_MS);
}

async function reload() {
  let team;
  try {
    team = await rosters.ask(() => api.get('/api/team'));
  } catch (error) {
    if (error.status === 401 || error.status === 403) frame.showSignin(t('signin.badToken'));
    else sayRoster(null, () => t('error.refused', { message: error.message }));
    return;
  }
  if (team === SUPERSEDED) return;
  app.team = team;
  render();
}

/** The roster's status and error lines. */
const sayRoster = sayPair($('roster-status'), $('roster-error'));

// ---- the roster -------------------------------------------------------------------------------

function render() {
  // A row being edited keeps what was typed when the live state comes round again; a box left as
  // it was shown takes what is stored now (another manager's change), not the old value.
  const typed = new Map([...$('roster').querySelectorAll('tr[data-agent]')].map((row) => [row.dataset.agent, Object.fromEntries(
    [...row.querySelectorAll('input.name, input.endpoint, input.groups')]
      .filter((box) => box.value !== box.dataset.shown).map((box) => [box.className, box.value]),
  )]));
  $('no-agents').hidden = app.team.length > 0;
  $('roster').hidden = app.team.length === 0;
  const active = app.team.filter((m) => m.active);
  $('roster-summary').textContent = t('team.summary', {
    active: formatNumber(active.length), in: formatNumber(active.filter((m) => m.status !== 'logged_out').length),
  });
  // Those who may log in first, then by name as people read them ("Bot 2" before "Bot 10").
  const ordered = [...app.team].sort((a, b) => Number(b.active) - Number(a.active) || compareNames(a.name, b.name) || compareNames(a.id, b.id));
  $('roster').tBodies[0].replaceChildren(...ordered.map((member) => row(member, typed.get(member.id))));
  showIssued();
  changes.render();
  states.render();
}

/** A box showing `stored`, or what was typed in it over that. */
function input(className, stored, typed, label) {
  const box = Object.assign(el('input', className), { value: typed ?? stored, disabled: !canEdit(), maxLength: 200 });
  box.dataset.shown = stored;
  box.setAttribute('aria-label', label);
  return box;
}

function button(action, text, shown = canEdit()) {
  const node = Object.assign(el('button', 'small-button', text), { type: 'button', hidden: !shown });
  node.dataset.action = action;
  return node;
}

function row(member, typed) {
  const tr = el('tr', member.active ? null : 'inactive');
  tr.dataset.agent = member.id;
  const cell = (...children) => {
    const td = el('td');
    td.append(...children);
    return td;
  };
  const active = Object.assign(el('input', 'active'), { type: 'checkbox', checked: member.active, disabled: !canEdit() });
  active.setAttribute('aria-label', t('team.active'));
  const actions = el('td', 'row-actions');
  actions.append(button('save', t('team.save')), button('token', t('team.newToken')));
  if (member.tokens > 0) actions.append(button('revoke', t('team.revoke')));
  actions.append(button('state-log', t('team.stateLog.open'), true));
  // Someone who went home still logged in would be given calls: any reader may log them out.
  if (member.status !== 'logged_out') actions.append(button('logout', t('team.logout'), true));
  tr.append(
    cell(input('name', member.name, typed?.name, t('team.name'))), el('td', 'id', member.id),
    cell(input('endpoint', member.endpoint ?? '', typed?.endpoint, t('team.endpoint'))),
    cell(input('groups', member.groups.join(', '), typed?.groups, t('team.groups'))),
    el('td', null, member.campaignName ?? ''), statusCell(member),
    el('td', 'number', formatNumber(member.tokens)), el('td', 'when', member.lastLoginAt ? formatInZone(member.lastLoginAt, browserZone(), { dateStyle: 'short' }) : t('team.never')),
    cell(active), actions,
  );
  return tr;
}

/** What the agent is doing; for one who works on another node, which, linked to its team page. */
function statusCell(member) {
  const td = el('td', `status ${member.status}`, t(`status.${member.status}`));
  if (member.nodeId) {
    const link = Object.assign(el('a', 'node', t('wallboard.onNode', { node: member.nodeId })), { href: new URL('/team/', member.nodeUrl).href });
    td.append(' ', link);
  }
  return td;
}

// ---- changes ----------------------------------------------------------------------------------

/** "North, retail , " as the API takes groups: each one, without the blanks. */
const groupsTyped = (text) => text.split(',').map((g) => g.trim()).filter((g) => g !== '');

/** PUT /api/agents/{id} with the row's name, phone, groups and whether they may log in. */
async function saveRow(tr, activeNow) {
  const name = tr.querySelector('input.name').value.trim();
  const endpoint = tr.querySelector('input.endpoint').value.trim();
  const groups = groupsTyped(tr.querySelector('input.groups').value);
  if (!name) return sayRoster(null, 'team.noName');
  const member = app.team.find((m) => m.id === tr.dataset.agent);
  if (member.active && !activeNow && !window.confirm(t('team.confirmInactive', { name }))) {
    render();
    return;
  }
  const saved = await act(() => api.put(`/api/agents/${encodeURIComponent(member.id)}`, { name, endpoint: endpoint || null, active: activeNow, groups }),
    () => t('team.saved', { name }));
  // The groups as stored (lower case, each once), not as typed.
  const stored = app.team.find((m) => m.id === member.id);
  const fresh = [...$('roster').querySelectorAll('tr[data-agent]')].find((tr) => tr.dataset.agent === member.id)?.querySelector('input.groups');
  if (saved && stored && fresh) fresh.value = stored.groups.join(', ');
}

async function newToken(agentId) {
  const member = app.team.find((m) => m.id === agentId);
  await act(async () => {
    const { token } = await api.post(`/api/agents/${encodeURIComponent(agentId)}/tokens`);
    app.issued = { name: member.name, token };
  }, null);
}

async function logOut(agentId) {
  const member = app.team.find((m) => m.id === agentId);
  if (!window.confirm(t('team.confirmLogout', { name: member.name }))) return;
  await act(() => api.post(`/api/agents/${encodeURIComponent(agentId)}/logout`), () => t('team.loggedOut', { name: member.name }));
}

async function revoke(agentId) {
  const member = app.team.find((m) => m.id === agentId);
  if (!window.confirm(t('team.confirmRevoke', { name: member.name }))) return;
  await act(async () => {
    const { revoked } = await api.del(`/api/agents/${encodeURIComponent(agentId)}/tokens`);
    if (app.issued?.name === member.name) app.issued = null;
    return revoked;
  }, (revoked) => tCount('team.revoked', revoked, { name: member.name }));
}

/** Runs a change, reads the team again and says how it went (`message` renders the line from the
 * change's answer; null says nothing); true when the change was made. */
async function act(change, message) {
  sayRoster(null, null);
  try {
    const answer = await change();
    await reload();
    await changes.load();
    sayRoster(message ? () => message(answer) : null, null);
    return true;
  } catch (error) {
    sayRoster(null, () => t('error.refused', { message: error.message }));
    await reload();
    return false;
  }
}

function rosterAction(event) {
  const tr = event.target.closest('tr[data-agent]');
  const action = event.target.closest('button[data-action]')?.dataset.action;
  if (!tr) return;
  if (action === 'logout') return void logOut(tr.dataset.agent);
  if (action === 'state-log') return void states.open(tr.dataset.agent);
  if (!canEdit()) return;
  if (action === 'save') void saveRow(tr, tr.querySelector('input.active').checked);
  if (action === 'token') void newToken(tr.dataset.agent);
  if (action === 'revoke') void revoke(tr.dataset.agent);
}

async function addAgent(event) {
  event.preventDefault();
  const id = $('add-id').value.trim();
  const name = $('add-name').value.trim();
  const endpoint = $('add-endpoint').value.trim();
  const problem = !AGENT_ID.test(id) ? 'team.badId' : !name ? 'team.noName' : null;
  say($('add-error'), problem);
  if (problem) return;
  if (app.team.some((m) => m.id === id)) {
    say($('add-error'), 'team.taken', { id });
    return;
  }
  try {
    await api.put(`/api/agents/${encodeURIComponent(id)}`, { name, endpoint: endpoint || null });
    const { token } = await api.post(`/api/agents/${encodeURIComponent(id)}/tokens`);
    app.issued = { name, token };
  } catch (error) {
    say($('add-error'), 'error.refused', { message: error.message });
    return;
  }
  for (const field of ['add-id', 'add-name', 'add-endpoint']) $(field).value = '';
  await reload();
  await changes.load();
  sayRoster(() => t('team.added', { name }), null);
}

/** The token just given out, shown once. */
function showIssued() {
  $('token-box').hidden = !app.issued;
  if (!app.issued) return;
  say($('token-for'), 'team.tokenFor', { name: app.issued.name });
  $('token-value').textContent = app.issued.token;
}

// ---- start ------------------------------------------------------------------------------------

async function main() {
  await frame.open();
  $('add-form').addEventListener('submit', (event) => void addAgent(event));
  $('roster').addEventListener('click', rosterAction);
  $('roster').addEventListener('change', (event) => {
    const tr = event.target.closest('tr[data-agent]');
    if (tr && canEdit() && event.target.matches('input.active')) void saveRow(tr, event.target.checked);
  });
  $('token-copy').addEventListener('click', () => void navigator.clipboard?.writeText(app.issued?.token ?? ''));
  await frame.begin();
}

void main();
