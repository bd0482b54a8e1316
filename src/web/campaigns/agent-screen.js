// What agents see of the campaign shown (its script, the questions customers ask, the pause
// reasons they may give), the lead field its calls are distributed to agents by, the CRM webhooks
// its dispositions and erasures (and each dial's result, when asked) are posted to, and the targets the team works to, edited together and saved in
// one change of the campaign; the API checks the targets, pause reasons, field and webhooks and
// says what is wrong.

import { say, t } from '/web/shared/i18n.js';
import { $, el, option } from '/web/shared/dom.js';
import { PLACEHOLDER, previewScript } from '/web/shared/script-fill.js';

const MEASURES = ['valid_contact', 'appointment', 'opportunity', 'success'];
const PERIODS = ['day', 'week'];
/** What a webhook that names no events takes (the API's default); each dial's result only when asked for. */
const DEFAULT_WEBHOOK_EVENTS = ['disposition', 'lead_erased'];
/** The events asked for by name, each with its box: every dial's result, every agent's state change. */
const OPT_IN_EVENTS = { call: 'screen-webhook-calls', agent_state: 'screen-webhook-agents' };

function removeButton(row) {
  const button = el('button', 'ghost remove', t('screen.remove'));
  button.type = 'button';
  button.addEventListener('click', () => row.remove());
  return button;
}

function options(select, values, label) {
  select.append(...values.map((value) => option(value, label(value))));
  return select;
}

export class AgentScreenEditor {
  constructor(api, onSaved) {
    this.api = api;
    this.onSaved = onSaved;
    this.campaign = null;
    $('faq-add').addEventListener('click', () => $('faq-rows').append(this.faqRow({ question: '', answer: '' })));
    $('target-add').addEventListener('click', () => $('target-rows').append(this.targetRow({ measure: 'appointment', count: 10, per: 'day' })));
    $('screen-script').addEventListener('input', () => this.previewScript());
    $('screen-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
  }

  /** Shows the campaign's script, FAQ, pause reasons and targets, editable for managers; what is
   * being typed stays while the same campaign is shown again (a status change reloads it). */
  show(campaign, editable) {
    $('screen-form').hidden = !campaign;
    const other = campaign?.id !== this.campaign?.id;
    this.campaign = campaign;
    this.editable = editable;
    if (!campaign || !other) return;
    say($('screen-saved'), null);
    say($('screen-error'), null);
    this.fill();
  }

  /** After a language switch: the rows' words again, what is typed kept. */
  retranslate() {
    for (const select of $('screen-form').querySelectorAll('select.measure')) for (const o of select.options) o.textContent = t(`target.${o.value}`);
    for (const select of $('screen-form').querySelectorAll('select.per')) for (const o of select.options) o.textContent = t(`screen.per.${o.value}`);
    for (const button of $('screen-form').querySelectorAll('button.remove')) button.textContent = t('screen.remove');
    for (const input of $('screen-form').querySelectorAll('.question')) input.placeholder = t('screen.question');
    for (const input of $('screen-form').querySelectorAll('.answer')) input.placeholder = t('screen.answer');
    this.previewScript();
  }

  fill() {
    const { campaign } = this;
    if (!campaign) return;
    $('screen-script').value = campaign.script ?? '';
    this.previewScript();
    $('faq-rows').replaceChildren(...(campaign.faq ?? []).map((item) => this.faqRow(item)));
    const pauses = campaign.settings?.pauseReasons;
    $('screen-pauses').value = Array.isArray(pauses) ? pauses.join(', ') : '';
    const limits = campaign.settings?.pauseLimitMinutes ?? {};
    $('screen-pause-limits').value = Object.entries(limits).map(([reason, minutes]) => `${reason} ${minutes}`).join(', ');
    const distributeBy = campaign.settings?.distributeBy;
    $('screen-distribute').value = typeof distributeBy === 'string' ? distributeBy : '';
    $('screen-webhooks').value = this.webhooks().map((hook) => hook.url).join('\n');
    // Ticked when every URL takes the event; half-ticked (left as each is unless changed) when some do.
    for (const [event, box] of Object.entries(OPT_IN_EVENTS)) {
      const taking = this.webhooks().filter((hook) => hook.events?.includes(event)).length;
      $(box).checked = taking > 0 && taking === this.webhooks().length;
      $(box).indeterminate = taking > 0 && taking < this.webhooks().length;
    }
    const targets = campaign.settings?.targets;
    $('target-rows').replaceChildren(...(Array.isArray(targets) ? targets : []).map((target) => this.targetRow(target)));
    for (const control of $('screen-form').querySelectorAll('input, textarea, select')) control.disabled = !this.editable;
    for (const button of $('screen-form').querySelectorAll('button')) button.hidden = !this.editable;
  }

  /** The script as a lead with no name and none of the fields it names reads it, and which of its
   * placeholders such a lead lacks somewhere with no fallback to read instead. */
  previewScript() {
    const script = $('screen-script').value;
    const leadValues = Object.fromEntries([...script.matchAll(PLACEHOLDER)].map((match) => [match[2], '']));
    const { text, lacking } = previewScript(script, { ...leadValues, agent_name: t('screen.previewAgent'), campaign_name: this.campaign?.name ?? '' });
    $('screen-script-preview').textContent = text;
    const bare = lacking.filter((key) => script.includes(`{${key}}`));
    say($('screen-script-lacking'), bare.length > 0 ? 'screen.scriptLacking' : null, { keys: bare.map((key) => `{${key}}`).join(', ') });
  }

  faqRow(item) {
    const row = el('div', 'faq-row');
    const question = Object.assign(el('input'), { value: item.question, placeholder: t('screen.question') });
    const answer = Object.assign(el('textarea'), { value: item.answer, rows: 2, placeholder: t('screen.answer') });
    question.className = 'question';
    answer.className = 'answer';
    row.append(question, answer, removeButton(row));
    return row;
  }

  targetRow(target) {
    const row = el('div', 'target-row');
    const count = Object.assign(el('input'), { type: 'number', min: 1, step: 1, value: String(target.count) });
    count.className = 'count';
    const measure = options(el('select'), MEASURES, (m) => t(`target.${m}`));
    measure.className = 'measure';
    measure.value = target.measure;
    const per = options(el('select'), PERIODS, (p) => t(`screen.per.${p}`));
    per.className = 'per';
    per.value = target.per;
    row.append(count, measure, per, removeButton(row));
    return row;
  }

  /** The section as a change of the campaign: rows left empty are dropped. */
  changes() {
    const faq = [...$('faq-rows').children]
      .map((row) => ({ question: row.querySelector('.question').value.trim(), answer: row.querySelector('.answer').value.trim() }))
      .filter((item) => item.question !== '' || item.answer !== '');
    const pauses = $('screen-pauses').value.split(',').map((p) => p.trim()).filter((p) => p !== '');
    const limits = pauseLimitsTyped($('screen-pause-limits').value);
    const targets = [...$('target-rows').children].map((row) => ({
      measure: row.querySelector('.measure').value, count: row.querySelector('.count').valueAsNumber, per: row.querySelector('.per').value,
    }));
    const distributeBy = $('screen-distribute').value.trim();
    const urls = $('screen-webhooks').value.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const webhooks = urls.map((url) => this.webhookAsTicked(url));
    // An empty list of pause reasons means the usual ones, an empty field no distribution and no webhooks: the keys are removed.
    return {
      script: $('screen-script').value, faq,
      settings: { pauseReasons: pauses.length > 0 ? pauses : null, pauseLimitMinutes: Object.keys(limits).length > 0 ? limits : null, targets, distributeBy: distributeBy || null, webhooks: webhooks.length > 0 ? webhooks : null },
    };
  }

  /**
   * The webhook of `url` as saved: a URL kept keeps the events it was set to take through the API,
   * with calls and agents' states added or taken away by their boxes (unless half-ticked); a new
   * one takes the default events (dispositions and erasures), and those ticked.
   */
  webhookAsTicked(url) {
    const kept = this.webhooks().find((hook) => hook.url === url);
    const events = new Set(kept?.events ?? DEFAULT_WEBHOOK_EVENTS);
    for (const [event, id] of Object.entries(OPT_IN_EVENTS)) {
      const box = $(id);
      if (box.indeterminate) continue;
      if (box.checked) events.add(event);
      else events.delete(event);
    }
    const isDefault = events.size === DEFAULT_WEBHOOK_EVENTS.length && DEFAULT_WEBHOOK_EVENTS.every((e) => events.has(e));
    return isDefault || events.size === 0 ? { url } : { url, events: [...events] };
  }

  /** The campaign's webhooks as stored. */
  webhooks() {
    const hooks = this.campaign?.settings?.webhooks;
    return Array.isArray(hooks) ? hooks : [];
  }

  async save() {
    say($('screen-saved'), null);
    say($('screen-error'), null);
    try {
      const updated = await this.api.patch(`/api/campaigns/${encodeURIComponent(this.campaign.id)}`, this.changes());
      this.campaign = updated;
      this.fill();
      say($('screen-saved'), 'screen.saved');
      this.onSaved(updated);
    } catch (error) {
      say($('screen-error'), 'error.refused', { message: error.message });
    }
  }
}

/** "break 15, lunch 45" as minutes by reason; a part without a number of minutes is sent as it
 * was typed, for the server to say what is wrong with it. */
function pauseLimitsTyped(text) {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  return Object.fromEntries(parts.map((part) => {
    const [reason, minutes] = part.split(/\s+/);
    return [reason, /^\d+$/.test(minutes ?? '') ? Number(minutes) : minutes ?? null];
  }));
}
