// Where webhooks may go: internal addresses and names are refused by default, by the URL's form
// when saved and by every address a name resolves to when sent; an operator's allow-list lets
// their own CRM through.

import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { WebhookDestinationError, WebhookDestinations } from './webhook-destination.js';
import { assertWebhooksValid } from './webhook-settings.js';

const internalUrls = [
  'http://127.0.0.1:8088/ari', 'http://127.9.9.9/', 'http://2130706433/', 'http://0x7f.1/', 'http://0.0.0.0:5432/',
  'http://10.1.2.3/crm', 'http://172.16.0.1/', 'http://172.31.255.255/', 'http://192.168.1.10/', 'http://169.254.169.254/latest/meta-data',
  'http://100.64.0.1/', 'http://[::1]/', 'http://[::]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:a9fe:a9fe]/', 'http://[fd00::1]/',
  'http://[fc12:3456::9]/', 'http://[fe80::1]/', 'http://localhost:6379/', 'http://LOCALHOST./', 'http://api.localhost/', 'http://crm/',
  'http://redis.internal/', 'http://printer.local/', 'http://nas.home.arpa/', 'http://metadata.google.internal/computeMetadata/v1/',
  // NAT64 carrying an internal IPv4 address (169.254.169.254, 10.0.0.1, 127.0.0.1), and its local-use prefix.
  'http://[64:ff9b::a9fe:a9fe]/', 'http://[64:ff9b::10.0.0.1]/', 'http://[64:ff9b:0:0:0:0:7f00:1]/', 'http://[64:ff9b:1::808:808]/',
];
const publicUrls = ['https://crm.example.com/in', 'http://203.0.113.7:8080/hook', 'https://[2001:db8::1]/in', 'http://172.32.0.1/', 'https://8.8.8.8/',
  // A public CRM reached through NAT64 on an IPv6-only network.
  'https://[64:ff9b::808:808]/in', 'https://[64:ff9b::203.0.113.7]/in'];

/** Runs the send-time lookup on a name, with the answer the resolver would give. */
function lookupWith(destinations: WebhookDestinations, hostname: string, options: { all?: boolean; family?: number } = {}) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((resolve) => {
    destinations.lookup(hostname, options, (error, address) => resolve({ error, address }));
  });
}

describe('webhook destinations', () => {
  it('refuses loopback, private, link-local and internal destinations by default, by the form of the URL', () => {
    const destinations = new WebhookDestinations();
    for (const url of internalUrls) expect(destinations.urlRefusal(url), url).toMatch(/webhooks\.allowedPrivateDestinations$/);
    for (const url of publicUrls) expect(destinations.urlRefusal(url), url).toBeNull();
    expect(() => destinations.assertUrl('http://169.254.169.254/')).toThrow(WebhookDestinationError);
  });

  it('lets through the addresses, networks and host names an operator allows, and nothing else', () => {
    const destinations = new WebhookDestinations(['10.20.0.0/16', '192.168.1.10', 'crm.internal', '::1']);
    for (const url of ['http://10.20.3.4/', 'http://192.168.1.10/', 'http://CRM.internal./in', 'http://[::1]:8080/']) expect(destinations.urlRefusal(url), url).toBeNull();
    for (const url of ['http://10.21.0.1/', 'http://192.168.1.11/', 'http://other.internal/', 'http://127.0.0.1/', 'http://169.254.169.254/']) {
      expect(destinations.urlRefusal(url), url).not.toBeNull();
    }
  });

  it('refuses a name that resolves to an internal address when sending, and one allowed by name goes through', async () => {
    const strict = await lookupWith(new WebhookDestinations(), 'localhost', { all: true });
    expect(strict.error).toBeInstanceOf(WebhookDestinationError);
    expect(strict.error?.message).toMatch(/^webhook destination refused: localhost resolves to a private, loopback or link-local address/);
    const allowedByAddress = await lookupWith(new WebhookDestinations(['127.0.0.0/8', '::1']), 'localhost', { all: true });
    expect(allowedByAddress.error).toBeNull();
    expect((allowedByAddress.address as LookupAddress[]).length).toBeGreaterThan(0);
    const allowedByName = await lookupWith(new WebhookDestinations(['localhost']), 'localhost', { family: 4 });
    expect(allowedByName).toEqual({ error: null, address: '127.0.0.1' });
  });
});

describe('webhook settings', () => {
  const destinations = new WebhookDestinations();
  const settings = (url: string) => ({ webhooks: [{ url: 'https://crm.example.com/in' }, { url }] });

  it('refuses an internal destination when a campaign is saved, naming the field', () => {
    for (const url of ['http://169.254.169.254/latest', 'http://127.0.0.1:8088/ari', 'http://redis.internal/']) {
      expect(() => assertWebhooksValid(settings(url), destinations), url).toThrow(ApiError);
      expect(() => assertWebhooksValid(settings(url), destinations), url).toThrow(/^settings\.webhooks\[1\]\.url: .* webhooks go to public addresses only/);
    }
    expect(() => assertWebhooksValid(settings('https://backup.example.com/in'), destinations)).not.toThrow();
    expect(() => assertWebhooksValid(settings('http://127.0.0.1:8088/in'), new WebhookDestinations(['127.0.0.1']))).not.toThrow();
  });
});
