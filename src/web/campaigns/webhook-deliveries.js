// The campaign's CRM deliveries, for managers of a campaign with webhooks: the last events
// (dispositions, calls, erasures, agents' states) posted, whether each arrived, after how many
// tries and the last refusal; a failed one is sent again from here once the CRM is mended. When
// each was made is on the campaign's clock, the zone named.

import { formatInZone, formatNumber, sayPair, t } from '/web/shared/i18n.js';
import { $, el } from '/web/shared/dom.js';
import { latestRequest, SUPERSEDED } from '/web/shared/latest-request.js';

/** Deliveries shown: the newest ones. */
const SHOWN = 20;

export class WebhookDeliveries {
  constructor(api) {
    this.api = api;
    this.campaignId = null;
    this.zone = null;
    this.deliveries = [];
    /** Another campaign chosen, or a refresh, while deliveries are on their way: only the last are drawn. */
    this.loads = latestRequest();
    this.tell = sayPair($('webhooks-status'), $('webhooks-error'));
    $('webhooks-refresh').addEventListener('click', () => void this.load());
    $('webhooks-table').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-resend]');
      if (button) void this.resend(button.dataset.resend);
    });
  }

  /** Shown to managers when the campaign posts to a CRM. */
  async show(campaign, editable) {
    const hooks = campaign?.settings?.webhooks;
    $('webhooks-panel').hidden = !campaign || !editable || !Array.isArray(hooks) || hooks.length === 0;
    if ($('webhooks-panel').hidden) return;
    if (campaign.id !== this.campaignId) this.tell(null, null);
    this.campaignId = campaign.id;
    this.zone = campaign.timezone;
    await this.load();
  }

  async load() {
    const campaignId = this.campaignId;
    let deliveries;
    try {
      deliveries = await this.loads.ask(() => this.api.get(`/api/campaigns/${encodeURIComponent(campaignId)}/webhook-deliveries?limit=${SHOWN}`));
    } catch (error) {
      this.tell(null, () => t('error.refused', { message: error.message }));
      return;
    }
    if (deliveries === SUPERSEDED) return;
    this.deliveries = deliveries;
    this.render();
  }


  render() {
    $('no-webhooks').hidden = this.deliveries.length > 0;
    $('webhooks-table').hidden = this.deliveries.length === 0;
    $('webhooks-table').tBodies[0].replaceChildren(...this.deliveries.map((delivery) => this.row(delivery)));
  }

  row(delivery) {
    const row = el('tr', delivery.status === 'failed' ? 'failed' : null);
    row.dataset.delivery = delivery.id;
    const status = el('td', 'status', t(`webhooks.status.${delivery.status}`));
    status.dataset.status = delivery.status;
    const action = el('td');
    // A failed one whose body retention deleted is listed, but has nothing left to send.
    if (delivery.status === 'failed' && delivery.payloadDeletedAt) {
      action.append(el('span', 'body-deleted', t('webhooks.bodyDeleted')));
    } else if (delivery.status === 'failed') {
      const button = Object.assign(el('button', 'small-button', t('webhooks.resend')), { type: 'button' });
      button.dataset.resend = delivery.id;
      action.append(button);
    }
    row.append(el('td', 'when', formatInZone(delivery.createdAt, this.zone)), el('td', 'event', t(`webhooks.event.${delivery.event}`)), el('td', 'url', delivery.url), status,
      el('td', 'number tries', formatNumber(delivery.tries)), el('td', 'error', delivery.lastError ?? ''), action);
    return row;
  }

  async resend(deliveryId) {
    this.tell(null, null);
    try {
      const delivery = await this.api.post(`/api/webhook-deliveries/${encodeURIComponent(deliveryId)}/resend`);
      this.tell(() => t('webhooks.resent', { url: delivery.url }), null);
    } catch (error) {
      this.tell(null, () => t('error.refused', { message: error.message }));
    }
    await this.load();
  }
}
