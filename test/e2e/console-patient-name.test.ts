import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchChromium, signIn } from '../support/browser.js';
import { aClinic, CLINIC_ID, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { ALICE } from '../support/patients.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

const OPERATOR = { Authorization: 'Bearer operator-token-for-tests-0123456789' };
const FRONT_DESK = {
  name: 'Fran Desk',
  email: 'fran@test-clinic.example',
  role: 'front-desk',
  password: 'fran passphrase 2026',
};

/**
 * The patient's name in a real browser: given by SMS while booking, it shows on the booked slot as
 * the first name beside the masked number, and staff correct it on the patient's page.
 */
describe("the patient's name in the staff console (Chromium)", function () {
  this.timeout(120_000);
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const slot = (slotId: string) => page.locator(`[data-slot-id="${slotId}"]`);

  async function text(body: string) {
    const response = await fetch(`${server.url}/api/v1/sms/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        MessageSid: `SM${Date.now()}${Math.random()}`,
        From: ALICE,
        To: CLINIC_NUMBER,
        Body: body,
      }),
    });
    expect(response.status).to.equal(200);
  }

  before(async () => {
    server = await startTestServer({
      apiToken: OPERATOR.Authorization.slice(7),
      twilio: UNSIGNED_LOCAL_WEBHOOKS,
      clinic: aClinic({ numbers: [CLINIC_NUMBER] }),
    });
    expect((await server.request('POST', `/api/v1/clinics/${CLINIC_ID}/staff`, FRONT_DESK, OPERATOR)).status).to.equal(
      201,
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP });
    await signIn(page, server.url, FRONT_DESK.email, FRONT_DESK.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the first name the patient gave by SMS on their booked slot, never the full name', async () => {
    await text('can I book tomorrow at 10am?');
    await text('yes, Ana Ruiz');
    await page.goto(`${server.url}/console#/week/2026-03-02`);
    await page.getByText('Ana •••• 0001, sms').waitFor();
    const shown = await slot('2026-03-03T1000').textContent();
    expect(shown).to.include('Ana •••• 0001, sms').and.not.include('Ruiz');
  });

  it("lets staff correct the name on the patient's page, and the slot shows the new one", async () => {
    await slot('2026-03-03T1000').click();
    await page.getByRole('link', { name: 'Patient page' }).click();
    await page.getByRole('heading', { name: `Ana Ruiz, ${ALICE}` }).waitFor();
    expect(await page.getByLabel('Name').inputValue()).to.equal('Ana Ruiz');

    await page.getByLabel('Name').fill('Annie Ruiz');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('heading', { name: `Annie Ruiz, ${ALICE}` }).waitFor();
    expect(await page.getByRole('status').allInnerTexts()).to.include('Name saved.');

    await page.goto(`${server.url}/console#/week/2026-03-02`);
    await page.getByText('Annie •••• 0001, sms').waitFor();
  });
});
