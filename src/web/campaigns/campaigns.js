// The campaigns page: every campaign with its status, and for the one chosen its pacing,
// abandonment, machine and agent settings, what its agents see and its targets, its
// dispositions, its calling hours, how often and when its leads are dialled again, start, pause
// and stop, its lists, and a CSV list to load into it. Managers and admins
// change them (through the campaigns API, which checks them against the regimes); other staff
// read them. `?campaign=` opens one.

// The top bar and sign-in form first: the code below looks them up.
import '/web/shared/staff-chrome.js';
import { createApi } from '/web/shared/api.js';
import { staffPage } from '/web/shared/staff-page.js';
import { say, t, tCount } from '/web/shared/i18n.js';
import { $, el, option } from '/web/shared/dom.js';
import { openStaffPage, STAFF_TOKEN_KEY } from '/web/shared/signin.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';
import { allFields, boundsFromApi, sections } from './campaign-fields.js';
import { refusalText } from './refusal-text.js';
import { AgentScreenEditor } from './agent-screen.js';
import { CallingHours } from './calling-hours.js';
import { CampaignLists } from './campaign-lists.js';
import { WebhookDeliveries } from './webhook-deliveries.js';
import { DialRules } from './dial-rules.js';
import { DispositionCodes } from './disposition-codes.js';
import { ListUpload } from './list-upload.js';
import { RedialRules } from './redial-rules.js';

const EDITORS = ['admin', 'manager'];
/** Status changes a campaign in each status allows (as the API does). */
const ACTIONS = { draft: ['start', 'stop'], running: ['pause', 'stop'], paused: ['start', 'stop'], stopped: ['start'], completed: [] };

const app = { token: localStorage.getItem(STAFF_TOKEN_KEY), session: null, campaigns: [], chosen: new URL(window.location.href).searchParams.get('campaign') };
const api = createApi(() => app.token);
const frame = staffPage(app, { start, retranslate: () => {
    buildForm();
    renderList();
    renderEditor();
    lists.render();
    upload.retranslate();
    hours.retranslate();
    redial.retranslate();
    screen.retranslate();
    codes.retranslate();
  } });
/** The campaigns read again (a status changed, one made) while a reading is on its way: only the last is drawn. */
const readings = latestRequest();
const canEdit = () => EDITORS.includes(app.session?.role);
const chosenCampaign = () => app.campaigns.find((c) => c.id === app.chosen) ?? null;
const lists = new CampaignLists(api);
const webhooks = new WebhookDeliveries(api);
const upload = new ListUpload(api, () => void lists.show(chosenCampaign(), canEdit(), true));
const dialRules = new DialRules(api);
const hours = new CallingHours(dialRules);
const redial = new RedialRules(dialRules);
const codes = new DispositionCodes(api);
const screen = new AgentScreenEditor(api, (updated) => {
  app.campaigns = app.campaigns.map((c) => (c.id === updated.id ? updated : c));
  renderList();
  // Its webhooks may have changed: the deliveries panel comes or goes with them.
  void webhooks.show(updated, canEdit());
});

async function start() {
  app.session = await openStaffPage(api, 'page');
  if (!app.session) return;
  $('new-form').hidden = !canEdit();
  $('read-only').hidden = canEdit();
  // Without them the boxes take any number, which the API refuses by name on saving.
  boundsFromApi(await api.get('/api/campaign-settings/bounds').catch(() => null));
  buildForm();
  await reload();
}

async function reload() {
  let campaigns;
  try {
    campaigns = await readings.ask(() => api.get('/api/campaigns'));
  } catch (error) {
    if (error.status === 401 || error.status === 403) frame.showSignin(t('signin.badToken'));
    else say($('form-error'), 'error.refused', { message: error.message });
    return;
  }
  if (campaigns === SUPERSEDED) return;
  app.campaigns = campaigns;
  if (!app.campaigns.some((c) => c.id === app.chosen)) app.chosen = app.campaigns.at(-1)?.id ?? null;
  renderList();
  renderEditor();
}

// ---- the list ---------------------------------------------------------------------------------

function renderList() {
  $('no-campaigns').hidden = app.campaigns.length > 0;
  $('campaign-list').replaceChildren(...[...app.campaigns].reverse().map((c) => {
    const item = el('li', c.id === app.chosen ? 'chosen' : null);
    item.dataset.campaign = c.id;
    const button = el('button', 'campaign-item');
    button.type = 'button';
    // The list cuts a long name short; names alike at the start ("Demo 2026…") are told apart on hover.
    button.title = c.name;
    button.append(el('span', 'name', c.name), statusPill(c.status), el('span', 'mode muted small', t(`mode.${c.mode}`)));
    button.addEventListener('click', () => choose(c.id));
    item.append(button);
    return item;
  }));
}

function statusPill(status) {
  const pill = el('span', `pill ${status}`, t(`campaigns.status.${status}`));
  pill.dataset.status = status;
  return pill;
}

function choose(id) {
  app.chosen = id;
  const url = new URL(window.location.href);
  url.searchParams.set('campaign', id);
  window.history.replaceState(null, '', url.toString());
  say($('form-error'), null);
  say($('saved'), null);
  renderList();
  renderEditor();
}

// ---- the editor -------------------------------------------------------------------------------

function timezones() {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

function input(field) {
  if (field.type === 'campaigns') {
    const select = el('select');
    select.multiple = true;
    select.size = 4;
    return select;
  }
  if (field.type === 'select' || field.type === 'timezone') {
    const select = el('select');
    const values = field.type === 'timezone' ? timezones() : field.options;
    select.append(...values.map((value) => option(value, field.label ? t(field.label(value)) : value)));
    return select;
  }
  const box = el(field.type === 'textarea' ? 'textarea' : 'input');
  if (field.type === 'textarea') box.rows = 3;
  else box.type = field.type === 'checkbox' ? 'checkbox' : field.type;
  for (const attribute of ['min', 'max', 'step', 'maxLength']) if (field[attribute] !== undefined) box[attribute] = field[attribute];
  return box;
}

/** The form's sections and fields, built once per language from the field list. */
function buildForm() {
  $('fields').replaceChildren(...sections.map((section) => {
    const group = el('fieldset', 'section');
    group.dataset.section = section.id;
    group.append(el('legend', null, t(`campaigns.section.${section.id}`)));
    for (const field of section.fields) {
      const control = input(field);
      control.id = `field-${field.key}`;
      control.name = field.key;
      const label = el('label', field.type === 'checkbox' ? 'check' : null);
      const text = el('span', null, t(`campaigns.field.${field.key}`));
      if (field.type === 'checkbox') label.append(control, text);
      else label.append(text, control);
      label.append(el('small', 'muted', t(`campaigns.help.${field.key}`)));
      group.append(label);
    }
    return group;
  }));
  $('fields').disabled = !canEdit();
  $('save').hidden = !canEdit();
  $('copy-form').hidden = !canEdit();
}

function renderEditor() {
  const campaign = chosenCampaign();
  $('editor').hidden = !campaign;
  void lists.show(campaign ?? null, canEdit());
  void webhooks.show(campaign ?? null, canEdit());
  upload.show(campaign?.id ?? null, canEdit());
  void hours.show(campaign ?? null, canEdit());
  void redial.show(campaign ?? null, canEdit());
  screen.show(campaign ?? null, canEdit());
  void codes.show(campaign ?? null, canEdit());
  if (!campaign) return;
  $('editor-title').textContent = campaign.name;
  $('status-pill').replaceWith(Object.assign(statusPill(campaign.status), { id: 'status-pill' }));
  $('live').textContent = campaign.live
    ? t('campaigns.live', {
      agents: tCount('campaigns.liveAgents', campaign.live.agents), ready: tCount('campaigns.liveReady', campaign.live.agentsReady),
      calls: tCount('campaigns.liveCalls', campaign.live.callsInProgress),
    })
    : '';
  for (const action of ['start', 'pause', 'stop']) $(action).hidden = !canEdit() || !ACTIONS[campaign.status]?.includes(action);
  showSettingsProblems(campaign.settingsProblems ?? []);
  for (const field of allFields) showValue($(`field-${field.key}`), field, field.setting ? campaign.settings?.[field.key] : campaign[field.key]);
  showDialLevelFor(campaign.mode);
}

/** Settings saved under older rules, which the engine does not load: the campaign dials nothing. */
function showSettingsProblems(problems) {
  $('settings-problems').hidden = problems.length === 0;
  $('settings-problems').textContent = problems.length === 0 ? '' : t('campaigns.settingsProblems', { problems: problems.join('; ') });
}

function showValue(control, field, value) {
  if (field.type === 'campaigns') {
    showCampaignChoices(control, Array.isArray(value) ? value : []);
    return;
  }
  if (field.type === 'checkbox') {
    control.checked = Boolean(value);
    return;
  }
  // A zone this browser does not list (an alias such as Etc/UTC) is still the campaign's.
  if (field.type === 'timezone' && ![...control.options].some((o) => o.value === value)) control.append(option(value, value));
  control.value = String(field.toForm ? field.toForm(value) : value ?? '');
}

/** The other campaigns, those chosen selected (a chosen one no longer listed is kept, by id). */
function showCampaignChoices(control, chosen) {
  const others = app.campaigns.filter((c) => c.id !== app.chosen).map((c) => option(c.id, c.name));
  const missing = chosen.filter((id) => !others.some((o) => o.value === id)).map((id) => option(id, id));
  control.replaceChildren(...others, ...missing);
  for (const choice of control.options) choice.selected = chosen.includes(choice.value);
}

/** The campaigns chosen; none is sent as null, so the setting stays unset, as it was. */
function chosenCampaigns(control) {
  const chosen = [...control.selectedOptions].map((o) => o.value);
  return chosen.length > 0 ? chosen : null;
}

/** The dial level only means something in power (lines per agent) and predictive (its ceiling) mode. */
function showDialLevelFor(mode) {
  $('field-dialLevel').closest('label').hidden = mode !== 'power' && mode !== 'predictive';
}

/** The form's values as the API keeps them, or the first field that is not a number. */
function formValues() {
  const values = {};
  const settings = {};
  for (const field of allFields) {
    const control = $(`field-${field.key}`);
    const into = field.setting ? settings : values;
    // A setting's box left unticked is not sent as false but left unset, as it was.
    if (field.type === 'checkbox') into[field.key] = field.setting ? control.checked || null : control.checked;
    else if (field.type === 'campaigns') into[field.key] = chosenCampaigns(control);
    else if (field.type !== 'number') into[field.key] = field.toApi ? field.toApi(control.value) : control.value;
    else if (Number.isFinite(control.valueAsNumber)) into[field.key] = field.toApi(control.valueAsNumber);
    else return { invalid: field.key };
  }
  return { values: { ...values, settings } };
}

async function save(event) {
  event.preventDefault();
  const campaign = chosenCampaign();
  if (!campaign) return;
  const { values, invalid } = formValues();
  say($('saved'), null);
  say($('form-error'), invalid ? () => t('campaigns.notNumber', { field: t(`campaigns.field.${invalid}`) }) : null);
  if (invalid) return;
  const path = `/api/campaigns/${encodeURIComponent(campaign.id)}`;
  try {
    const updated = await api.patch(path, values);
    app.campaigns = app.campaigns.map((c) => (c.id === updated.id ? updated : c));
    say($('saved'), 'campaigns.saved');
    renderList();
    renderEditor();
  } catch (error) {
    if (error.status === 401) frame.showSignin(t('signin.badToken'));
    else say($('form-error'), () => refusalText(error));
  }
}

async function changeStatus(action) {
  say($('form-error'), null);
  say($('saved'), null);
  try {
    await api.post(`/api/campaigns/${encodeURIComponent(app.chosen)}/${action}`);
  } catch (error) {
    say($('form-error'), 'error.refused', { message: error.message });
  }
  await reload();
}

/** A new campaign named in the box `nameBox`, made by `make(name)` and chosen at once. */
async function newCampaignFrom(event, nameBox, make) {
  event.preventDefault();
  const name = $(nameBox).value.trim();
  if (!name) return;
  say($('form-error'), null);
  try {
    const made = await make(name);
    $(nameBox).value = '';
    app.chosen = made.id;
    await reload();
    choose(made.id);
  } catch (error) {
    say($('form-error'), 'error.refused', { message: error.message });
  }
}

/** A new draft campaign in this browser's time zone, with the product's default settings. */
const createCampaign = (event) => newCampaignFrom(event, 'new-name',
  (name) => api.post('/api/campaigns', { name, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' }));

/** A new draft with the chosen campaign's settings and disposition codes. */
const copyCampaign = (event) => newCampaignFrom(event, 'copy-name',
  (name) => api.post(`/api/campaigns/${encodeURIComponent(app.chosen)}/copy`, { name }));

// ---- start ------------------------------------------------------------------------------------

async function main() {
  await frame.open();
  $('settings-form').addEventListener('submit', (event) => void save(event));
  $('fields').addEventListener('change', (event) => {
    if (event.target.name === 'mode') showDialLevelFor(event.target.value);
  });
  for (const action of ['start', 'pause', 'stop']) $(action).addEventListener('click', () => void changeStatus(action));
  $('new-form').addEventListener('submit', (event) => void createCampaign(event));
  $('copy-form').addEventListener('submit', (event) => void copyCampaign(event));
  await frame.begin();
}

void main();
