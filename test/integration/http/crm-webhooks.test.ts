// CRM webhooks through a whole node and a CRM stand-in: a campaign lists URLs in
// settings.webhooks; a disposition posts the call's result to each, signed with the node's
// secret; a CRM that refuses is tried again with back-off, one that keeps refusing is marked
// failed, and a manager sends it again once it is mended. Bad settings (internal destinations
// among them) are refused with the field named, a disposition submitted twice sends nothing
// twice, an erasure deletes the bodies about the person and tells the CRM once, each dial's
// result goes to the URLs that ask for calls as the engine closes it, each change of an agent's
// state to the URLs that ask for them, and supervisors do not read the deliveries (they hold
// customers' numbers).

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import type { WebhookDelivery } from '../../../src/adapters/pg/webhook-outbox.js';
import { webhookSignature } from '../../../src/adapters/redis/webhook-sender.js';
import { insertPastCall } from '../../helpers/past-calls.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { allDayWindow, apiCall, waitUntil } from '../../browser/browser-helpers.js';

const SECRET = 'crm-shared-secret';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A CRM that answers each path with the statuses queued for it (then 200), and keeps what it got. */
class CrmStandIn {
  readonly received: Received[] = [];
  readonly statuses = new Map<string, number[]>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
      request.on('end', () => {
        const path = request.url ?? '/';
        this.received.push({ path, headers: request.headers, body });
        response.statusCode = this.statuses.get(path)?.shift() ?? 200;
        response.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

let test: TestNode;
const crm = new CrmStandIn();
let campaignId: string;
let leadId: string;

async function status(method: string, path: string, body: unknown, token = roleTokens.manager): Promise<{ status: number; text: string }> {
  const response = await fetch(`${test.node.url}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

const deliveries = (query = '') => apiCall<WebhookDelivery[]>(test, 'GET', `/api/campaigns/${campaignId}/webhook-deliveries${query}`);

beforeAll(async () => {
  await crm.start();
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'crm-webhooks:', { webhooks: { secret: SECRET, tries: 3, backoffSeconds: 0.05 } });
  campaignId = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Webhooks ${Date.now()}`,
    settings: { webhooks: [{ url: `${crm.url}/crm`, events: ['disposition'] }, { url: `${crm.url}/flaky` }, { url: `${crm.url}/down` }] },
  })).id;
  const list = await createList(test.node.pool, { campaignId, name: 'webhooks' });
  [leadId = ''] = await insertLeads(test.node.pool, list.id, [
    { firstName: 'Wendy', lastName: 'Hook', externalId: 'CRM-42', grade: 'B', fields: { plan: 'gold' }, phones: ['+15550100001'] },
  ]);
  await apiCall(test, 'PUT', '/api/agents/hook-agent', { name: 'Hook Agent' });
}, 60_000);

afterAll(async () => {
  await test?.close();
  await crm.stop();
});

describe('CRM webhooks', () => {
  it('refuses webhook settings that are not http(s) URLs with known events', async () => {
    const bad = await status('PATCH', `/api/campaigns/${campaignId}`, { settings: { webhooks: [{ url: 'ftp://crm.example/in' }] } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).message).toMatch(/^settings\.webhooks\[0\]\.url: /);
    const event = await status('PATCH', `/api/campaigns/${campaignId}`, { settings: { webhooks: [{ url: 'https://crm.example/in', events: ['sale'] }] } });
    expect(event.status).toBe(400);
    expect(JSON.parse(event.text).message).toMatch(/^settings\.webhooks\[0\]\.events\[0\]: /);
    // The node allows its own host (the CRM stand-in's) and nothing else internal.
    for (const [url, why] of [['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a private, loopback or link-local address'],
      ['http://10.0.0.5:5432/', '10.0.0.5 is a private, loopback or link-local address'], ['http://redis.internal:6379/', 'redis.internal is an internal host name']]) {
      const internal = await status('PATCH', `/api/campaigns/${campaignId}`, { settings: { webhooks: [{ url: `${crm.url}/crm` }, { url }] } });
      expect(internal.status, url).toBe(400);
      expect(JSON.parse(internal.text).message).toBe(`settings.webhooks[1].url: ${why}: webhooks go to public addresses only, unless an operator lists the destination in webhooks.allowedPrivateDestinations`);
    }
    crm.statuses.set('/flaky', [500]);
    crm.statuses.set('/down', [503, 503, 503]);
  });

  it('posts a disposition to every URL, signed, and tries a refusing CRM again', async () => {
    const dialledAt = new Date(Date.now() - 300_000);
    const attemptId = await insertPastCall(test.node.pool, campaignId, { leadId, agentId: 'hook-agent', outcome: 'connected', talkSeconds: 95, dialledAt });
    await test.node.pool.query('UPDATE attempts SET originated_at = created_at WHERE id = $1', [attemptId]);
    const created = await status('POST', `/api/attempts/${attemptId}/disposition`, { code: 'APPOINTMENT', notes: 'Tuesday at ten' });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text)).not.toHaveProperty('webhookIds');

    const [sent] = await waitUntil('the CRM told of the disposition', async () => crm.at('/crm').length > 0 && crm.at('/crm'));
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers['x-outpace-event']).toBe('disposition');
    const timestamp = String(sent?.headers['x-outpace-timestamp']);
    expect(sent?.headers['x-outpace-signature']).toBe(webhookSignature(SECRET, timestamp, sent?.body ?? ''));
    expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({
      event: 'disposition', version: 1,
      campaign: { id: campaignId },
      lead: { id: leadId, externalId: 'CRM-42', firstName: 'Wendy', lastName: 'Hook', grade: 'B', stage: 'appointment', fields: { plan: 'gold' } },
      call: { attemptId, phone: '+15550100001', agentId: 'hook-agent', outcome: 'connected', dialledAt: dialledAt.toISOString(), talkSeconds: 95, recorded: false },
      disposition: { code: 'APPOINTMENT', label: 'Appointment set', success: true, notes: 'Tuesday at ten', stageAfter: 'appointment' },
      callback: null,
    });

    // The flaky CRM refused once and took the second try.
    await waitUntil('the flaky CRM served', async () => crm.at('/flaky').length === 2);
    const flaky = await waitUntil('the flaky delivery delivered', async () => (await deliveries('?status=delivered')).find((d) => d.url.endsWith('/flaky')));
    expect(flaky).toMatchObject({ tries: 2, lastError: null, event: 'disposition' });
    expect(crm.at('/flaky')[1]?.body).toBe(crm.at('/flaky')[0]?.body);

    // The CRM that is down is given its three tries, then marked failed with the refusal.
    const down = await waitUntil('the delivery to the CRM that is down failed', async () => (await deliveries('?status=failed'))[0]);
    expect(down).toMatchObject({ url: `${crm.url}/down`, tries: 3, lastError: 'HTTP 503' });
    expect(crm.at('/down')).toHaveLength(3);

    const metrics = await (await fetch(`${test.node.url}/metrics`)).text();
    const tries = (result: string) => Number(new RegExp(`^outpace_webhook_tries_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
    expect([tries('delivered'), tries('retry'), tries('failed')]).toEqual([2, 3, 1]);

    // Submitted again (a retry after a lost answer): nothing is sent twice.
    expect((await status('POST', `/api/attempts/${attemptId}/disposition`, { code: 'APPOINTMENT' })).status).toBe(200);
    expect(await deliveries()).toHaveLength(3);
  }, 30_000);

  it('sends a failed delivery again on request, and only a failed one', async () => {
    const [failed] = await deliveries('?status=failed');
    const resent = await status('POST', `/api/webhook-deliveries/${failed?.id}/resend`, undefined);
    expect(resent.status).toBe(202);
    await waitUntil('the mended CRM got it', async () => crm.at('/down').length === 4);
    const delivered = await waitUntil('the resent delivery delivered', async () => (await deliveries('?status=delivered')).find((d) => d.id === failed?.id));
    expect(delivered).toMatchObject({ tries: 4, lastError: null });
    const again = await status('POST', `/api/webhook-deliveries/${failed?.id}/resend`, undefined);
    expect(again.status).toBe(409);
    expect(JSON.parse(again.text).message).toContain('only a failed one is sent again');
  }, 30_000);

  it('deletes the bodies about a person whose data is erased, so none goes out after it, and tells the CRM of the erasure once', async () => {
    expect(await deliveries()).toHaveLength(3);
    const before = crm.received.length;
    await apiCall(test, 'POST', `/api/leads/${leadId}/erase`);
    // The URLs that take the default events are told, by the lead's ids and nothing else about the person.
    const told = await waitUntil('the CRM told of the erasure', async () => crm.received.length === before + 2 && crm.received.slice(before));
    expect(told.map((r) => r.path).sort()).toEqual(['/down', '/flaky']);
    for (const received of told) {
      expect(received.headers['x-outpace-event']).toBe('lead_erased');
      expect(JSON.parse(received.body)).toEqual({
        event: 'lead_erased', version: 1, occurredAt: expect.any(String), campaign: { id: campaignId, name: expect.any(String) },
        lead: { id: leadId, externalId: 'CRM-42' },
      });
    }
    const left = await waitUntil('the erasure delivered', async () => {
      const now = await deliveries();
      return now.every((d) => d.status === 'delivered') && now;
    });
    expect(left.map((d) => d.event)).toEqual(['lead_erased', 'lead_erased']);
    // Asked again (to retry recordings): the bodies stay gone and the CRM is not told twice.
    await apiCall(test, 'POST', `/api/leads/${leadId}/erase`);
    expect((await deliveries()).map((d) => d.id)).toEqual(left.map((d) => d.id));
    const evidence = await test.node.pool.query<{ payload: { webhookDeliveriesDeleted: number } }>(
      "SELECT payload FROM evidence_log WHERE campaign_id = $1 AND kind = 'lead_erased' ORDER BY id", [campaignId]);
    expect(evidence.rows.map((r) => r.payload.webhookDeliveriesDeleted)).toEqual([3, 0]);
  });

  it("posts each dial's result to the URLs that ask for calls, from the engine as it closes the call", async () => {
    const calls = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
      name: `Call webhooks ${Date.now()}`, mode: 'progressive', wrapUpMode: 'manual',
      settings: { callingWindow: allDayWindow, webhooks: [{ url: `${crm.url}/calls`, events: ['call'] }, { url: `${crm.url}/dispositions-only` }] },
    });
    const list = await createList(test.node.pool, { campaignId: calls.id, name: 'busy line' });
    // A number ending in 5 is busy on the simulated network.
    const [busyLead = ''] = await insertLeads(test.node.pool, list.id, [{ firstName: 'Bea', lastName: 'Busy', externalId: 'CRM-77', phones: ['+15550100005'] }]);
    await apiCall(test, 'POST', `/api/campaigns/${calls.id}/start`);
    const { token } = await apiCall<{ token: string }>(test, 'POST', '/api/agents/hook-agent/tokens');
    await apiCall(test, 'POST', '/api/agents/hook-agent/login', { campaignId: calls.id }, token);
    await waitUntil('the agent logged in', async () => (await apiCall<{ status: string }>(test, 'GET', '/api/agents/hook-agent')).status === 'paused');
    await apiCall(test, 'POST', '/api/agents/hook-agent/ready', undefined, token);

    const [sent] = await waitUntil('the CRM told of the call', async () => crm.at('/calls').length > 0 && crm.at('/calls'));
    await apiCall(test, 'POST', '/api/agents/hook-agent/logout', undefined, token);
    expect(sent?.headers['x-outpace-event']).toBe('call');
    expect(sent?.headers['x-outpace-signature']).toBe(webhookSignature(SECRET, String(sent?.headers['x-outpace-timestamp']), sent?.body ?? ''));
    const body = JSON.parse(sent?.body ?? '{}') as { call: { attemptId: string; dialledAt: string }; lead: Record<string, unknown> };
    expect(body).toMatchObject({
      event: 'call', version: 1, campaign: { id: calls.id },
      lead: { id: busyLead, externalId: 'CRM-77', grade: 'C', stage: 'raw_lead', status: 'retry', nextDialAt: expect.any(String) },
      call: { phone: '+15550100005', outcome: 'busy', agentId: null, answeredAt: null, connectedAt: null, talkSeconds: null, abandoned: false, recorded: false, transferredFrom: null, handovers: [] },
    });
    // A dial's post names no one: the names and fields are the disposition's.
    expect(body.lead).not.toHaveProperty('firstName');
    const attempt = await test.node.pool.query<{ outcome: string; originated_at: Date }>('SELECT outcome, originated_at FROM attempts WHERE id = $1', [body.call.attemptId]);
    expect(attempt.rows[0]?.outcome).toBe('busy');
    // Dialled when the dial went out, not when the lead was leased.
    expect(body.call).toMatchObject({ dialledAt: attempt.rows[0]?.originated_at.toISOString() });
    // A URL that names no events takes dispositions and erasures, not every dial.
    const posted = await apiCall<WebhookDelivery[]>(test, 'GET', `/api/campaigns/${calls.id}/webhook-deliveries`);
    expect(posted.map((d) => [d.event, d.url])).toEqual([['call', `${crm.url}/calls`]]);
    expect(crm.at('/dispositions-only')).toEqual([]);
  }, 30_000);

  it('tells the CRM of a call the grade its lead had when dialled, not the one it was regraded to while it rang', async () => {
    const calls = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
      name: `Graded call webhooks ${Date.now()}`, mode: 'progressive', wrapUpMode: 'manual',
      settings: { callingWindow: allDayWindow, webhooks: [{ url: `${crm.url}/graded-calls`, events: ['call'] }] },
    });
    const list = await createList(test.node.pool, { campaignId: calls.id, name: 'regraded' });
    // A number ending in 7 rings unanswered on the simulated network: time to regrade its lead.
    const [ringing = ''] = await insertLeads(test.node.pool, list.id, [{ firstName: 'Rey', lastName: 'Ring', externalId: 'CRM-78', grade: 'A', phones: ['+15550100007'] }]);
    await apiCall(test, 'POST', `/api/campaigns/${calls.id}/start`);
    const { token } = await apiCall<{ token: string }>(test, 'POST', '/api/agents/hook-agent/tokens');
    await apiCall(test, 'POST', '/api/agents/hook-agent/login', { campaignId: calls.id }, token);
    await waitUntil('the agent logged in', async () => (await apiCall<{ status: string }>(test, 'GET', '/api/agents/hook-agent')).status === 'paused');
    await apiCall(test, 'POST', '/api/agents/hook-agent/ready', undefined, token);
    await waitUntil('the lead dialled', async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE lead_id = $1', [ringing])).rowCount === 1);
    const regraded = await test.node.pool.query("UPDATE leads SET grade = 'E' WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM attempts WHERE lead_id = $1 AND ended_at IS NOT NULL)", [ringing]);
    expect(regraded.rowCount).toBe(1);

    const [sent] = await waitUntil('the CRM told of the call', async () => crm.at('/graded-calls').length > 0 && crm.at('/graded-calls'), 40_000);
    await apiCall(test, 'POST', '/api/agents/hook-agent/logout', undefined, token);
    expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({ lead: { id: ringing, externalId: 'CRM-78', grade: 'A' }, call: { phone: '+15550100007' } });
  }, 60_000);

  it("posts each change of an agent's state to the URLs that ask for them, in order, with why it changed", async () => {
    const team = await apiCall<{ id: string; name: string }>(test, 'POST', '/api/campaigns', {
      name: `Agent webhooks ${Date.now()}`, mode: 'progressive',
      settings: { webhooks: [{ url: `${crm.url}/presence`, events: ['agent_state'] }, { url: `${crm.url}/not-agents`, events: ['disposition', 'call'] }] },
    });
    await apiCall(test, 'POST', `/api/campaigns/${team.id}/start`);
    await apiCall(test, 'PUT', '/api/agents/state-agent', { name: 'Stella State' });
    const { token } = await apiCall<{ token: string }>(test, 'POST', '/api/agents/state-agent/tokens');
    const agentStatus = async () => (await apiCall<{ status: string }>(test, 'GET', '/api/agents/state-agent')).status;
    await apiCall(test, 'POST', '/api/agents/state-agent/login', { campaignId: team.id }, token);
    await waitUntil('the agent logged in', async () => (await agentStatus()) === 'paused');
    await apiCall(test, 'POST', '/api/agents/state-agent/ready', undefined, token);
    await apiCall(test, 'POST', '/api/agents/state-agent/pause', { reason: 'lunch' }, token);
    // Logged out by a supervisor: the post names them.
    await apiCall(test, 'POST', '/api/agents/state-agent/logout', undefined, roleTokens.supervisor);

    const posts = await waitUntil('the logout posted', async () => {
      const got = crm.at('/presence').map((r) => ({ delivery: Number(r.headers['x-outpace-delivery']), event: r.headers['x-outpace-event'], body: JSON.parse(r.body) as Record<string, unknown> }));
      return got.some((p) => p.body.to === 'logged_out') && got.sort((a, b) => a.delivery - b.delivery);
    });
    expect(new Set(posts.map((p) => p.event))).toEqual(new Set(['agent_state']));
    expect(posts.map((p) => [p.body.from, p.body.to, p.body.reason])).toEqual([
      ['logged_out', 'connecting', 'login'],
      ['connecting', 'paused', 'phone_connected'],
      ['paused', 'ready', 'agent_ready'],
      ['ready', 'paused', 'lunch'],
      ['paused', 'logged_out', 'logout'],
    ]);
    expect(posts[2]?.body).toEqual({
      event: 'agent_state', version: 1, occurredAt: expect.any(String), campaign: { id: team.id, name: team.name },
      agent: { id: 'state-agent', name: 'Stella State' }, from: 'paused', to: 'ready', reason: 'agent_ready', secondsInPreviousState: expect.any(Number), by: null,
    });
    expect(posts[4]?.body.by).toEqual({ name: 'test supervisor', role: 'supervisor' });
    // Asked for by name only: the other URL takes none.
    const posted = await apiCall<WebhookDelivery[]>(test, 'GET', `/api/campaigns/${team.id}/webhook-deliveries`);
    expect(new Set(posted.map((d) => d.url))).toEqual(new Set([`${crm.url}/presence`]));
  }, 30_000);

  it('shows the deliveries to managers only', async () => {
    const response = await fetch(`${test.node.url}/api/campaigns/${campaignId}/webhook-deliveries`, { headers: { authorization: `Bearer ${roleTokens.supervisor}` } });
    expect(response.status).toBe(403);
  });
});
