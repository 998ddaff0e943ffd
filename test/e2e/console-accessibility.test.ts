import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import {
  DESKTOP,
  launchChromium,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
} from '../support/browser.js';
import { aClinic, aProvider, CLINIC_ID } from '../support/clinic-builder.js';
import { ALICE, BOB } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const OPERATOR = 'operator-token-for-tests-0123456789';
const MANAGER = {
  name: 'Maya Manager',
  email: 'maya@clinic.example',
  role: 'manager',
  password: 'a long manager passphrase',
};

/**
 * Every page of the console, on a desktop screen and on a 375 px phone, has no serious or critical
 * finding of axe-core, with something on it to check: bookings, a hold, a patient's conversation, a
 * callback request, figures in the charts.
 */
describe('the staff console is accessible (Chromium, axe-core)', function () {
  // A browser on a busy machine: axe over a whole page takes seconds there, not a hang.
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const operator = { Authorization: `Bearer ${OPERATOR}` };
  const scoped = (path: string) => `/api/v1/clinics/${CLINIC_ID}${path}`;

  before(async () => {
    server = await startTestServer({
      apiToken: OPERATOR,
      clinic: aClinic({ providers: [aProvider('dr-lee'), aProvider('dr-patel')] }),
    });
    expect((await server.request('POST', scoped('/staff'), MANAGER, operator)).status).to.equal(201);
    for (const [slotId, phoneNumber] of [
      ['2026-03-02T0900-dr-lee', ALICE],
      ['2026-03-03T1000-dr-patel', BOB],
    ] as const) {
      await server.request('POST', scoped('/slots/hold'), { slotId, phoneNumber }, operator);
      expect(
        (await server.request('POST', scoped('/appointments/confirm'), { slotId, phoneNumber }, operator)).status,
      ).to.equal(201);
    }
    await server.request(
      'POST',
      scoped('/slots/hold'),
      { slotId: '2026-03-02T1000-dr-lee', phoneNumber: BOB },
      operator,
    );
    await server.request(
      'POST',
      scoped('/chat'),
      { phoneNumber: ALICE, message: 'Is it normal to have a fever after a flu shot?' },
      operator,
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const PAGES: [string, string, string][] = [
    ['day', '#/day/2026-03-02', '.slot'],
    ['week', '#/week/2026-03-02', '.slot'],
    ['patient', `#/patient/${encodeURIComponent(ALICE)}`, 'text=Recent conversation'],
    ['callbacks', '#/callbacks', 'text=Resolve'],
    ['charts', '#/charts/2026-03-06', 'figure'],
  ];

  it('finds a serious violation where there is one, so the checks below check something', async () => {
    await page.setContent('<main><img src="data:,"><button></button></main>');
    const found = await seriousAccessibilityViolations(page, 'a broken page (expected)');
    const rules = found.map((line) => /: (?:serious|critical) ([\w-]+) /.exec(line)?.[1]);
    expect(rules).to.include.members(['image-alt', 'button-name']);
  });

  it('has no serious finding on the sign-in page', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      await page.goto(`${server.url}/console`);
      await page.getByLabel('Email').waitFor();
      expect(await seriousAccessibilityViolations(page, `sign-in at ${viewport.width} px`)).to.deep.equal([]);
    }
  });

  it('charts the bookings by channel, with the same figures as a table for screen readers', async () => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, server.url, MANAGER.email, MANAGER.password);
    await page.goto(`${server.url}/console#/charts/2026-03-06`);
    const table = page.getByRole('table', { name: 'Bookings per day by channel' });
    // The figures come from /stats after the page shows: read the table once they are in it.
    await table.locator('tr:has(th:text-is("2026-03-02"))').waitFor();
    const headers = await table.locator('thead th').allTextContents();
    const row = async (date: string) =>
      Object.fromEntries(
        (await table.locator(`tr:has(th:text-is("${date}")) td`).allTextContents()).map((figure, i) => [
          headers[i + 1],
          figure,
        ]),
      );
    expect(headers).to.deep.equal(['Day', 'sms', 'whatsapp', 'voice', 'chat', 'api', 'console']);
    // Both appointments were made over REST on Monday, the server's today.
    expect(await row('2026-03-02')).to.deep.equal({
      sms: '0',
      whatsapp: '0',
      voice: '0',
      chat: '0',
      api: '2',
      console: '0',
    });
    expect(await row('2026-03-01')).to.deep.include({ api: '0' });
    // The bars: one rectangle, Monday's, of one channel.
    expect(await page.locator('figure').first().locator('svg.bars rect').count()).to.equal(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
  });

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)
    it(`has no serious finding on any page on a ${name} screen, and pictures its day and week views`, async () => {
      await page.setViewportSize(viewport);
      await signIn(page, server.url, MANAGER.email, MANAGER.password);
      const found: string[] = [];
      for (const [view, hash, shown] of PAGES) {
        await page.goto(`${server.url}/console${hash}`);
        await page.locator(shown).first().waitFor();
        found.push(...(await seriousAccessibilityViolations(page, `${view} at ${viewport.width} px`)));
        if (view === 'day' || view === 'week') await screenshot(page, `${view}-${name}`);
      }
      // With a slot chosen, its panel of actions is on the page too.
      await page.goto(`${server.url}/console#/day/2026-03-02`);
      await page.locator('[data-slot-id="2026-03-02T0900-dr-lee"]').click();
      await page.getByRole('heading', { name: /09:00/ }).waitFor();
      found.push(...(await seriousAccessibilityViolations(page, `day with a slot chosen at ${viewport.width} px`)));
      expect(found).to.deep.equal([]);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Email').waitFor();
    });
});
