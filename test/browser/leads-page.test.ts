// The leads page in headless Chromium: a manager finds a lead by a number typed as people type
// it, by a customer id of digits and by the start of a name, pages through many, opens one to
// read its numbers, why it is or is not dialled, its calls (who of the staff hung one up) and
// callbacks, puts a number on the campaign's DNC list and returns a worked lead to the pool; finds
// leads by stage and grade and downloads all a search finds; a search asked for while another is on its way is the one drawn,
// and one typed while the page fills its form in from the address is kept;
// the address opens a lead; a supervisor sees the last digits only and no DNC or download button;
// the page reads in Chinese.

import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { allDayWindow, apiCall, firstAnswerLate, holdAnswers, launchChromium, screenshot } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let page: Page;
let campaignId: string;
let ann: string;
let worked: string;
let eve: string;
const tag = `${Date.now()}`.slice(-6);

beforeAll(async () => {
  test = await startTestNode({}, 'browser-leads:');
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1300, height: 1000 }, locale: 'en-US' })).newPage();
  campaignId = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Leads ${tag}`, timezone: 'America/New_York', settings: { callingWindow: allDayWindow } })).id;
  const list = await createList(test.node.pool, { campaignId, name: 'spring' });
  [ann, worked, eve] = await insertLeads(test.node.pool, list.id, [
    { firstName: 'Ann', lastName: `Smith${tag}`, externalId: `CRM-${tag}`, phones: [`+1212555${tag.slice(-4)}`, `+1312555${tag.slice(-4)}`], fields: { plan: 'gold' } },
    { firstName: 'Walt', lastName: `Worked${tag}`, externalId: `9${tag}1`, phones: [`+1646555${tag.slice(-4)}`], status: 'done', stage: 'opportunity' },
    { firstName: 'Eve', lastName: `Erase${tag}`, externalId: `ERASE-${tag}`, phones: [`+1415555${tag.slice(-4)}`], fields: { email: 'eve@example.com' } },
    ...Array.from({ length: 55 }, (_, i) => ({ firstName: `Many${tag}`, lastName: `Lead${i}`, phones: [`+1718555${String(1000 + i)}`] })),
  ]) as [string, string, string];
  // A call Ann took, dispositioned with a callback, and one that rang out.
  const phone = await test.node.pool.query<{ id: string }>('SELECT id FROM lead_phones WHERE lead_id = $1 ORDER BY dial_order LIMIT 1', [ann]);
  const calls = await test.node.pool.query<{ id: string }>(
    `INSERT INTO attempts (campaign_id, lead_id, phone_id, e164, status, outcome, agent_id, recording_name, created_at, originated_at, connected_at, ended_at)
     VALUES ($1, $2, $3, $4, 'ended', 'no_answer', NULL, NULL, now() - interval '2 days', now() - interval '2 days', NULL, now() - interval '2 days'),
            ($1, $2, $3, $4, 'ended', 'connected', 'agent-7', 'rec', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', now() - interval '1 day' + interval '95 seconds')
     RETURNING id`,
    [campaignId, ann, phone.rows[0]?.id, `+1212555${tag.slice(-4)}`],
  );
  await test.node.pool.query(`INSERT INTO dispositions (attempt_id, campaign_id, lead_id, agent_id, code, notes) VALUES ($1, $2, $3, 'agent-7', 'CALLBACK', 'call after lunch')`, [calls.rows[1]?.id, campaignId, ann]);
  // A supervisor hung the connected call up.
  await test.node.pool.query(`UPDATE attempts SET ended_by = '{"id": "staff-hash", "name": "Sue", "role": "supervisor"}' WHERE id = $1`, [calls.rows[1]?.id]);
  await test.node.pool.query(`INSERT INTO callbacks (lead_id, campaign_id, due_at, timezone, notes, follow_up_deadline) VALUES ($1, $2, '2031-03-04T18:00:00Z', 'America/New_York', 'call after lunch', '2031-03-06T18:00:00Z')`, [ann, campaignId]);
  // When each lead was last called, as closing an attempt records it: Ann a day ago, two of the many lately.
  const lastCalled = `UPDATE leads SET last_attempt_at = now() - $2::interval, last_outcome = $3 WHERE id = $1`;
  await test.node.pool.query(lastCalled, [ann, '1 day', 'connected']);
  for (const [i, ago, outcome] of [[3, '3 hours', 'no_answer'], [7, '1 hour', 'busy']] as const) {
    await test.node.pool.query(`UPDATE leads SET last_attempt_at = now() - $2::interval, last_outcome = $3 WHERE first_name = $1 AND last_name = $4`, [`Many${tag}`, ago, outcome, `Lead${i}`]);
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

const resultNames = () => page.$$eval('#results tbody td.name', (cells) => cells.map((c) => c.textContent));

async function find(text: string): Promise<void> {
  await page.fill('#search-text', text);
  await page.click('#search-form button[type=submit]');
}

describe('leads page', () => {
  for (const width of [1280, 1440]) {
    it(`shows the search box's hint whole at ${width} px, whatever the campaigns are called`, async () => {
      await apiCall(test, 'POST', '/api/campaigns', { name: `Spring renewals for the north-east region, second wave ${width} ${tag}` });
      for (const lang of ['en', 'zh-CN']) {
        const wide = await (await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' })).newPage();
        await wide.goto(`${test.node.url}/leads/?lang=${lang}`);
        await wide.fill('#token', roleTokens.manager);
        await wide.click('#signin-form button[type=submit]');
        await wide.waitForSelector('#search-campaign option:nth-child(3)', { state: 'attached' });
        const room = await wide.$eval('#search-text', (input) => {
          const box = input as HTMLInputElement;
          const style = getComputedStyle(box);
          const context = document.createElement('canvas').getContext('2d');
          if (!context) throw new Error('no canvas');
          context.font = style.font;
          const inside = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          return { hint: box.placeholder, spare: Math.floor(inside - context.measureText(box.placeholder).width) };
        });
        expect(room.hint).toContain('CRM-1042');
        expect(room.spare, `${lang}: ${room.hint}`).toBeGreaterThanOrEqual(0);
        await wide.context().close();
      }
    });
  }

  it('finds a lead by a number as people type it, and opens it: numbers, why it is dialled, calls and callbacks', async () => {
    await page.goto(`${test.node.url}/leads/?lang=en`);
    await page.fill('#token', roleTokens.manager);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#page:visible');
    // Before a search: how to find someone, and no empty table.
    await expect.poll(() => page.textContent('#results-summary')).toMatch(/^Find a lead by phone number, customer id or the start of a name/);
    expect(await page.isVisible('#results')).toBe(false);

    await find(`(312) 555-${tag.slice(-4)}`);
    await expect.poll(resultNames).toEqual([`Ann Smith${tag}`]);
    expect(await page.textContent('#results-summary')).toBe('One lead found.');
    await test.node.pool.query('UPDATE leads SET preview_skips = 3 WHERE id = $1', [ann]);
    await page.click(`#results tr[data-lead="${ann}"]`);
    await expect.poll(() => page.textContent('#lead-name')).toBe(`Ann Smith${tag}`);
    expect(new URL(page.url()).searchParams.get('lead')).toBe(ann);
    expect(await page.textContent('#lead-status')).toBe('New');
    expect(await page.textContent('#lead-eligible')).toBe('Dialable now');
    expect(await page.textContent('#lead-facts')).toContain('plan');
    // Skips in preview, which can leave a lead exhausted with no dials, are shown once there are some.
    expect(await page.textContent('#lead-facts')).toContain('Skipped in preview since last dialled3');
    // Managers see the numbers in full.
    expect(await page.$$eval('#phones td.phone', (cells) => cells.map((c) => c.textContent))).toEqual([`+1212555${tag.slice(-4)}`, `+1312555${tag.slice(-4)}`]);
    expect(await page.$$eval('#why tbody tr', (rows) => rows.map((r) => r.getAttribute('data-rule')))).toEqual(
      ['list_active', 'lead_status', 'lead_filter', 'due', 'lease', 'max_attempts_lead', 'max_attempts_day', 'calling_window', 'dialable_phone']);
    expect(await page.textContent('#why-summary')).toMatch(/^Every rule lets it be dialled/);
    const calls = await page.$$eval('#calls tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (c) => c.textContent)));
    expect(calls.map((c) => c.slice(2))).toEqual([
      ['Connected · ended by Sue (Supervisor)', '1:35', 'agent-7', 'CALLBACK', 'call after lunch', '✓'],
      ['No answer', '', '', '', '', ''],
    ]);
    expect(await page.textContent('#callbacks')).toBe('Mar 4, 2031, 1:00 PM America/New_York, any agent: Pending. call after lunch');
    expect(await page.isVisible('#return-form')).toBe(false); // a new lead is in the pool already
    await screenshot(page, 'leads-page-en');
  }, 60_000);

  it('corrects the lead: a name, its grade and stage, its time zone', async () => {
    expect(await page.inputValue('#correct-zone')).toBe('');
    expect(await page.textContent('#correct-zone option[value=""]')).toBe("The campaign's default (America/New_York)");
    await page.fill('#correct-last', `Smythe${tag}`);
    await page.selectOption('#correct-grade', 'A');
    await page.selectOption('#correct-stage', 'valid_contact');
    await page.selectOption('#correct-zone', 'America/Los_Angeles');
    // A priority as a list may give it (up to a million either way), not only -100 to 100; one
    // beyond is refused by the page with the range, before any request.
    await page.fill('#correct-priority', '2000000');
    await page.click('#correct-form button[type=submit]');
    await expect.poll(() => page.textContent('#detail-error')).toBe('Priority: a whole number from -1000000 to 1000000.');
    await page.fill('#correct-priority', '250000');
    await page.click('#correct-form button[type=submit]');
    await expect.poll(() => page.textContent('#correct-saved')).toBe('Saved.');
    expect(await page.textContent('#lead-name')).toBe(`Ann Smythe${tag}`);
    expect(await apiCall(test, 'GET', `/api/leads/${ann}`)).toMatchObject({
      lastName: `Smythe${tag}`, grade: 'A', stage: 'valid_contact', timezone: 'America/Los_Angeles', priority: 250000,
    });
    expect(await page.textContent('#why tr[data-rule="calling_window"] td.muted')).toMatch(/America\/Los_Angeles$/);

    // Saved again with the zone as it is: the other zones its phone or address named stay.
    await test.node.pool.query("UPDATE leads SET other_time_zones = ARRAY['America/New_York'] WHERE id = $1", [ann]);
    const [saved] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'PATCH' && response.url().endsWith(`/api/leads/${ann}`)),
      page.click('#correct-form button[type=submit]'),
    ]);
    expect(saved.request().postDataJSON()).not.toHaveProperty('timezone');
    const zones = await test.node.pool.query<{ timezone: string; other_time_zones: string[] }>('SELECT timezone, other_time_zones FROM leads WHERE id = $1', [ann]);
    expect(zones.rows[0]).toEqual({ timezone: 'America/Los_Angeles', other_time_zones: ['America/New_York'] });
    await test.node.pool.query('UPDATE leads SET other_time_zones = NULL WHERE id = $1', [ann]);
  }, 30_000);

  it("says where an import took a lead's zone from, an area code's and the campaign's as approximate", async () => {
    const list = await createList(test.node.pool, { campaignId, name: `zones-${tag}` });
    const four = tag.slice(-4);
    // As an import gives them: a 250 number with no postal code, a Magdalen Islands postal code, none at all.
    const [kootenay, magdalen, unknown] = await insertLeads(test.node.pool, list.id, [
      { firstName: 'Bea', lastName: `Kootenay${tag}`, phones: [`+1250555${four}`], timezone: 'America/Vancouver', timezoneSource: 'area_code', otherTimeZones: ['America/Edmonton'] },
      { firstName: 'Cal', lastName: `Madeleine${tag}`, phones: [`+1418555${four}`], timezone: 'America/Halifax', timezoneSource: 'postal_code', postalCode: 'G4T 1A1' },
      { firstName: 'Dee', lastName: `Nowhere${tag}`, phones: [`+1800555${four}`], timezoneSource: 'campaign_default' },
    ]) as [string, string, string];
    const zoneOf = async (lead: string): Promise<string | null> => {
      await page.goto(`${test.node.url}/leads/?lang=en&campaign=${campaignId}&lead=${lead}`);
      await expect.poll(() => page.textContent('#lead-name')).toContain(tag);
      return page.locator('#lead-facts dt:text-is("Time zone") + dd').textContent();
    };
    expect(await zoneOf(kootenay)).toBe("America/Vancouver (approximate: from the area code of the lead's number), "
      + 'and the hours of America/Edmonton too (its phone or address says so)');
    expect(await zoneOf(magdalen)).toBe("America/Halifax (from the lead's postal code)");
    expect(await zoneOf(unknown)).toBe("America/New_York (approximate: from the campaign's zone)");
    // Ann's zone was set on this page: as it is.
    expect(await zoneOf(ann)).toBe('America/Los_Angeles');
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.locator('#lead-facts dt:text-is("时区") + dd').textContent()).toBe('America/Los_Angeles');
    await page.goto(`${test.node.url}/leads/?lang=zh-CN&campaign=${campaignId}&lead=${unknown}`);
    await expect.poll(() => page.locator('#lead-facts dt:text-is("时区") + dd').textContent()).toBe('America/New_York（近似：依据活动的时区）');
    await page.goto(`${test.node.url}/leads/?lang=en&campaign=${campaignId}&lead=${ann}`);
    await expect.poll(() => page.textContent('#lead-name')).toBe(`Ann Smythe${tag}`);
  }, 30_000);

  it("puts a number on the campaign's DNC list, and the rules say why the lead waits", async () => {
    await page.selectOption('#dnc-scope', 'campaign');
    await page.click(`#phones button[data-phone="+1212555${tag.slice(-4)}"]`);
    // The column says whose rules it reads, and each number's value answers it.
    expect(await page.textContent('#phones th:nth-child(4)')).toBe("Number's rules now");
    await expect.poll(() => page.textContent(`#phones tbody tr:first-child td:nth-child(4)`)).toBe('Blocked: On a do-not-call list');
    expect(await page.textContent(`#phones tbody tr:nth-child(2) td:nth-child(4)`)).toBe('Pass');
    // The other number may still be dialled.
    expect(await page.textContent('#lead-eligible')).toBe('Dialable now');
    const check = await apiCall<{ blocked: boolean; entries: Array<{ scope: string }> }>(test, 'GET', `/api/dnc/check?phone=${encodeURIComponent(`+1212555${tag.slice(-4)}`)}&campaignId=${campaignId}`);
    expect(check).toMatchObject({ blocked: true, entries: [{ scope: 'campaign' }] });
    await page.click(`#phones button[data-phone="+1312555${tag.slice(-4)}"]`);
    await expect.poll(() => page.textContent('#lead-eligible')).toBe('Not dialable now');
    expect(await page.textContent('#why-summary')).toBe('Not dialled until someone changes it: a rule below blocks it for good.');
    expect(await page.getAttribute('#why tr[data-rule="dialable_phone"]', 'class')).toBe('blocks');
  }, 30_000);

  it('finds a customer id made of digits, returns a worked lead to the pool at a stage, and pages through many', async () => {
    await find(`9${tag}1`);
    await expect.poll(resultNames).toEqual([`Walt Worked${tag}`]);
    await page.click(`#results tr[data-lead="${worked}"]`);
    await expect.poll(() => page.textContent('#lead-status')).toBe('Worked');
    expect(await page.isVisible('#return-form')).toBe(true);
    expect(await page.isVisible('#return-erased')).toBe(false);
    expect(await page.inputValue('#return-stage')).toBe('opportunity');
    await page.selectOption('#return-stage', 'valid_contact');
    await page.click('#return-form button[type=submit]');
    await expect.poll(() => page.textContent('#return-saved')).toBe('Back in the pool.');
    expect(await page.textContent('#lead-status')).toBe('To dial again');
    const lead = await apiCall<{ status: string; stage: string }>(test, 'GET', `/api/leads/${worked}`);
    expect(lead).toMatchObject({ status: 'retry', stage: 'valid_contact' });
    // The result row follows.
    await expect.poll(() => page.textContent(`#results tr[data-lead="${worked}"] td:nth-child(5)`)).toBe('To dial again');

    await find(`many${tag}`);
    await expect.poll(async () => (await resultNames()).length).toBe(50);
    expect(await page.textContent('#results-summary')).toBe('The newest 50 leads found; more below.');
    await page.click('#more');
    await expect.poll(async () => (await resultNames()).length).toBe(55);
    expect(await page.isVisible('#more')).toBe(false);
    expect((await resultNames()).at(-1)).toBe(`Many${tag} Lead0`);
  }, 30_000);

  it('lists the leads called lately, the last called first, with when each call was', async () => {
    await page.fill('#search-text', '');
    await page.selectOption('#search-campaign', campaignId);
    await page.selectOption('#search-order', 'lastCalled');
    await page.click('#search-form button[type=submit]');
    await expect.poll(resultNames).toEqual([`Many${tag} Lead7`, `Many${tag} Lead3`, `Ann Smythe${tag}`]);
    expect(await page.textContent('#results-summary')).toBe('3 leads found, the last called first.');
    const lastCalls = await page.$$eval('#results td.last-call', (cells) => cells.map((c) => [c.firstChild?.textContent, c.querySelector('span')?.textContent]));
    expect(lastCalls.map(([outcome]) => outcome)).toEqual(['Busy', 'No answer', 'Connected']);
    for (const [, when] of lastCalls) expect(when).toMatch(/\d{1,2}:\d{2}:\d{2}\s?[AP]M America\/New_York$/); // to the second, on the campaign's clock
    // The next dial on the customer's clock: Ann's own zone (corrected above), the others' their campaign's.
    expect(await page.$$eval('#results td.next-dial', (cells) => cells.map((c) => c.textContent?.split(' ').at(-1))))
      .toEqual(['America/New_York', 'America/New_York', 'America/Los_Angeles']);
    expect(new URL(page.url()).searchParams.get('order')).toBe('lastCalled');
    await screenshot(page, 'leads-page-called-lately');
    // Back to newest first, in every campaign, for what follows.
    await page.selectOption('#search-order', 'newest');
    await page.selectOption('#search-campaign', '');
  }, 30_000);

  it("finds a campaign's leads by stage and grade, and downloads every lead a search finds", async () => {
    // A download takes one campaign's leads: with all campaigns searched, the button says to choose one.
    await find(`many${tag}`);
    await expect.poll(async () => (await resultNames()).length).toBe(50);
    expect(await page.isDisabled('#download')).toBe(true);
    expect(await page.getAttribute('#download', 'title')).toMatch(/^Choose a campaign and press Find/);

    await page.fill('#search-text', '');
    await page.selectOption('#search-campaign', campaignId);
    // Walt, returned to the pool as a valid contact above, and Ann, corrected to one.
    await page.selectOption('#search-stage', 'valid_contact');
    await page.click('#search-form button[type=submit]');
    await expect.poll(resultNames).toEqual([`Walt Worked${tag}`, `Ann Smythe${tag}`]);
    expect(new URL(page.url()).searchParams.get('stage')).toBe('valid_contact');
    const [contacts] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(contacts.suggestedFilename()).toBe(`leads-campaign-${campaignId}.csv`);
    const contactsFile = await readFile(await contacts.path(), 'utf8');
    // A byte order mark, for a spreadsheet to read it as UTF-8.
    expect(contactsFile.charCodeAt(0)).toBe(0xfeff);
    const contactRows = parse(contactsFile, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(contactRows).toEqual([
      expect.objectContaining({ lead_id: worked, campaign: `Leads ${tag}`, list: 'spring', stage: 'valid_contact', status: 'retry' }),
      expect.objectContaining({ lead_id: ann, stage: 'valid_contact', grade: 'A', plan: 'gold' }),
    ]);

    // Every page of a search, not the one shown.
    await page.selectOption('#search-stage', '');
    await page.selectOption('#search-grade', 'C');
    await find(`many${tag}`);
    await expect.poll(async () => (await resultNames()).length).toBe(50);
    const [many] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const rows = parse(await readFile(await many.path(), 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(55);
    expect(rows.at(-1)).toMatchObject({ first_name: `Many${tag}`, last_name: 'Lead0', grade: 'C' });
    const exported = await test.node.pool.query<{ payload: Record<string, unknown> }>("SELECT payload FROM evidence_log WHERE campaign_id = $1 AND kind = 'leads_exported' ORDER BY id", [campaignId]);
    expect(exported.rows.map((r) => r.payload)).toEqual([
      { by: 'test manager', role: 'manager', campaignId, stage: 'valid_contact', order: 'newest' },
      { by: 'test manager', role: 'manager', campaignId, textSearched: true, grade: 'C', order: 'newest' },
    ]);
    await page.selectOption('#search-grade', '');
    await page.selectOption('#search-campaign', '');
  }, 30_000);

  it('draws the search asked for last, not an earlier one answered late', async () => {
    // The first search's answer comes late, after the second has been asked for and answered.
    await firstAnswerLate(page, '**/api/leads?*');
    try {
      const lateAnswer = page.waitForResponse((response) => response.url().includes(`q=Worked${tag}`), { timeout: 10_000 });
      await find(`Worked${tag}`);
      await find(`Erase${tag}`);
      await expect.poll(resultNames, { timeout: 5_000 }).toEqual([`Eve Erase${tag}`]);
      await lateAnswer;
      // Let the page handle the late answer before checking it changed nothing.
      await page.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 200); }));
      expect(await resultNames()).toEqual([`Eve Erase${tag}`]);
      expect(await page.textContent('#results-summary')).toBe('One lead found.');
    } finally {
      await page.unroute('**/api/leads?*');
    }
  }, 30_000);

  it('keeps a search typed while the page is still filling its form in from the address', async () => {
    const early = await (await browser.newContext({ viewport: { width: 1300, height: 1000 }, locale: 'en-US' })).newPage();
    // The campaigns (which the address's campaign is picked from) answer only when let go.
    const letGo = await holdAnswers(early, '**/api/campaigns');
    await early.goto(`${test.node.url}/leads/?lang=en&campaign=${campaignId}`);
    await early.fill('#token', roleTokens.manager);
    await early.click('#signin-form button[type=submit]');
    await early.waitForSelector('#page:visible');
    const typed = (async () => {
      await early.fill('#search-text', `Worked${tag}`);
      await early.click('#search-form button[type=submit]');
    })();
    // Typed before the campaigns came, or refused until they did.
    await expect.poll(() => early.$eval('#search-text', (input: HTMLInputElement) => input.disabled || input.value !== '')).toBe(true);
    letGo();
    await typed;
    await expect.poll(() => early.$$eval('#results tbody td.name', (cells) => cells.map((c) => c.textContent))).toEqual([`Walt Worked${tag}`]);
    expect(await early.inputValue('#search-text')).toBe(`Worked${tag}`);
    expect(await early.inputValue('#search-campaign')).toBe(campaignId);
    await early.context().close();
  }, 30_000);

  it("erases a person's data at their request: nothing personal left, the number on the global DNC list, and says whose other leads went and whose stayed", async () => {
    // The CRM's copy of Eve in another list, under a new number, and another person on her line.
    const autumn = await createList(test.node.pool, { campaignId, name: 'autumn' });
    const [copy = '', hal = ''] = await insertLeads(test.node.pool, autumn.id, [
      { firstName: 'Eve', lastName: `Erase${tag}`, externalId: `ERASE-${tag}`, phones: [`+1415666${tag.slice(-4)}`] },
      { firstName: 'Hal', lastName: `Housemate${tag}`, phones: [`+1415555${tag.slice(-4)}`] },
    ]);
    await find(`ERASE-${tag}`);
    await expect.poll(resultNames).toEqual([`Eve Erase${tag}`, `Eve Erase${tag}`]);
    await page.click(`#results tr[data-lead="${eve}"]`);
    await expect.poll(() => page.textContent('#lead-name')).toBe(`Eve Erase${tag}`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#erase');
    await expect.poll(() => page.textContent('#erase-saved')).toBe('Erased: 2 numbers on the global do-not-call list, 0 recordings deleted. '
      + '1 other lead of theirs was erased too (under their customer id in this campaign, or on their numbers under their name or none in any campaign). '
      + "1 lead on their numbers was kept as another person's: those numbers are on the do-not-call list all the same.");
    const left = await test.node.pool.query('SELECT id, first_name FROM leads WHERE id = ANY($1) ORDER BY id', [[copy, hal]]);
    expect(left.rows).toEqual([{ id: copy, first_name: null }, { id: hal, first_name: 'Hal' }]);
    expect(await page.textContent('#lead-name')).toBe('Unnamed lead');
    expect(await page.textContent('#lead-status')).toBe('Do not call');
    // A lead on the do-not-call list may come back to the pool, but not an erased one: not offered, and said why.
    expect(await page.isVisible('#return-form')).toBe(false);
    expect(await page.textContent('#return-erased:visible')).toBe("This person's data was erased at their request: the lead is never dialled again, so it cannot return to the dialling pool.");
    expect(await page.textContent('#lead-facts')).not.toContain('eve@example.com');
    const check = await apiCall<{ blocked: boolean; entries: Array<{ scope: string; source: string }> }>(test, 'GET', `/api/dnc/check?phone=${encodeURIComponent(`+1415555${tag.slice(-4)}`)}`);
    expect(check).toMatchObject({ blocked: true, entries: [{ scope: 'global', source: 'erasure' }] });
    // Nothing left to find it by.
    await find(`ERASE-${tag}`);
    await expect.poll(() => page.textContent('#results-summary')).toBe('No lead found.');
  }, 30_000);

  it('opens the search and lead an address names; a supervisor sees last digits and no DNC button', async () => {
    const supervisor = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await supervisor.goto(`${test.node.url}/leads/?lang=en`);
    await supervisor.fill('#token', roleTokens.supervisor);
    await supervisor.click('#signin-form button[type=submit]');
    await supervisor.waitForSelector('#page:visible');
    await supervisor.goto(`${test.node.url}/leads/?lang=en&q=${encodeURIComponent(`ann smythe${tag}`)}&campaign=${campaignId}&lead=${ann}`);
    await expect.poll(() => supervisor.textContent('#lead-name')).toBe(`Ann Smythe${tag}`);
    expect(await supervisor.inputValue('#search-campaign')).toBe(campaignId);
    expect(await supervisor.$$eval('#results tbody td.name', (cells) => cells.map((c) => c.textContent))).toEqual([`Ann Smythe${tag}`]);
    // Supervisors correct leads; erasing and downloading are for managers.
    expect(await supervisor.isVisible('#correct-form')).toBe(true);
    expect(await supervisor.isVisible('#download')).toBe(false);
    expect(await supervisor.textContent('#results tbody td.phones')).toBe(`+*******${tag.slice(-4)}, +*******${tag.slice(-4)}`);
    expect(await supervisor.$$eval('#phones td.phone', (cells) => cells.map((c) => c.textContent))).toEqual([`+*******${tag.slice(-4)}`, `+*******${tag.slice(-4)}`]);
    expect(await supervisor.locator('#phones button').count()).toBe(0);
    expect(await supervisor.isVisible('#dnc-scope')).toBe(false);
    expect(await supervisor.isVisible('#erase-box')).toBe(false);
  }, 30_000);

  it('reads in Simplified Chinese, with no key left untranslated', async () => {
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#search-form button[type=submit]')).toBe('查找');
    expect(await page.textContent('#lead-status')).toBe('免打扰');
    expect(await page.textContent('body')).not.toMatch(/\b(leads|nav|stage|outcome|callbackStatus|lead)\.[a-zA-Z_.]+/);
    await screenshot(page, 'leads-page-zh-CN');
  });
});
