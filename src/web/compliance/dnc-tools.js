// The do-not-call lists from the compliance page: any staff member checks whether a number is
// blocked for the campaign chosen, and by which entries; managers and admins add a number to the
// campaign's list or the global one (for good or until a date), take an entry off, and import a
// file of numbers, or a national registry's copy onto the global list (the day its data is of, and
// whether it is the whole registry, taking off the numbers that left it), each registry's latest
// copy shown and whether it is too old to dial on. Every change goes into the evidence log. An entry's end is a day on the chosen
// campaign's clock, as its evidence is read, and shown so, the zone named.

import { formatInZone, formatNumber, say, sayPair, t, tCount } from '/web/shared/i18n.js';
import { zonedLocalToDate } from '/web/shared/zoned-time.js';
import { $, el } from '/web/shared/dom.js';
import { fileRefusalText, phoneRefusalText } from '/web/shared/reason-text.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

const EDITORS = ['admin', 'manager'];
/** Lines not numbers shown after an import: enough to see what is wrong with the file. */
const INVALID_SHOWN = 5;

/** The region typed for national numbers, if any: else the server reads them as the campaign's
 * lists read their leads' (US for every campaign's list). */
function regionTyped() {
  const typed = $('dnc-region').value.trim().toUpperCase();
  return typed ? { region: typed } : {};
}

/** Why a line is not a number, in the page's language: by the code the server gives with it;
 * its English reason for a code this page does not know (a newer server). */
function refusalText(sample) {
  return phoneRefusalText(sample.reasonCode, sample.reasonParams) ?? sample.reason;
}

/** Why the server refused: a file it read nothing of, by the code it gives; else its English message. */
function refusedText(error) {
  const details = error.details ?? {};
  if (!details.reasonCode) return error.message;
  const reason = fileRefusalText(details.reasonCode, details.reasonParams, null);
  return reason === null ? error.message : t('compliance.fileRefused', { reason });
}

/** The registry a file is a copy of, the day its data is of (its start on the campaign's clock;
 * none: the server takes now) and whether it is the whole registry. */
function registryChoice(registry, zone) {
  const asOf = $('dnc-as-of').value;
  return {
    registry,
    ...(asOf ? { asOf: zonedLocalToDate(`${asOf}T00:00`, zone).toISOString() } : {}),
    ...($('dnc-full').checked ? { full: 'true' } : {}),
  };
}

export class DncTools {
  /** `campaignId()`: the campaign chosen; `campaignZone()`: its time zone (known to this browser). */
  constructor(api, session, campaignId, campaignZone) {
    this.api = api;
    this.session = session;
    this.campaignId = campaignId;
    this.campaignZone = campaignZone;
    this.checked = null;
    this.listeners = [];
    /** A number checked again (another campaign, another number) while a check is on its way: only the last is shown. */
    this.checks = latestRequest();
    this.tell = sayPair($('dnc-status'), $('dnc-error'));
    $('dnc-check-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.check();
    });
    $('dnc-add-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.add();
    });
    $('dnc-import-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.importFile();
    });
    $('dnc-registry').addEventListener('change', () => this.showRegistryChoice());
    /** Each national registry's latest load, as GET /api/dnc/registries gives them. */
    this.registries = [];
    $('dnc-entries').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-scope]');
      if (button) void this.remove(button.dataset.scope);
    });
  }

  /** `listener()` after a change to the lists (the evidence log has a new entry). */
  onChanged(listener) {
    this.listeners.push(listener);
  }

  editable() {
    return EDITORS.includes(this.session()?.role);
  }

  show() {
    $('dnc-import-form').hidden = !this.editable();
    $('dnc-registry-loads').hidden = !this.editable();
    this.showRegistryChoice();
    this.render();
    if (this.editable()) void this.loadRegistries();
  }

  /** The day and whole-registry choices apply to a registry's copy only. */
  showRegistryChoice() {
    const registry = $('dnc-registry').value !== '';
    for (const label of document.querySelectorAll('#dnc-import-form .registry-only')) label.hidden = !registry;
  }

  async loadRegistries() {
    try {
      this.registries = await this.api.get('/api/dnc/registries');
    } catch (error) {
      this.tell(null, () => t('error.refused', { message: error.message }));
      return;
    }
    this.renderRegistries();
  }

  /** Each registry's latest copy, on the campaign's clock, and whether it is too old to dial on. */
  renderRegistries() {
    $('dnc-registry-loads').replaceChildren(...this.registries.map((load) => {
      const item = el('li', load.stale ? 'stale' : null);
      item.dataset.registry = load.registry;
      say(item, () => {
        const registry = t(`compliance.registry.${load.registry}`);
        if (load.asOf === null) return t('compliance.registryLoadNever', { registry });
        const zone = this.campaignZone();
        const vars = { registry, asOf: formatInZone(load.asOf, zone), until: formatInZone(load.staleAt, zone) };
        return load.stale ? tCount('compliance.registryLoadStale', load.maxAgeDays, vars) : t('compliance.registryLoadFresh', vars);
      });
      return item;
    }));
  }

  /** Another campaign chosen: a number checked is checked again for it (its list, its region),
   * so that adding or removing acts on what is shown. */
  async campaignChanged() {
    this.tell(null);
    // A check still on its way was for the campaign before.
    if (!this.checked && !this.checks.busy) return;
    this.checked = null;
    this.render();
    await this.check();
  }


  async check() {
    this.tell(null);
    const phone = $('dnc-phone').value.trim();
    if (!phone) return;
    const params = new URLSearchParams({ phone, ...regionTyped() });
    if (this.campaignId()) params.set('campaignId', this.campaignId());
    let checked = null;
    try {
      checked = await this.checks.ask(() => this.api.get(`/api/dnc/check?${params}`));
    } catch (error) {
      this.tell(null, () => t('error.refused', { message: error.message }));
    }
    if (checked === SUPERSEDED) return;
    this.checked = checked;
    this.render();
  }

  render() {
    const checked = this.checked;
    $('dnc-result').hidden = !checked;
    $('dnc-add-form').hidden = !checked || !this.editable();
    if (!checked) return;
    say($('dnc-verdict'), checked.blocked ? 'compliance.blocked' : 'compliance.notBlocked', { number: checked.e164 });
    $('dnc-verdict').className = checked.blocked ? 'no' : 'yes';
    $('dnc-entries').replaceChildren(...checked.entries.map((entry) => {
      const item = el('li', null, t('compliance.entry', {
        scope: t(entry.scope === 'global' ? 'leads.dncGlobal' : 'leads.dncCampaign'), source: entry.source,
        reason: entry.reason ?? '—', until: entry.expiresAt ? formatInZone(entry.expiresAt, this.campaignZone()) : t('compliance.forGood'),
      }));
      if (this.editable()) {
        const button = Object.assign(el('button', 'small-button', t('compliance.remove')), { type: 'button' });
        button.dataset.scope = entry.scope;
        item.append(' ', button);
      }
      return item;
    }));
  }

  /** Runs a change, checks the number again and tells the page; `shown` draws what else the answer
   * says at the same moment, before the rest of the page is read again. */
  async change(request, message, shown = () => {}) {
    this.tell(null);
    try {
      const answer = await request();
      if (this.checked) await this.check();
      this.tell(() => message(answer));
      shown(answer);
      for (const listener of this.listeners) await listener();
    } catch (error) {
      this.tell(null, () => t('error.refused', { message: refusedText(error) }));
    }
  }

  async add() {
    const global = $('dnc-scope').value === 'global';
    const until = $('dnc-until').value;
    const body = {
      phone: this.checked.e164, ...(global ? {} : { campaignId: this.campaignId() }),
      ...($('dnc-reason').value.trim() ? { reason: $('dnc-reason').value.trim() } : {}),
      // The day's start on the campaign's clock, not on this browser's.
      ...(until ? { expiresAt: zonedLocalToDate(`${until}T00:00`, this.campaignZone()).toISOString() } : {}),
    };
    await this.change(() => this.api.post('/api/dnc', body), () => t('compliance.added', { number: body.phone }));
  }

  async remove(scope) {
    const e164 = this.checked.e164;
    const params = new URLSearchParams(scope === 'campaign' ? { campaignId: this.campaignId() } : {});
    // Why it may be called again: required for a number the person asked to be left alone.
    const reason = $('dnc-reason').value.trim();
    if (reason) params.set('reason', reason);
    const query = params.size > 0 ? `?${params}` : '';
    await this.change(() => this.api.del(`/api/dnc/${encodeURIComponent(e164)}${query}`), () => t('compliance.removed', { number: e164 }));
  }

  async importFile() {
    const file = $('dnc-file').files[0];
    const list = $('dnc-list').value.trim() || file?.name;
    if (!file) return this.tell(null, 'compliance.noFile');
    const registry = $('dnc-registry').value;
    const params = new URLSearchParams({ list, ...regionTyped(), ...(registry ? registryChoice(registry, this.campaignZone()) : {}) });
    // A registry's copy goes onto the global list, which every campaign is scrubbed against.
    if (this.campaignId() && !registry) params.set('campaignId', this.campaignId());
    this.showImport(null);
    let answer = null;
    await this.change(async () => (answer = await this.api.postFile(`/api/dnc/import?${params}`, file, 'text/plain')), (counts) => [
      tCount('compliance.imported', counts.read, {
        added: formatNumber(counts.added), already: formatNumber(counts.alreadyListed), invalid: tCount('compliance.notNumbers', counts.invalid),
      }),
      ...(counts.removed === undefined ? [] : [tCount('compliance.importRemoved', counts.removed, { registry: t(`compliance.registry.${registry}`) })]),
    ].join(' '), (counts) => this.showImport(counts));
    if (answer && registry) await this.loadRegistries();
  }

  /** How an import read the file: the column taken as the numbers, and the first lines that
   * were not numbers, so the file can be fixed. Null hides it. */
  showImport(answer) {
    $('dnc-import-result').hidden = !answer;
    if (!answer) return;
    say($('dnc-import-column'), () => [
      answer.column === null ? t('compliance.importNoHeader') : t('compliance.importColumn', { column: answer.column }),
      // A leads download: each lead's other numbers were put on the list too.
      ...(answer.otherNumbersColumn ? [t('compliance.importOtherNumbers', { column: answer.otherNumbersColumn })] : []),
      // A CRM report's footer ending the file (its totals and copyright lines) was skipped.
      ...(answer.footerRows > 0 ? [tCount('compliance.importFooterSkipped', answer.footerRows)] : []),
    ].join(' '));
    const samples = answer.invalidSamples.slice(0, INVALID_SHOWN);
    const items = samples.map((sample) => {
      const item = el('li');
      say(item, () => t('compliance.invalidLine', { line: formatNumber(sample.line), text: sample.text, reason: refusalText(sample) }));
      return item;
    });
    if (answer.invalid > samples.length) {
      const more = el('li');
      say(more, () => tCount('compliance.invalidMore', answer.invalid - samples.length));
      items.push(more);
    }
    $('dnc-invalid').replaceChildren(...items);
  }
}
