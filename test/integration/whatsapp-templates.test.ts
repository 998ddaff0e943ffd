import { expect } from 'chai';
import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { InMemoryOptOuts } from '../../src/adapters/memory/in-memory-opt-outs.js';
import { InMemoryPatientProfiles } from '../../src/adapters/memory/in-memory-patient-profiles.js';
import { AsyncLogContext } from '../../src/adapters/system/async-log-context.js';
import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { TwilioMessenger } from '../../src/adapters/twilio/twilio-messenger.js';
import { BookingUseCases } from '../../src/application/booking-use-cases.js';
import { DispatchNotifications } from '../../src/application/dispatch-notifications.js';
import { PatientLanguages } from '../../src/application/patient-languages.js';
import { PublishSlots } from '../../src/application/publish-slots.js';
import { WhatsappWindows } from '../../src/application/whatsapp-windows.js';
import type { Clinic } from '../../src/domain/clinic.js';
import { maskPhoneNumber } from '../../src/domain/phone-number.js';
import type { SlotId } from '../../src/domain/slot.js';
import type { BookingStore } from '../../src/ports/booking-store.js';
import { DEFAULT_PATIENT_LIMITS } from '../support/booking-use-cases.js';
import { aClinic, CLINIC_NUMBER, CLINIC_WHATSAPP_NUMBER } from '../support/clinic-builder.js';
import { eventually } from '../support/eventually.js';
import { FakeTwilioRest } from '../support/fake-twilio-rest.js';
import { FixedClock } from '../support/fixed-clock.js';
import { PACKS } from '../support/language-packs.js';
import { metricsFor } from '../support/metrics.js';
import { ALICE } from '../support/patients.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { startTestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';
import { MONDAY_8AM } from '../support/times.js';

const ACCOUNT_SID = `AC${'c'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const BOOKED_ES = 'HX0000000000000000000000000000e5e5';
const BOOKED_EN = 'HX00000000000000000000000000000e00';
const REMINDER_ES = 'HX00000000000000000000000000005e5e';
const TUESDAY_10 = '2026-03-03T1000' as SlotId;
const HOUR = 3_600_000;

/**
 * Texts the clinic starts on WhatsApp, from the outbox through the real Twilio SDK to a fake of
 * Twilio's Messages API: as written inside the patient's 24-hour window, as the clinic's approved
 * template in the patient's language outside it, and not at all when there is no such template.
 */
describe('WhatsApp texts outside the 24-hour window', () => {
  let fake: FakeTwilioRest;
  let clock: FixedClock;
  let store: BookingStore;
  let logger: RecordingLogger;
  let profiles: InMemoryPatientProfiles;

  beforeEach(async () => {
    fake = await FakeTwilioRest.start(ACCOUNT_SID, { username: ACCOUNT_SID, password: AUTH_TOKEN });
    clock = new FixedClock(MONDAY_8AM);
    store = new InMemoryBookingStore();
    logger = new RecordingLogger();
    profiles = new InMemoryPatientProfiles();
  });
  afterEach(() => fake.close());

  /** A Spanish-speaking patient books by WhatsApp at `clinic`; the outbox then sends what it owes her. */
  async function bookAndDispatch(clinic: Clinic, lastWhatsappMessageAt?: number) {
    const languages = new PatientLanguages(profiles, clinic, PACKS);
    await profiles.update(ALICE, { language: 'es', lastWhatsappMessageAt });
    await new PublishSlots(store, clock, clinic).execute();
    const useCases = new BookingUseCases(
      store,
      clock,
      new RandomIdGenerator(),
      clinic,
      { channel: 'whatsapp', reminderLeadMs: 24 * HOUR },
      DEFAULT_PATIENT_LIMITS,
      metricsFor(store, clock),
      languages,
    );
    expect((await useCases.holdSlot.execute(TUESDAY_10, ALICE)).ok).to.equal(true);
    // Booked for her by staff: a booking in her own WhatsApp messages is confirmed by their reply instead.
    const booked = await useCases.confirmAppointment.execute(TUESDAY_10, ALICE, 'api');
    if (!booked.ok) throw new Error(booked.error.code);
    const [confirmation] = await store.dueNotifications(clock.now(), 10);
    const messenger = new TwilioMessenger(
      {
        accountSid: ACCOUNT_SID,
        credentials: { authToken: AUTH_TOKEN },
        fromNumber: CLINIC_NUMBER,
        whatsappFrom: CLINIC_WHATSAPP_NUMBER,
      },
      { httpClient: fake.httpClient() },
    );
    const report = await new DispatchNotifications(
      store,
      messenger,
      new InMemoryOptOuts(),
      clock,
      logger,
      new AsyncLogContext(),
      new WhatsappWindows(profiles, clinic, languages),
    ).execute();
    return {
      report,
      appointmentId: booked.value.appointmentId,
      confirmation: (await store.notification(confirmation!.notificationId))!,
    };
  }

  /** A clinic in English and Spanish whose locale writes times on the 24-hour clock in either. */
  const offering = (whatsappTemplates: Clinic['whatsappTemplates']) =>
    aClinic({ locale: 'en-GB', languages: ['en', 'es'], whatsappTemplates });

  it('sends the text as written while the patient wrote on WhatsApp less than 24 hours ago', async () => {
    const clinic = offering({ booked: { es: BOOKED_ES } });
    const { report, appointmentId } = await bookAndDispatch(clinic, clock.now() - 23 * HOUR);
    expect(report).to.deep.equal({ sent: 1, retrying: 0, failed: 0, skipped: 0 });
    expect(fake.accepted.map(({ form }) => form)).to.deep.equal([
      {
        To: `whatsapp:${ALICE}`,
        From: `whatsapp:${CLINIC_WHATSAPP_NUMBER}`,
        Body: `Test Clinic: su cita está reservada para el martes 3 de marzo a las 10:00. Ref. ${appointmentId}. Responda a este mensaje para cambiarla o anularla.`,
      },
    ]);
  });

  it("sends the clinic's template in the patient's language, with its variables, once the window has closed", async () => {
    const clinic = offering({ booked: { en: BOOKED_EN, es: BOOKED_ES } });
    const { report, appointmentId, confirmation } = await bookAndDispatch(clinic, clock.now() - 25 * HOUR);
    expect(report).to.deep.equal({ sent: 1, retrying: 0, failed: 0, skipped: 0 });
    expect(fake.accepted.map(({ form }) => form)).to.deep.equal([
      {
        To: `whatsapp:${ALICE}`,
        From: `whatsapp:${CLINIC_WHATSAPP_NUMBER}`,
        ContentSid: BOOKED_ES,
        ContentVariables: JSON.stringify({
          '1': 'Test Clinic',
          '2': 'martes 3 de marzo a las 10:00',
          '3': appointmentId,
        }),
      },
    ]);
    expect(confirmation).to.include({ status: 'SENT', providerId: fake.accepted[0]!.sid });
    expect(logger.withMessage('notification sent')[0]!.fields).to.include({ template: BOOKED_ES });
  });

  it('sends the template to a patient who has never written on WhatsApp', async () => {
    const { report } = await bookAndDispatch(offering({ booked: { es: BOOKED_ES } }));
    expect(report.sent).to.equal(1);
    expect(fake.accepted.map(({ form }) => form.ContentSid)).to.deep.equal([BOOKED_ES]);
  });

  it('sends nothing WhatsApp would refuse without a template for the kind and language: failed, with the reason, not retried', async () => {
    const { report, confirmation } = await bookAndDispatch(offering({ booked: { en: BOOKED_EN } }), 0);
    expect(report).to.deep.equal({ sent: 0, retrying: 0, failed: 1, skipped: 0 });
    expect(fake.requests).to.deep.equal([]);
    expect(confirmation).to.include({
      status: 'FAILED',
      attempts: 1,
      lastError: "outside WhatsApp's 24-hour window and no booked template in es",
    });
    const [line] = logger.withMessage('notification not sent: WhatsApp needs a template');
    expect(line).to.deep.include({ level: 'warn' });
    expect(line!.fields).to.include({
      kind: 'BOOKED',
      to: maskPhoneNumber(ALICE),
      reason: "outside WhatsApp's 24-hour window and no booked template in es",
    });
    expect(JSON.stringify(logger.lines)).to.not.include(ALICE);
    clock.advance(HOUR);
    expect(await store.dueNotifications(clock.now(), 10)).to.deep.equal([]);
  });

  it('reminds a patient who booked on WhatsApp two days before by the Spanish template, and tells of a cancellation she has just asked for as written', async () => {
    const clinic = aClinic({
      name: 'Sol Clinic',
      locale: 'en-GB',
      languages: ['en', 'es'],
      numbers: [CLINIC_NUMBER],
      weeklyHours: { thursday: [{ open: '14:00', close: '17:00' }] },
      whatsappTemplates: { reminder: { es: REMINDER_ES } },
    });
    const messenger = new TwilioMessenger(
      {
        accountSid: ACCOUNT_SID,
        credentials: { authToken: AUTH_TOKEN },
        fromNumber: CLINIC_NUMBER,
        whatsappFrom: CLINIC_WHATSAPP_NUMBER,
      },
      { httpClient: fake.httpClient() },
    );
    const server = await startTestServer({ clinic, messenger, twilio: UNSIGNED_LOCAL_WEBHOOKS, outboxPollMs: 20 });
    try {
      let sids = 0;
      const whatsapp = async (Body: string) => {
        const MessageSid = `SM${String(++sids).padStart(32, '0')}`;
        const fields = { MessageSid, From: `whatsapp:${ALICE}`, To: `whatsapp:${CLINIC_NUMBER}`, Body };
        const response = await fetch(`${server.url}/api/v1/sms/webhook`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        });
        return response.text();
      };
      expect(await whatsapp('quiero una cita el jueves por la tarde')).to.match(/jueves,? 5 de marzo/);
      await whatsapp('la primera');
      expect(await whatsapp('sí')).to.match(/^[\s\S]*Cita confirmada: el jueves,? 5 de marzo a las 14:00/);
      const { body } = await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`);
      const sent = () => fake.accepted.map(({ form }) => form);

      // Two days after her last message, WhatsApp takes only a template.
      server.clock.set('2026-03-04T14:00:00-05:00');
      await eventually(() => sent().length === 1, 'the reminder');
      expect(sent()[0]).to.deep.equal({
        To: `whatsapp:${ALICE}`,
        From: `whatsapp:${CLINIC_WHATSAPP_NUMBER}`,
        ContentSid: REMINDER_ES,
        ContentVariables: JSON.stringify({
          '1': 'Sol Clinic',
          '2': 'jueves 5 de marzo a las 14:00',
          '3': body.appointments[0].appointmentId,
        }),
      });

      // Her messages open the window again: the cancellation goes as written.
      server.clock.set('2026-03-04T15:00:00-05:00');
      await whatsapp('quiero cancelar mi cita');
      expect(await whatsapp('sí')).to.include('Cancelada');
      await eventually(() => sent().length === 2, 'the cancellation');
      expect(sent()[1]).to.deep.equal({
        To: `whatsapp:${ALICE}`,
        From: `whatsapp:${CLINIC_WHATSAPP_NUMBER}`,
        Body: 'Sol Clinic: su cita del jueves 5 de marzo a las 14:00 está anulada.',
      });
    } finally {
      await server.close();
    }
  });
});
