// The dial rules of the campaign shown, as the dial-rules route serves them, shared by the
// sections that edit them: a change saved in one can change what another shows (the hours regime
// sets the rest after an abandoned call and how long a refusal stays on the DNC list). Every
// change goes through the route, which records it in the evidence log.

import { sayPair, t } from '/web/shared/i18n.js';
import { $ } from '/web/shared/dom.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

export class DialRules {
  constructor(api) {
    this.api = api;
    this.campaignId = null;
    this.loading = null;
    this.listeners = [];
  }

  /** `listener(rules)` after any section saves. */
  onSaved(listener) {
    this.listeners.push(listener);
  }

  /** The campaign's rules in force, fetched once per campaign chosen. Rejects with the API's refusal. */
  load(campaignId) {
    if (campaignId !== this.campaignId || !this.loading) {
      this.campaignId = campaignId;
      this.loading = this.api.get(this.path(campaignId));
      // A refused load is asked again the next time rather than remembered.
      this.loading.catch(() => {
        if (this.campaignId === campaignId) this.loading = null;
      });
    }
    return this.loading;
  }

  /** Saves `changes` (groups of the dial-rules route) to the campaign shown; every section is told. */
  async save(changes) {
    const campaignId = this.campaignId;
    const rules = await this.api.put(this.path(campaignId), changes);
    if (campaignId !== this.campaignId) return rules;
    this.loading = Promise.resolve(rules);
    for (const listener of this.listeners) listener(rules);
    return rules;
  }

  path(campaignId) {
    return `/api/campaigns/${encodeURIComponent(campaignId)}/dial-rules`;
  }
}

/**
 * A section of the page that shows and edits some of the dial rules, in the elements
 * `${prefix}-form`, `-save`, `-saved` and `-error`. A subclass draws the rules in force in
 * `draw()`, enables its inputs in `allowEdits(editable)` and saves with `saveChanges`.
 */
export class DialRulesSection {
  constructor(dialRules, prefix) {
    this.dialRules = dialRules;
    this.prefix = prefix;
    this.tell = sayPair($(`${prefix}-saved`), $(`${prefix}-error`));
    this.campaignId = null;
    this.rules = null;
    this.editable = false;
    /** Another campaign chosen while its rules are on their way: only the last one's are drawn. */
    this.loads = latestRequest();
    dialRules.onSaved((rules) => {
      this.rules = rules;
      this.draw();
    });
    $(`${prefix}-form`).addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
  }

  /** Loads and shows the campaign's rules (once per campaign chosen); editable for managers. */
  async show(campaign, editable) {
    $(`${this.prefix}-form`).hidden = !campaign;
    if (!campaign) return;
    this.editable = editable;
    $(`${this.prefix}-save`).hidden = !editable;
    this.allowEdits(editable);
    if (campaign.id === this.campaignId) return;
    this.campaignId = campaign.id;
    this.rules = null;
    this.tell(null, null);
    try {
      const rules = await this.loads.ask(() => this.dialRules.load(campaign.id));
      if (rules === SUPERSEDED) return;
      this.rules = rules;
    } catch (error) {
      this.tell(null, () => t('error.refused', { message: error.message }));
      return;
    }
    this.draw();
  }

  allowEdits() {}


  /** Saves `changes` through the dial-rules route (every section redraws), saying `saved` or the refusal. */
  async saveChanges(changes, saved) {
    try {
      await this.dialRules.save(changes);
      this.tell(saved, null);
    } catch (error) {
      this.tell(null, () => t('error.refused', { message: error.message }));
    }
  }
}
