// The team's changes on record, newest first: who added or changed an agent (each field before and
// after), gave out a token or took every token back, and when; for the whole team or one agent,
// a page at a time. Read from GET /api/team/changes. An agent works any campaign: the times are on
// this browser's clock, the zone named.

import { browserZone, formatInZone, t, tCount } from '/web/shared/i18n.js';
import { $, el, option } from '/web/shared/dom.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

const PAGE = 50;
const FIELDS = { name: 'team.name', endpoint: 'team.endpoint', groups: 'team.groups', active: 'team.active' };

/** A field's value as the roster shows it. */
function valueText(field, value) {
  if (field === 'active') return t(value ? 'team.changes.yes' : 'team.changes.no');
  if (field === 'groups') return value.length > 0 ? value.join(', ') : t('team.changes.anyCall');
  if (value === null || value === '') return t('team.changes.usual');
  return String(value);
}

/** What an entry did, in words. */
function what(entry) {
  const p = entry.payload;
  switch (entry.kind) {
    case 'agent_created':
      return t('team.changes.created', {
        details: Object.keys(FIELDS).map((field) => `${t(FIELDS[field])}: ${valueText(field, p.agent[field])}`).join(' · '),
      });
    case 'agent_changed':
      // In the roster's order: the stored entry keeps no order of its own.
      return Object.keys(FIELDS).filter((field) => field in p.changes).map((field) =>
        `${t(FIELDS[field])}: ${valueText(field, p.changes[field].before)} → ${valueText(field, p.changes[field].after)}`).join(' · ');
    case 'agent_token_issued':
      return t('team.changes.tokenIssued');
    case 'agent_tokens_revoked':
      return tCount(p.why === 'revoked' ? 'team.changes.tokensRevoked' : 'team.changes.tokensRevokedInactive', p.revoked);
    default:
      return entry.kind;
  }
}

/** The changes card: `api` reads them, `team()` is the roster (for the agents' names and the filter). */
export function teamChanges(api, team) {
  /** `agent`: whose changes `entries` are ('' for everyone's), which the next page must be of too. */
  const state = { entries: [], next: null, agent: '' };
  /** Another agent picked, or the next page, while a page is on its way: only the last is drawn. */
  const pages = latestRequest();
  const nameOf = (agentId) => team().find((m) => m.id === agentId)?.name ?? agentId;

  function render() {
    $('no-changes').hidden = state.entries.length > 0;
    $('changes').hidden = state.entries.length === 0;
    $('changes-more').hidden = !state.next || $('changes-agent').value !== state.agent;
    $('changes').tBodies[0].replaceChildren(...state.entries.map((entry) => {
      const row = el('tr');
      row.dataset.kind = entry.kind;
      row.dataset.agent = entry.payload.agentId;
      row.append(el('td', 'when', formatInZone(entry.at, browserZone())), el('td', null, entry.payload.by), el('td', null, nameOf(entry.payload.agentId)),
        el('td', 'what', what(entry)));
      return row;
    }));
  }

  /** The agents in the filter, keeping the one chosen. */
  function renderFilter() {
    const chosen = $('changes-agent').value;
    $('changes-agent').replaceChildren(option('', t('team.changes.everyone')), ...team().map((m) => option(m.id, m.name)));
    $('changes-agent').value = team().some((m) => m.id === chosen) ? chosen : '';
  }

  /** Reads the first page again (`more`: the next page, added under). */
  async function load(more = false) {
    const agent = $('changes-agent').value;
    // The next page of the list shown, and only while it is the one picked: one asked for after
    // another agent was picked, their first page still on its way, would add the older changes
    // of the list shown under those of the agent picked (and, asked last, be the one drawn).
    if (more && (!state.next || agent !== state.agent)) return;
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (agent) params.set('agent', agent);
    if (more) params.set('before', state.next);
    let page;
    try {
      page = await pages.ask(() => api.get(`/api/team/changes?${params}`));
    } catch (error) {
      $('changes-error').textContent = t('error.refused', { message: error.message });
      return render();
    }
    if (page === SUPERSEDED) return;
    state.entries = more ? [...state.entries, ...page.entries] : page.entries;
    state.next = page.next;
    state.agent = agent;
    $('changes-error').textContent = '';
    render();
  }

  $('changes-agent').addEventListener('change', () => {
    // No "older" of the list shown while another's first page is on its way.
    $('changes-more').hidden = true;
    void load();
  });
  $('changes-more').addEventListener('click', () => void load(true));
  return { load, render: () => { renderFilter(); render(); } };
}
