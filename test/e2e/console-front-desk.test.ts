import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { DESKTOP, launchChromium, signIn } from '../support/browser.js';
import { aClinic, CLINIC_ID, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { eventually } from '../support/eventually.js';
import { ALICE, BOB, CAROL } from '../support/patients.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

const OPERATOR = 'operator-token-for-tests-0123456789';
const FRONT_DESK = {
  name: 'Fran Desk',
  email: 'fran@test-clinic.example',
  role: 'front-desk',
  password: 'fran passphrase 2026',
};
const HILLTOP_STAFF = {
  name: 'Hugo Hill',
  email: 'hugo@hilltop.example',
  role: 'manager',
  password: 'hugo passphrase 2026',
};
const HILLTOP_NUMBER = '+15557770002' as PhoneNumber;
/** Mornings and afternoons on weekdays: an afternoon to block. */
const DAY_HOURS = [
  { open: '09:00', close: '12:00' },
  { open: '13:00', close: '17:00' },
];
const WEEKDAYS = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => [day, DAY_HOURS]),
);

/**
 * The front desk at work in a real browser, against a whole server: the week view follows a booking
 * made by SMS, blocked time is refused on every channel, a move reaches the patient, and a staff
 * member sees only their own clinic. One signed-in page is used throughout, as at a desk.
 */
describe('the staff console at the front desk (Chromium)', function () {
  // A browser on a busy machine: axe over a whole page takes seconds there, not a hang.
  this.timeout(120_000);
  let server: TestServer;
  let messenger: RecordingMessenger;
  let browser: Browser;
  let page: Page;
  const operator = { Authorization: `Bearer ${OPERATOR}` };
  const scoped = (path: string, clinicId: string = CLINIC_ID) => `/api/v1/clinics/${clinicId}${path}`;
  const slot = (slotId: string) => page.locator(`[data-slot-id="${slotId}"]`);

  async function book(slotId: string, phoneNumber: PhoneNumber, clinicId: string = CLINIC_ID) {
    await server.request('POST', scoped('/slots/hold', clinicId), { slotId, phoneNumber }, operator);
    const booked = await server.request(
      'POST',
      scoped('/appointments/confirm', clinicId),
      { slotId, phoneNumber },
      operator,
    );
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    return booked.body.appointmentId as string;
  }
  async function text(from: PhoneNumber, body: string) {
    const response = await fetch(`${server.url}/api/v1/sms/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        MessageSid: `SM${Date.now()}${Math.random()}`,
        From: from,
        To: CLINIC_NUMBER,
        Body: body,
      }),
    });
    expect(response.status).to.equal(200);
    return response.text();
  }
  const statusOf = async (slotId: string) =>
    (await server.request('GET', scoped(`/slots?date=${slotId.slice(0, 10)}`), undefined, operator)).body.slots.find(
      (listed: { slotId: string }) => listed.slotId === slotId,
    )?.status;
  const messagesTo = (patient: PhoneNumber) =>
    messenger.sent.filter(({ to }) => to === patient).map(({ body }) => body);

  before(async () => {
    messenger = new RecordingMessenger();
    server = await startTestServer({
      apiToken: OPERATOR,
      twilio: UNSIGNED_LOCAL_WEBHOOKS,
      clinic: aClinic({ weeklyHours: WEEKDAYS, numbers: [CLINIC_NUMBER] }),
      messenger,
      outboxPollMs: 50,
    });
    const hilltop = {
      ...aClinic({ weeklyHours: WEEKDAYS }),
      id: 'hilltop',
      name: 'Hilltop Clinic',
      numbers: [HILLTOP_NUMBER],
    };
    const { providers: _, ...document } = hilltop;
    expect((await server.request('PUT', '/api/v1/admin/clinics/hilltop', document, operator)).status).to.equal(201);
    expect((await server.request('POST', scoped('/staff'), FRONT_DESK, operator)).status).to.equal(201);
    expect((await server.request('POST', scoped('/staff', 'hilltop'), HILLTOP_STAFF, operator)).status).to.equal(201);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, having said why a wrong password was refused', async () => {
    await page.goto(`${server.url}/console`);
    await page.getByLabel('Email').fill(FRONT_DESK.email);
    await page.getByLabel('Password').fill('not the passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectAlert(page, /./);
    await signIn(page, server.url, FRONT_DESK.email, FRONT_DESK.password);
    expect(await page.getByText(FRONT_DESK.name).isVisible()).to.equal(true);
  });

  it('shows a booking made by SMS in the open week view, live, without a reload', async () => {
    await page.goto(`${server.url}/console#/week/2026-03-02`);
    await page.getByText('Live', { exact: true }).waitFor();
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    await expectClass(slot('2026-03-03T1000'), 'available');

    await text(ALICE, 'can I book tomorrow at 10am?');
    await expectClass(slot('2026-03-03T1000'), 'held');
    await text(ALICE, 'yes');
    await expectClass(slot('2026-03-03T1000'), 'booked');
    expect(await slot('2026-03-03T1000').textContent()).to.include('•••• 0001, sms');
    expect(await page.evaluate(() => 'stillTheSamePage' in window)).to.equal(true);
  });

  it("opens the patient's page from their booked slot: appointments, conversation, texts allowed", async () => {
    await slot('2026-03-03T1000').click();
    await page.getByRole('link', { name: 'Patient page' }).click();
    await page.getByRole('heading', { name: ALICE }).waitFor();
    // Each part of the page fills in as its answer arrives: wait for what it must show.
    await page.getByRole('region', { name: 'Appointments' }).getByText('Tue, Mar 3 10:00').waitFor();
    await page.getByRole('region', { name: 'Recent conversation' }).getByText('can I book tomorrow at 10am?').waitFor();
    expect(await page.getByText('Receives texts.').isVisible()).to.equal(true);
  });

  it('lists who waits for a call back, and takes them off once resolved', async () => {
    await server.request('POST', scoped('/chat'), { phoneNumber: CAROL, message: 'I have chest pains' }, operator);
    await page.goto(`${server.url}/console#/callbacks`);
    await page.getByRole('cell', { name: 'urgent medical concern' }).waitFor();
    await page.getByRole('button', { name: `Resolve ${CAROL}` }).click();
    await page.getByText('No one is waiting for a call back.').waitFor();
    expect((await server.request('GET', scoped('/staff-callbacks'), undefined, operator)).body.callbacks).to.deep.equal(
      [],
    );
  });

  it('blocks an afternoon, which a hold over REST and the chat receptionist then refuse', async () => {
    await page.goto(`${server.url}/console#/day/2026-03-04`);
    await slot('2026-03-04T1400').click();
    await page.getByLabel('Reason (optional)').fill('Staff training');
    await page.getByRole('button', { name: 'Block the afternoon' }).click();
    await expectClass(slot('2026-03-04T1400'), 'blocked');
    await expectClass(slot('2026-03-04T1630'), 'blocked');
    await expectClass(slot('2026-03-04T1130'), 'available');
    expect(await slot('2026-03-04T1400').textContent()).to.include('Staff training');

    const hold = await server.request(
      'POST',
      scoped('/slots/hold'),
      { slotId: '2026-03-04T1400', phoneNumber: BOB },
      operator,
    );
    expect(hold.status).to.equal(409);
    const reply = (
      await server.request(
        'POST',
        scoped('/chat'),
        { phoneNumber: BOB, message: 'can I book wednesday at 2pm?' },
        operator,
      )
    ).body.reply;
    // Nothing held for Bob, so no booking to confirm: other times are offered instead.
    expect(reply).not.to.match(/\bYES\b/);
    expect(await statusOf('2026-03-04T1400')).to.equal('BLOCKED');
  });

  it("names the appointments in a block's way, and cancels them, notifying the patients, when asked", async () => {
    await book('2026-03-06T0900', BOB);
    await page.goto(`${server.url}/console#/day/2026-03-06`);
    await expectClass(slot('2026-03-06T0900'), 'booked');
    await slot('2026-03-06T0930').click();
    await page.getByRole('button', { name: 'Block the whole day' }).click();
    await page.getByText('These appointments must be moved or cancelled first').waitFor();
    expect(await page.locator('.in-the-way li').allInnerTexts()).to.deep.equal(['Fri, Mar 6 09:00–09:30, •••• 0002']);
    await page.getByRole('button', { name: 'Cancel them and notify the patients' }).click();
    await expectClass(slot('2026-03-06T0900'), 'blocked');
    await eventually(() => messagesTo(BOB).some((body) => /cancelled/.test(body)), "Bob's cancellation to be sent");
  });

  it('moves an appointment for a caller, and the patient is texted the new time', async () => {
    await book('2026-03-05T0900', CAROL);
    await page.goto(`${server.url}/console#/day/2026-03-05`);
    await slot('2026-03-05T0900').click();
    await page.getByLabel('New time').selectOption({ label: 'Thu, Mar 5 10:00–10:30' });
    await page.getByRole('button', { name: 'Move appointment' }).click();
    await expectClass(slot('2026-03-05T1000'), 'booked');
    await expectClass(slot('2026-03-05T0900'), 'available');
    await eventually(
      () => messagesTo(CAROL).some((body) => body.includes('has moved to Thursday 5 March at 10:00')),
      "Carol's move to be sent",
    );
  });

  it('books for a caller from a free slot', async () => {
    await page.goto(`${server.url}/console#/day/2026-03-05`);
    await slot('2026-03-05T1100').click();
    await page.getByLabel("Patient's phone number").fill('+1 555 000 0003');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await expectClass(slot('2026-03-05T1100'), 'booked');
    expect(await page.getByRole('status').allInnerTexts()).to.include('Booked Thu, Mar 5 11:00–11:30 for •••• 0003.');
  });

  it("shows a staff member nothing of another clinic's", async () => {
    await book('2026-03-02T0900', BOB, 'hilltop');
    await page.goto(`${server.url}/console#/day/2026-03-02`);
    await expectClass(slot('2026-03-02T0900'), 'available');
    const elsewhere = await page.evaluate(async () => {
      const response = await fetch('/api/v1/clinics/hilltop/appointments?date=2026-03-02');
      return { status: response.status, code: (await response.json()).error.code };
    });
    expect(elsewhere).to.deep.equal({ status: 404, code: 'CLINIC_NOT_FOUND' });
  });

  it('signs out, and the session it had is refused afterwards', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    const session = await page.evaluate(async () => (await fetch('/api/v1/console/session')).status);
    expect(session).to.equal(401);
  });
});

async function expectAlert(page: Page, text: RegExp) {
  const alert = page.getByRole('alert');
  await alert.filter({ hasText: text }).waitFor();
}

/** Waits for a slot to show a status: live changes arrive when the server sends them. */
async function expectClass(locator: ReturnType<Page['locator']>, status: string) {
  await locator.and(locator.page().locator(`.${status}`)).waitFor({ timeout: 5_000 });
}
