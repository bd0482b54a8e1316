// The dial rules of the campaign shown, as the dial-rules route serves them, shared by the
// sections that edit them: a change saved in one can change what another shows (the hours regime
// sets the rest after an abandoned call and how long a refusal stays on the DNC list). Every
// change goes through the route, which records it in the evidence log.

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
